import { matmul } from '@attention-hd/core';
import type { FlatSymmetric } from '../channel/flat-symmetric.js';

/**
 * The sensing operator of a finite instance in flat coordinates (docs/theory.md §3.14): sample μ's
 * flat entry k = (a ≤ b) measures z_μk = ⟨A_μk, S⟩_F = h_ab(S)/c_ab, h_ab(S) = (x_aᵀSx_b − δ_ab TrS)/√d,
 * c_ab = √2 on the diagonal, so that every z has variance TrS²/d. Both directions are panel products
 * over all samples at once — P = X S (nT × d) and M = Xᵀ(G X) — never a per-sample d×d matrix. Xᵀ is
 * stored once (d × nT, twice X's memory in all) so that both run on the row-blocked matmul kernel
 * (Aᵀ·B as rank-1 updates ran at a third of its rate).
 */
export class AttentionSensing {
  readonly #product: Float64Array;
  readonly #weighted: Float64Array;
  readonly #transposed: Float64Array;
  readonly #invSqrtD: number;

  constructor(
    readonly flat: FlatSymmetric,
    /** tokens [n, T, d], row-major */
    readonly X: Float64Array,
    readonly n: number,
    readonly d: number,
  ) {
    if (X.length !== n * flat.T * d)
      throw new RangeError(`AttentionSensing: X has ${X.length} entries, needs n·T·d = ${n * flat.T * d}`);
    this.#product = new Float64Array(n * flat.T * d);
    this.#weighted = new Float64Array(n * flat.T * d);
    this.#invSqrtD = 1 / Math.sqrt(d);
    const rows = n * flat.T;
    this.#transposed = new Float64Array(rows * d);
    for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) this.#transposed[j * rows + r] = X[r * d + j];
  }

  /** z = 𝒜(S): the flat pre-activations of every sample (n × L) into out. */
  forward(S: Float64Array, out: Float64Array): Float64Array {
    const { T, L, index, scale } = this.flat;
    const { n, d, X } = this;
    let traceS = 0;
    for (let i = 0; i < d; i++) traceS += S[i * d + i];
    const P = matmul(X, S, n * T, d, d, this.#product); // row (μ, a) is S x_a (S symmetric)
    for (let mu = 0; mu < n; mu++) {
      for (let a = 0; a < T; a++) {
        const pa = (mu * T + a) * d;
        for (let b = a; b < T; b++) {
          const xb = (mu * T + b) * d;
          let dot = 0;
          for (let j = 0; j < d; j++) dot += P[pa + j] * X[xb + j];
          const h = (dot - (a === b ? traceS : 0)) * this.#invSqrtD;
          out[mu * L + index[a * T + b]] = h / scale[a * T + b];
        }
      }
    }
    return out;
  }

  /**
   * 𝒜*(g) = Σ_μk g_μk A_μk (d × d, symmetric) into out: with G_ab = g_k c_ab/2 (so G_aa = g_k/√2),
   * Σ_μ Σ_ab G_ab x_a x_bᵀ/√d − (Σ_μ Σ_a G_aa/√d) I.
   */
  adjoint(g: Float64Array, out: Float64Array): Float64Array {
    const { T, L, index, scale } = this.flat;
    const { n, d, X } = this;
    const Z = this.#weighted;
    let diagonal = 0;
    for (let mu = 0; mu < n; mu++) {
      for (let a = 0; a < T; a++) {
        const za = (mu * T + a) * d;
        Z.fill(0, za, za + d);
        for (let b = 0; b < T; b++) {
          const G = (g[mu * L + index[a * T + b]] * scale[a * T + b]) / 2;
          if (a === b) diagonal += G;
          const xb = (mu * T + b) * d;
          for (let j = 0; j < d; j++) Z[za + j] += G * X[xb + j];
        }
      }
    }
    matmul(this.#transposed, Z, d, n * T, d, out);
    for (let i = 0; i < d * d; i++) out[i] *= this.#invSqrtD;
    for (let i = 0; i < d; i++) out[i * d + i] -= diagonal * this.#invSqrtD;
    return out;
  }
}
