import type { SemicircleConvolution } from '@attention-hd/core';

/**
 * The fraction of eigenvalues of Ŝ in its upper bulk once the learned spectrum has split (Fig. 1
 * bottom-right, dashed; docs/theory.md §4.1): Ŝ ~ η ReLU(S₀ + δZ − ε), so its non-zero eigenvalues
 * follow μ_δ = μ₀ ⊞ SC(δ²) above ε. When that part has two or more intervals, the top one's
 * μ_δ-mass; NaN before the split (one bulk).
 */
export function upperBulkMass(convolution: SemicircleConvolution, epsilon: number): number {
  const above = convolution.support.filter(({ hi }) => hi > epsilon);
  if (above.length < 2) return Number.NaN;
  const top = above[above.length - 1];
  return convolution.cdf(top.hi) - convolution.cdf(Math.max(top.lo, epsilon));
}
