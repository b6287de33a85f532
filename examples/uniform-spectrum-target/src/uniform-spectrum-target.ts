import {
  haarOrthogonal,
  ParameterError,
  type ParameterSpec,
  type Rng,
  resolveParameters,
  type Target,
  type TargetModel,
} from '@attention-hd/core';
import { uniformSpectrumLaw } from './uniform-spectrum-law.js';

const parameters: readonly ParameterSpec[] = [
  { name: 'lo', kind: 'number', description: 'lower end of the spectrum', default: 0, range: { min: 0 } },
  {
    name: 'hi',
    kind: 'number',
    description: 'upper end of the spectrum (default √3: Q₀ = 1)',
    default: Math.sqrt(3),
    range: { min: 0, minExclusive: true },
  },
];

/**
 * S₀ = O diag(s) Oᵀ with s_i = lo + (hi − lo)(i − ½)/d (the quantiles of the uniform law) and O Haar.
 * Everything it needs comes from @attention-hd/core's public API.
 */
export class UniformSpectrumTarget implements Target {
  readonly id = 'uniform-spectrum';
  readonly description = 'example plugin: PSD target with a uniform spectrum on [lo, hi] (Haar basis)';
  readonly parameters = parameters;

  create(values: Readonly<Record<string, unknown>> = {}): TargetModel {
    const resolved = resolveParameters(parameters, values, 'target uniform-spectrum');
    const lo = resolved.lo as number;
    const hi = resolved.hi as number;
    if (!(hi > lo)) throw new ParameterError('hi', hi, `a number > lo = ${lo}`);
    const law = uniformSpectrumLaw(lo, hi);
    return {
      targetId: this.id,
      parameters: resolved,
      label: `uniform spectrum on [${lo}, ${Number(hi.toFixed(4))}]`,
      finiteDimensional: false,
      spectralLaw: () => law,
      q0: () => law.moment(2),
      sample(d: number, rng: Rng) {
        const o = haarOrthogonal(d, rng);
        const F = new Float64Array(d * d);
        for (let i = 0; i < d; i++) {
          for (let k = 0; k < d; k++) F[i * d + k] = o[i * d + k] * Math.sqrt(lo + ((hi - lo) * (k + 0.5)) / d);
        }
        const S = new Float64Array(d * d);
        for (let i = 0; i < d; i++) {
          for (let j = 0; j <= i; j++) {
            let s = 0;
            for (let k = 0; k < d; k++) s += F[i * d + k] * F[j * d + k];
            S[i * d + j] = s;
            S[j * d + i] = s;
          }
        }
        return { d, S, factor: { F, rank: d } };
      },
    };
  }
}
