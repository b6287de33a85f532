import { FreeConvolution, type TargetModel } from '@attention-hd/core';
import type { Services } from './experiment-services.js';

/**
 * The fraction of eigenvalues of Ŝ in its upper bulk once the learned spectrum has split (Fig. 1
 * bottom-right, dashed; docs/theory.md §4): Ŝ ~ η ReLU(S₀ + δZ − ε), so its non-zero eigenvalues follow
 * μ_δ = μ₀ ⊞ SC(δ²) above ε. When that part has two or more intervals, the top one's μ_δ-mass;
 * NaN before the split (one bulk) or where the point is not a number.
 */
export function upperBulkMass(
  services: Services,
  problem: { readonly target: TargetModel; readonly d?: number },
  point: { readonly delta: number; readonly epsilon: number },
): number {
  const { delta, epsilon } = point;
  if (!(Number.isFinite(delta) && delta > 0 && Number.isFinite(epsilon))) return Number.NaN;
  const law = problem.target.spectralLaw(problem.target.finiteDimensional ? problem.d : undefined);
  const convolution = services.get(FreeConvolution).convolveWithSemicircle(law, delta);
  const above = convolution.support.filter(({ hi }) => hi > epsilon);
  if (above.length < 2) return Number.NaN;
  const top = above[above.length - 1];
  return convolution.cdf(top.hi) - convolution.cdf(Math.max(top.lo, epsilon));
}
