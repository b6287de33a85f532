import type { Rng } from './rng.js';

/**
 * A Haar-distributed d×d orthogonal matrix (row-major): Householder QR of a Gaussian matrix with
 * the signs of R's diagonal moved into Q (Mezzadri 2007), O(d³) and ~10× cheaper than taking the
 * eigenvectors of a GOE matrix. Column-major internally so the inner loops are contiguous.
 */
export function haarOrthogonal(d: number, rng: Rng): Float64Array {
  const a = rng.fillNormal(new Float64Array(d * d)); // column-major A(r, c) = a[c*d + r]
  const tau = new Float64Array(d);
  const sign = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const col = k * d;
    let norm2 = 0;
    for (let r = k; r < d; r++) norm2 += a[col + r] * a[col + r];
    const norm = Math.sqrt(norm2);
    const x0 = a[col + k];
    const alpha = x0 >= 0 ? -norm : norm; // R_kk
    sign[k] = alpha >= 0 ? 1 : -1;
    // v = x − alpha e₁, stored in place; ‖v‖² = 2 norm² − 2 alpha x0
    a[col + k] = x0 - alpha;
    const vNorm2 = 2 * norm2 - 2 * alpha * x0;
    tau[k] = vNorm2 > 0 ? 2 / vNorm2 : 0;
    for (let j = k + 1; j < d; j++) {
      const cj = j * d;
      let s = 0;
      for (let r = k; r < d; r++) s += a[col + r] * a[cj + r];
      s *= tau[k];
      for (let r = k; r < d; r++) a[cj + r] -= s * a[col + r];
    }
  }
  // Q = H₀ H₁ … H_{d−1}, accumulated backwards into q (column-major).
  const q = new Float64Array(d * d);
  for (let i = 0; i < d; i++) q[i * d + i] = 1;
  for (let k = d - 1; k >= 0; k--) {
    const col = k * d;
    for (let j = k; j < d; j++) {
      const cj = j * d;
      let s = 0;
      for (let r = k; r < d; r++) s += a[col + r] * q[cj + r];
      s *= tau[k];
      for (let r = k; r < d; r++) q[cj + r] -= s * a[col + r];
    }
  }
  // O = Q diag(sign(R_kk)), returned row-major.
  const o = new Float64Array(d * d);
  for (let c = 0; c < d; c++) for (let r = 0; r < d; r++) o[r * d + c] = q[c * d + r] * sign[c];
  return o;
}
