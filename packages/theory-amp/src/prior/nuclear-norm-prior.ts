import type { FreeConvolution, SpectralLaw } from '@attention-hd/core';
import type { Hats, PriorSide, PriorUpdate } from './prior-side.js';

/**
 * The factorized (tied W, weight decay = nuclear norm on PSD S) prior side (docs/theory.md §3.4): the
 * spectral soft threshold Ŝ = η ReLU(S₀ + δZ − ε) with δ = √q̂/m̂, ε = 2λ̃/m̂, η = m̂/Σ̂, and
 *   q = η² J,  m = η [J − (δ/2)∂_δJ − (ε/2)∂_εJ],  Σ = ∂_tJ/Σ̂,
 * all from the J-integrals of μ_δ = μ₀ ⊞ SC(δ²). When the student width κ is below the rank
 * fraction 1 − F_δ(ε), only the top κd eigenvalues are kept (docs/theory.md §3.6): the integrals start at
 * y₀ = F_δ⁻¹(1 − κ) instead of ε (the shift stays ε).
 */
export class NuclearNormPrior implements PriorSide {
  constructor(
    private readonly freeConvolution: FreeConvolution,
    private readonly law: SpectralLaw,
    private readonly lambdaTilde: number,
    private readonly kappa: number,
  ) {}

  update({ qHat, mHat, sigmaHat }: Hats): PriorUpdate {
    const delta = Math.sqrt(qHat) / mHat;
    const epsilon = (2 * this.lambdaTilde) / mHat;
    const eta = mHat / sigmaHat;
    const convolution = this.freeConvolution.convolveWithSemicircle(this.law, delta);
    let integrals = convolution.denoiserIntegrals(epsilon);
    const unconstrainedRankFraction = integrals.rankFraction;
    let truncated = false;
    // κ = 1 never truncates (a rank fraction of 1 + rounding must not ask for the 0-quantile)
    if (this.kappa < 1 && unconstrainedRankFraction > this.kappa) {
      integrals = convolution.denoiserIntegrals(epsilon, { cutoff: convolution.quantile(1 - this.kappa) });
      truncated = true;
    }
    return {
      q: eta * eta * integrals.J,
      m: eta * integrals.overlap,
      sigma: integrals.dJdT / sigmaHat,
      delta,
      epsilon,
      eta,
      freeEnergy: ((mHat * mHat) / (4 * sigmaHat)) * integrals.J,
      rankFraction: integrals.rankFraction,
      unconstrainedRankFraction,
      truncated,
    };
  }
}
