import type { Rng } from './rng.js';

/** A GOE(d) matrix Z = (G + Gᵀ)/√(2d) (row-major): off-diagonal variance 1/d, spectrum → semicircle on [−2, 2]. */
export function sampleGoe(d: number, rng: Rng): Float64Array {
  const z = new Float64Array(d * d);
  const scale = 1 / Math.sqrt(2 * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const value = (rng.normal() + rng.normal()) * scale;
      z[i * d + j] = value;
      z[j * d + i] = value;
    }
  }
  return z;
}
