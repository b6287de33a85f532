import type { Rng } from '@attention-hd/core';

/**
 * n symmetric T×T noise matrices Ξ with Ξ_aa ~ N(0, 1) and Ξ_ab = Ξ_ba ~ N(0, 1/2), scaled by √Δ,
 * i.e. variance Δ/(2 − δ_ab) (docs/theory.md §2.3). Draw order: the T(T+1)/2 upper entries of each sample,
 * row by row.
 */
export function sampleLabelNoise(
  n: number,
  T: number,
  noise: number,
  rng: Rng,
  out: Float64Array = new Float64Array(n * T * T),
): Float64Array {
  const diagonalScale = Math.sqrt(noise);
  const offDiagonalScale = Math.sqrt(noise / 2);
  for (let s = 0; s < n; s++) {
    const base = s * T * T;
    for (let a = 0; a < T; a++) {
      out[base + a * T + a] = diagonalScale * rng.normal();
      for (let b = a + 1; b < T; b++) {
        const xi = offDiagonalScale * rng.normal();
        out[base + a * T + b] = xi;
        out[base + b * T + a] = xi;
      }
    }
  }
  return out;
}
