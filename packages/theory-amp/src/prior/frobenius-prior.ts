import type { Hats, PriorSide, PriorUpdate } from './prior-side.js';

/**
 * How λ̃ enters the direct (Frobenius) SE: Ŝ = m̂/(Σ̂ + cλ̃)·(S₀ + δZ) (docs/theory.md §3.10).
 * - 'simulation' (c = 4): the penalty dλ̃‖S‖²_F of the trainer and the paper's `GD_L2_symm.py`
 *   (per eigenvalue, λ̃s² next to (Σ̂/4)s²). The CLI and the trainer use this one.
 * - 'stored-theory' (c = 2): what the authors' stored SE_L2 data fit (their `lreg` is twice the
 *   simulation's λ, checked numerically in docs/theory.md §3.10).
 * Cross-validated optima over λ̃ do not depend on the choice.
 */
export type FrobeniusConvention = 'simulation' | 'stored-theory';

export const frobeniusFactor = (convention: FrobeniusConvention): number => (convention === 'simulation' ? 4 : 2);

/**
 * The direct parameterization's prior side: the linear (ridge) denoiser over all symmetric
 * matrices, Σ = 1/(Σ̂ + cλ̃), m = m̂Q₀/(Σ̂ + cλ̃), q = (m̂²Q₀ + q̂)/(Σ̂ + cλ̃)², free-energy term
 * (m̂²Q₀ + q̂)/(4(Σ̂ + cλ̃)). Ŝ is full rank.
 */
export class FrobeniusPrior implements PriorSide {
  readonly #c: number;

  constructor(
    private readonly q0: number,
    private readonly lambdaTilde: number,
    convention: FrobeniusConvention = 'simulation',
  ) {
    this.#c = frobeniusFactor(convention);
  }

  update({ qHat, mHat, sigmaHat }: Hats): PriorUpdate {
    const denominator = sigmaHat + this.#c * this.lambdaTilde;
    const signal = mHat * mHat * this.q0 + qHat;
    return {
      q: signal / (denominator * denominator),
      m: (mHat * this.q0) / denominator,
      sigma: 1 / denominator,
      delta: Math.sqrt(qHat) / mHat,
      epsilon: 0,
      eta: mHat / denominator,
      freeEnergy: signal / (4 * denominator),
      rankFraction: 1,
      unconstrainedRankFraction: 1,
      truncated: false,
    };
  }
}
