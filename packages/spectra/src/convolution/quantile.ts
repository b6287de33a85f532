import { brentRoot, type Interval } from '@attention-hd/core';

/**
 * The generalized inverse inf{x : cdf(x) ≥ p} on the support. Brent on the monotone CDF; a law with
 * an atom at its lower edge (e.g. MP with κ₀ < 1 at δ = 0) has cdf(lo) > 0, so p ≤ cdf(lo) gives lo
 * and is not a root-finding problem. At an inner atom the CDF jumps across p and Brent converges to
 * the atom's position.
 */
export function quantileFromCdf(cdf: (x: number) => number, support: readonly Interval[], p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile: p must be in (0, 1), got ${p}`);
  const lo = support[0].lo;
  const hi = support[support.length - 1].hi;
  if (cdf(lo) >= p) return lo;
  return brentRoot((x) => cdf(x) - p, lo, hi, { xTolerance: 1e-14 * Math.max(1, Math.abs(hi)) }).values;
}
