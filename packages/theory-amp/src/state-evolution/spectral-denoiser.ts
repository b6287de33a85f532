import type { TheoryPoint, TheoryProblem } from '@attention-hd/core';

/**
 * The estimator of an SE fixed point as a spectral map (docs/theory.md §5.4): Ŝ = η Σ_k f(y_k) o_k o_kᵀ
 * over the eigenpairs (y_k, o_k) of S₀ + δZ, keeping at most `maxRank` of the largest.
 */
export interface SpectralDenoiser {
  f(y: number): number;
  readonly maxRank: number;
}

/** The factorized ERM's: f(y) = (y − ε)₊, truncated to the top κd eigenvalues (docs/theory.md §3.3, §3.6). */
export function softThresholdSpectrum(problem: TheoryProblem, point: TheoryPoint): SpectralDenoiser {
  const d = problem.d ?? 0;
  return {
    f: (y) => Math.max(0, y - point.epsilon),
    maxRank: problem.kappa < 1 ? Math.floor(problem.kappa * d) : d,
  };
}

/** The direct ERM's ridge: f(y) = y (docs/theory.md §3.10). */
export function linearSpectrum(problem: TheoryProblem): SpectralDenoiser {
  return { f: (y) => y, maxRank: problem.d ?? 0 };
}
