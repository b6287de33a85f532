import { brentRoot, expandBracket, type FreeConvolution, type SolverStatusCode, type SpectralLaw } from '@attention-hd/core';

export interface InterpolatingSolution {
  readonly delta: number;
  readonly epsilon: number;
  readonly q: number;
  readonly m: number;
  readonly rankFraction: number;
  readonly status: SolverStatusCode;
  readonly reason: string;
}

/**
 * The factorized λ → 0⁺ solution below interpolation (docs/theory.md §3.8): Σ → ∞, the hats → 0, η → 1,
 * and the linear-equivalent problem at ᾱ gives two equations for (δ, ε):
 *   ∂_tJ(δ, ε) = 2ᾱ,   2ᾱδ² = Q₀ + Δ/2 − 2m + q,   q = J,  m = J − (δ/2)∂_δJ − (ε/2)∂_εJ.
 * Solved by nested Brent: ε(δ) from the first (∂_tJ decreases from 1 to 0 in ε), then δ. The
 * estimator is the minimum-nuclear-norm PSD interpolator ReLU(S₀ + δZ − ε).
 */
export function interpolatingLambdaZero(
  freeConvolution: FreeConvolution,
  law: SpectralLaw,
  noise: number,
  alphaBar: number,
): InterpolatingSolution {
  const q0 = law.moment(2);
  const target = 2 * alphaBar;
  const solveEpsilon = (delta: number) => {
    const convolution = freeConvolution.convolveWithSemicircle(law, delta);
    const g = (epsilon: number) => convolution.denoiserIntegrals(epsilon).dJdT - target;
    const top = convolution.support[convolution.support.length - 1].hi;
    if (!(g(0) > 0)) return { convolution, epsilon: 0, ok: false };
    const root = brentRoot(g, 0, top, { xTolerance: 1e-14 });
    return { convolution, epsilon: root.values, ok: root.status === 'converged' };
  };
  const mismatch = (delta: number) => {
    const { convolution, epsilon } = solveEpsilon(delta);
    const r = convolution.denoiserIntegrals(epsilon);
    return target * delta * delta - (q0 + noise / 2 - 2 * r.overlap + r.J);
  };
  const bracket = expandBracket(mismatch, 0.05, 1, { lowerLimit: 1e-6, maxExpansions: 80 });
  if (bracket === null) {
    return {
      delta: Number.NaN,
      epsilon: Number.NaN,
      q: Number.NaN,
      m: Number.NaN,
      rankFraction: Number.NaN,
      status: 'no-bracket',
      reason: 'no δ solves the reduced λ → 0⁺ system (above interpolation?)',
    };
  }
  const root = brentRoot(mismatch, bracket[0], bracket[1], { xTolerance: 1e-13 });
  const { convolution, epsilon, ok } = solveEpsilon(root.values);
  const r = convolution.denoiserIntegrals(epsilon);
  return {
    delta: root.values,
    epsilon,
    q: r.J,
    m: r.overlap,
    rankFraction: r.rankFraction,
    status: ok ? root.status : 'no-bracket',
    reason: ok
      ? `reduced λ → 0⁺ system: |residual| = ${root.residual.toExponential(2)}`
      : 'ε(δ) has no root: ᾱ is above interpolation',
  };
}

/**
 * The direct (Frobenius) λ → 0⁺ solution below ᾱ = ½: the minimum-Frobenius-norm interpolator.
 * From the same linear-equivalent reduction with the ridge prior [derived here]: Σ = (1 − 2ᾱ)/(4λ̃)
 * → ∞, m = 2ᾱQ₀ (projection on ᾱd² of the d²/2 directions) and q = 2ᾱQ₀ + ᾱΔ/(1 − 2ᾱ), so
 * MSE_S = Q₀(1 − 2ᾱ) + ᾱΔ/(1 − 2ᾱ) (the noiseless part is docs/theory.md §3.9's Q₀(1 − 2α)).
 */
export function minimumNormDirect(
  q0: number,
  noise: number,
  alphaBar: number,
): { q: number; m: number; delta: number; eta: number } {
  const m = 2 * alphaBar * q0;
  const q = m + (alphaBar * noise) / (1 - 2 * alphaBar);
  const excess = q0 + noise / 2 - 2 * m + q;
  return { q, m, delta: Math.sqrt(excess / (2 * alphaBar)), eta: 2 * alphaBar };
}
