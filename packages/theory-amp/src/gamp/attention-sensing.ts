import { matmul, type SampleForms } from '@attention-hd/core';
import type { FlatSymmetric } from '../channel/flat-symmetric.js';

/** Samples per block on a compute backend (its temporaries P and G X: 2·c·T·d floats). */
const BLOCK_SAMPLES = 8192;

/**
 * The sensing operator of a finite instance in flat coordinates (docs/theory.md §3.14): sample μ's
 * flat entry k = (a ≤ b) measures z_μk = ⟨A_μk, S⟩_F = h_ab(S)/c_ab, h_ab(S) = (x_aᵀSx_b − δ_ab TrS)/√d,
 * c_ab = √2 on the diagonal, so that every z has variance TrS²/d. Both directions are panel products
 * over all samples — P = X S (nT × d) and M = Xᵀ(G X) — never a per-sample d×d matrix; > 99 % of
 * GAMP's work. On a compute backend's `SampleForms` (e.g. onnxruntime's multi-threaded float32
 * GEMMs) the per-sample forms H_μ = X_μ S X_μᵀ and Σ_μ X_μᵀ G_μ X_μ run there by blocks of samples,
 * and only T × T blocks cross over; without one, in float64 TypeScript with Xᵀ stored once (d × nT)
 * so that both run on the row-blocked matmul kernel (Aᵀ·B as rank-1 updates ran at a third of its
 * rate).
 */
export class AttentionSensing {
  readonly #product: Float64Array | null;
  readonly #weighted: Float64Array | null;
  readonly #transposed: Float64Array | null;
  /** G blocks (count × T × T) for the backend */
  readonly #blockG: Float32Array | Float64Array | null;
  readonly #invSqrtD: number;

