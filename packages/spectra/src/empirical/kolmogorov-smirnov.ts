import type { SpectrumLaw } from '../learned/learned-spectrum.js';

/**
 * Kolmogorov–Smirnov distance sup_x |F_n(x) − F(x)| between a sample and a law with an atom at 0.
 * Values with |v| ≤ zeroTolerance count as exactly 0 (a numerically zero eigenvalue is the atom),
 * ties are grouped, and both one-sided limits are compared at every sample value (the supremum of
 * |F_n − F| for a monotone F is attained there).
 */
export function ksDistance(sample: ArrayLike<number>, law: Pick<SpectrumLaw, 'cdf' | 'cdfLeft'>, zeroTolerance = 1e-10): number {
  const values = Float64Array.from(sample, (v) => (Math.abs(v) <= zeroTolerance ? 0 : v)).sort();
  const n = values.length;
  let distance = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && values[j] === values[i]) j++;
    const v = values[i];
    distance = Math.max(distance, Math.abs(i / n - law.cdfLeft(v)), Math.abs(j / n - law.cdf(v)));
    i = j;
  }
  return distance;
}
