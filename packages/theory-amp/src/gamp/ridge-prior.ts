import type { GampPrior } from './gamp-prior.js';

/**
 * The ERM prior of the direct parameterization (docs/theory.md §3.14): the proximal map of the
 * penalty d λ̃ ‖S‖²_F (the trainer's), η(R) = R/(1 + 2Σ_r d λ̃), whose divergence is
 * d(d + 1)/2 /(1 + 2Σ_r d λ̃).
 */
export class RidgePrior implements GampPrior {
  readonly description: string;

  constructor(
    readonly lambdaTilde: number,
    readonly d: number,
  ) {
    this.description = `ridge (Frobenius penalty dλ̃‖S‖²), λ̃ = ${lambdaTilde}`;
  }

  #shrink = 1;

  denoise(R: Float64Array, sigmaR: number, out: Float64Array): number {
    const shrink = 1 / (1 + 2 * sigmaR * this.d * this.lambdaTilde);
    this.#shrink = shrink;
    for (let i = 0; i < R.length; i++) out[i] = shrink * R[i];
    return ((this.d * (this.d + 1)) / 2) * shrink;
  }

  jacobianSquared(): number {
    return ((this.d * (this.d + 1)) / 2) * this.#shrink ** 2;
  }
}