  constructor(
    readonly flat: FlatSymmetric,
    /** tokens [n, T, d], row-major */
    readonly X: Float64Array,
    readonly n: number,
    readonly d: number,
    /** the per-sample forms of X on a compute backend (then no float64 copies of Xᵀ and P are kept) */
    readonly products?: SampleForms,
    /** samples per block on the backend */
    readonly blockSamples: number = BLOCK_SAMPLES,
  ) {
    if (X.length !== n * flat.T * d)
      throw new RangeError(`AttentionSensing: X has ${X.length} entries, needs n·T·d = ${n * flat.T * d}`);
    this.#invSqrtD = 1 / Math.sqrt(d);
    const rows = n * flat.T;
    if (products === undefined) {
      this.#product = new Float64Array(rows * d);
      this.#weighted = new Float64Array(rows * d);
      this.#transposed = new Float64Array(rows * d);
      for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) this.#transposed[j * rows + r] = X[r * d + j];
      this.#blockG = null;
    } else {
      this.#product = null;
      this.#transposed = null;
      this.#weighted = null;
      const block = Math.min(n, blockSamples) * flat.T * flat.T;
      this.#blockG = products.precision === 'float32' ? new Float32Array(block) : new Float64Array(block);
    }
  }

  /** where the products run, e.g. 'float32' on a backend or 'float64' here */
  get precision(): 'float32' | 'float64' {
    return this.products?.precision ?? 'float64';
  }

  /** z = 𝒜(S): the flat pre-activations of every sample (n × L) into out. */
  async forward(S: Float64Array, out: Float64Array): Promise<Float64Array> {
    const T = this.flat.T;
    const d = this.d;
    let traceS = 0;
    for (let i = 0; i < d; i++) traceS += S[i * d + i];
    if (this.products === undefined) {
      // row (μ, a) of P is S x_a (S symmetric)
      this.#preActivations(matmul(this.X, S, this.n * T, d, d, this.#product as Float64Array), 0, this.n, traceS, out);
      return out;
    }
    const { L, index, scale } = this.flat;
    for (let first = 0; first < this.n; first += this.blockSamples) {
      const count = Math.min(this.blockSamples, this.n - first);
      const H = await this.products.forms(S, first, count);
      for (let s = 0; s < count; s++) {
        for (let a = 0; a < T; a++) {
          for (let b = a; b < T; b++) {
            const h = (H[(s * T + a) * T + b] - (a === b ? traceS : 0)) * this.#invSqrtD;
            out[(first + s) * L + index[a * T + b]] = h / scale[a * T + b];
          }
        }
      }
    }
    return out;
  }

  /**
   * 𝒜*(g) = Σ_μk g_μk A_μk (d × d, symmetric) into out: with G_ab = g_k c_ab/2 (so G_aa = g_k/√2),
   * Σ_μ Σ_ab G_ab x_a x_bᵀ/√d − (Σ_μ Σ_a G_aa/√d) I.
   */
  async adjoint(g: Float64Array, out: Float64Array): Promise<Float64Array> {
    const { n, d } = this;
    const T = this.flat.T;
    let diagonal = 0;
    if (this.products === undefined) {
      diagonal = this.#weightedRows(g, 0, n, this.#weighted as Float64Array);
      matmul(this.#transposed as Float64Array, this.#weighted as Float64Array, d, n * T, d, out);
    } else {
      const { L, index, scale } = this.flat;
      const G = this.#blockG as Float32Array | Float64Array;
      out.fill(0);
      for (let first = 0; first < n; first += this.blockSamples) {
        const count = Math.min(this.blockSamples, n - first);
        for (let s = 0; s < count; s++) {
          for (let e = 0; e < T * T; e++) G[s * T * T + e] = (g[(first + s) * L + index[e]] * scale[e]) / 2;
          // in float64 from g (G may be float32)
          for (let a = 0; a < T; a++) diagonal += (g[(first + s) * L + index[a * T + a]] * scale[a * T + a]) / 2;
        }
        const M = await this.products.adjointForms(G.subarray(0, count * T * T), first, count);
        for (let i = 0; i < d * d; i++) out[i] += M[i];
      }
    }
    for (let i = 0; i < d * d; i++) out[i] *= this.#invSqrtD;
    for (let i = 0; i < d; i++) out[i * d + i] -= diagonal * this.#invSqrtD;
    return out;
  }

  /** z of samples [first, first + count) from their block of P = X S (row (μ, a) = S x_a). */
  #preActivations(P: Float64Array, first: number, count: number, traceS: number, out: Float64Array): void {
    const { T, L, index, scale } = this.flat;
    const { d, X } = this;
    for (let s = 0; s < count; s++) {
      const mu = first + s;
      for (let a = 0; a < T; a++) {
        const pa = (s * T + a) * d;
        for (let b = a; b < T; b++) {
          const xb = (mu * T + b) * d;
          let dot = 0;
          for (let j = 0; j < d; j++) dot += P[pa + j] * X[xb + j];
          const h = (dot - (a === b ? traceS : 0)) * this.#invSqrtD;
          out[mu * L + index[a * T + b]] = h / scale[a * T + b];
        }
      }
    }
  }

  /** Z (count·T × d) with rows Σ_b G_ab x_b for samples [first, first + count); returns Σ_μ Σ_a G_aa. */
  #weightedRows(g: Float64Array, first: number, count: number, Z: Float64Array): number {
    const { T, L, index, scale } = this.flat;
    const { d, X } = this;
    let diagonal = 0;
    const G = new Float64Array(T * T);
    for (let s = 0; s < count; s++) {
      const mu = first + s;
      for (let e = 0; e < T * T; e++) G[e] = (g[mu * L + index[e]] * scale[e]) / 2;
      for (let a = 0; a < T; a++) diagonal += G[a * T + a];
      const x0 = mu * T * d;
      for (let a = 0; a < T; a++) {
        const za = (s * T + a) * d;
        const Ga = a * T;
        for (let j = 0; j < d; j++) {
          let sum = 0;
          for (let b = 0; b < T; b++) sum += G[Ga + b] * X[x0 + b * d + j];
          Z[za + j] = sum;
        }
      }
    }
    return diagonal;
  }
}
