import type { AdamSettings } from '@attention-hd/core';
import { requireNumber } from '@attention-hd/core';

/** PyTorch's defaults except the learning rate (the paper's 0.1); stated here, not inherited from a library. */
export const defaultAdamSettings: AdamSettings = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export function validateAdamSettings(settings: AdamSettings): AdamSettings {
  requireNumber('lr', settings.learningRate, { min: 0, minExclusive: true });
  requireNumber('beta1', settings.beta1, { min: 0, max: 1, maxExclusive: true });
  requireNumber('beta2', settings.beta2, { min: 0, max: 1, maxExclusive: true });
  requireNumber('adam-epsilon', settings.epsilon, { min: 0, minExclusive: true });
  return settings;
}

/**
 * Adam (Kingma & Ba) exactly as torch.optim.Adam without weight decay or amsgrad, in float64:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
 */
export class Adam {
  readonly #m: Float64Array;
  readonly #v: Float64Array;
  #t = 0;

  constructor(
    size: number,
    readonly settings: AdamSettings,
  ) {
    validateAdamSettings(settings);
    this.#m = new Float64Array(size);
    this.#v = new Float64Array(size);
  }

  get steps(): number {
    return this.#t;
  }

  step(theta: Float64Array, gradient: Float64Array): void {
    const { learningRate, beta1, beta2, epsilon } = this.settings;
    this.#t++;
    const correction1 = 1 - beta1 ** this.#t;
    const sqrtCorrection2 = Math.sqrt(1 - beta2 ** this.#t);
    const stepSize = learningRate / correction1;
    const m = this.#m;
    const v = this.#v;
    for (let i = 0; i < theta.length; i++) {
      const g = gradient[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      theta[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtCorrection2 + epsilon);
    }
  }
}
