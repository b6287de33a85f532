/**
 * Back-transformation of the tridiagonal's eigenvectors: X = Q Z with Q = P_{n−1} ⋯ P₁ the
 * product of the Householder reflectors P_i = I − u_i u_iᵀ / h_i left by the reduction (u_i in column
 * i, rows 0 … i − 1, of the column-major working matrix; h_i = ‖u_i‖²/2, 0 for an identity step).
 *
 * Why: forming Q explicitly (the EISPACK accumulation, ≈ (4/3)n³ flops in rank-1 updates that stream
 * the whole matrix per reflector) and then multiplying Q·Z (2n³) costs more than applying the
 * reflectors to Z directly in blocks: NB consecutive reflectors are one I − V T Vᵀ (compact WY,
 * LAPACK's dlarft), applied as two panel products with every loaded entry of V reused across four
 * columns (2n³ flops in all, at the panel products' rate). This is LAPACK's dormtr after dstedc.
 */
import { addProduct } from './column-major-product.js';

/** Reflectors per block: V (m × NB) stays in the second-level cache while Z streams through. */
const NB = 32;

/**
 * Overwrites the column-major n×n `Z` with Q Z. `reflectors` is the working matrix of the reduction
 * (column i holds u_i in its first i rows) and `h[i]` the reflector's h_i.
 */
export function applyReflectors(reflectors: Float64Array, h: Float64Array, Z: Float64Array, n: number): void {
  const V = new Float64Array(n * NB);
  const T = new Float64Array(NB * NB);
  const W = new Float64Array(NB * n);
  const Y = new Float64Array(NB * n);
  const tau = new Float64Array(NB);
  // P₁ acts first: blocks of ascending i, each block's product P_b ⋯ P_a = H₁ ⋯ H_k with H_c = P_{b−c}
  for (let a = 1; a < n; a += NB) {
    const b = Math.min(n - 1, a + NB - 1);
    const k = b - a + 1;
    const m = b; // the rows the block touches: u_b has b entries
    V.fill(0, 0, m * k);
    for (let c = 0; c < k; c++) {
      const i = b - c;
      V.set(reflectors.subarray(i * n, i * n + i), c * m);
      tau[c] = h[i] === 0 ? 0 : 1 / h[i];
    }
    triangularFactor(V, tau, T, m, k);
    // W = Vᵀ Z[0:m, :], Y = T W, Z[0:m, :] −= V Y
    transposeTimes(V, Z, W, m, k, n, n);
    for (let j = 0; j < n; j++) {
      for (let r = 0; r < k; r++) {
        let s = 0;
        for (let c = r; c < k; c++) s += T[c * k + r] * W[j * k + c];
        Y[j * k + r] = s;
      }
    }
    addProduct(V, Y, Z, m, k, n, n, -1);
  }
}

/**
 * The upper-triangular T of I − V T Vᵀ = H₁ ⋯ H_k, H_c = I − τ_c v_c v_cᵀ (LAPACK's dlarft, forward,
 * columnwise): T(c, c) = τ_c, T(0:c, c) = −τ_c T(0:c, 0:c) V(:, 0:c)ᵀ v_c. T is column-major k×k.
 */
function triangularFactor(V: Float64Array, tau: Float64Array, T: Float64Array, m: number, k: number): void {
  T.fill(0, 0, k * k);
  const w = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const vc = c * m;
    for (let r = 0; r < c; r++) {
      const vr = r * m;
      let s = 0;
      for (let i = 0; i < m; i++) s += V[vr + i] * V[vc + i];
      w[r] = -tau[c] * s;
    }
    for (let r = 0; r < c; r++) {
      let s = 0;
      for (let q = r; q < c; q++) s += T[q * k + r] * w[q];
      T[c * k + r] = s;
    }
    T[c * k + c] = tau[c];
  }
}

/** W (k × p, column-major) = Vᵀ Z[0:m, 0:p]: four dot products per pass over a column of Z. */
function transposeTimes(V: Float64Array, Z: Float64Array, W: Float64Array, m: number, k: number, p: number, ld: number) {
  for (let j = 0; j < p; j++) {
    const z = j * ld;
    let c = 0;
    for (; c + 3 < k; c += 4) {
      const v0 = c * m;
      const v1 = v0 + m;
      const v2 = v1 + m;
      const v3 = v2 + m;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < m; i++) {
        const x = Z[z + i];
        s0 += V[v0 + i] * x;
        s1 += V[v1 + i] * x;
        s2 += V[v2 + i] * x;
        s3 += V[v3 + i] * x;
      }
      W[j * k + c] = s0;
      W[j * k + c + 1] = s1;
      W[j * k + c + 2] = s2;
      W[j * k + c + 3] = s3;
    }
    for (; c < k; c++) {
      const v0 = c * m;
      let s = 0;
      for (let i = 0; i < m; i++) s += V[v0 + i] * Z[z + i];
      W[j * k + c] = s;
    }
  }
}
