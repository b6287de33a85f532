import { matmul } from '@attention-hd/core';

/**
 * The centred attention indices h_ab(S) = (x_aᵀ S x_b − δ_ab Tr S)/√d for n samples of T tokens
 * (docs/theory.md §2.2). X is [n, T, d] row-major (Float64Array or Float32Array); the result is [n, T, T].
 * Work is done in chunks of samples so temporaries stay small next to X.
 */

const CHUNK_ROWS = 8192; // token rows (= samples·T) per chunk: bounds the temporary to 8192·max(d, r) doubles

/**
 * Reusable temporaries for callers that compute pre-activations chunk after chunk (the dataset
 * generator): without them every call allocates two chunk-sized arrays, garbage that would raise
 * the peak memory of a large training set.
 */
export class PreActivationWorkspace {
  #x = new Float64Array(0);
  #product = new Float64Array(0);

  /** a float64 copy of `length` values of X from `offset` (the view itself when X is float64) */
  tokens(X: Float64Array | Float32Array, offset: number, length: number): Float64Array {
    if (X instanceof Float64Array) return X.subarray(offset, offset + length);
    if (this.#x.length < length) this.#x = new Float64Array(length);
    const x = this.#x.subarray(0, length);
    for (let i = 0; i < length; i++) x[i] = X[offset + i];
    return x;
  }

  product(length: number): Float64Array {
    if (this.#product.length < length) this.#product = new Float64Array(length);
    return this.#product.subarray(0, length);
  }
}

/** From a factor: S = scale·F Fᵀ with F d×rank (e.g. the student W, or the target's factor). */
export function preActivationsFromFactor(
  X: Float64Array | Float32Array,
  n: number,
  T: number,
  d: number,
  F: Float64Array,
  rank: number,
  scale: number,
  out: Float64Array = new Float64Array(n * T * T),
  workspace: PreActivationWorkspace = new PreActivationWorkspace(),
): Float64Array {
  let traceS = 0;
  for (let i = 0; i < d * rank; i++) traceS += F[i] * F[i];
  traceS *= scale;
  const samplesPerChunk = Math.max(1, Math.floor(CHUNK_ROWS / T));
  const invSqrtD = 1 / Math.sqrt(d);
  for (let first = 0; first < n; first += samplesPerChunk) {
    const count = Math.min(samplesPerChunk, n - first);
    const rows = count * T;
    const xChunk = workspace.tokens(X, first * T * d, rows * d);
    const u = workspace.product(rows * rank);
    matmul(xChunk, F, rows, d, rank, u); // U = X F: row (μ, a) is Fᵀ x_a
    for (let s = 0; s < count; s++) {
      const base = (first + s) * T * T;
      for (let a = 0; a < T; a++) {
        const ua = (s * T + a) * rank;
        for (let b = a; b < T; b++) {
          const ub = (s * T + b) * rank;
          let dot = 0;
          for (let r = 0; r < rank; r++) dot += u[ua + r] * u[ub + r];
          const h = (scale * dot - (a === b ? traceS : 0)) * invSqrtD;
          out[base + a * T + b] = h;
          out[base + b * T + a] = h;
        }
      }
    }
  }
  return out;
}

/** From the d×d matrix S (row-major, symmetric). */
export function preActivationsFromMatrix(
  X: Float64Array | Float32Array,
  n: number,
  T: number,
  d: number,
  S: Float64Array,
  out: Float64Array = new Float64Array(n * T * T),
  workspace: PreActivationWorkspace = new PreActivationWorkspace(),
): Float64Array {
  let traceS = 0;
  for (let i = 0; i < d; i++) traceS += S[i * d + i];
  const samplesPerChunk = Math.max(1, Math.floor(CHUNK_ROWS / T));
  const invSqrtD = 1 / Math.sqrt(d);
  for (let first = 0; first < n; first += samplesPerChunk) {
    const count = Math.min(samplesPerChunk, n - first);
    const rows = count * T;
    const xChunk = workspace.tokens(X, first * T * d, rows * d);
    const v = workspace.product(rows * d);
    matmul(xChunk, S, rows, d, d, v); // row (μ, a) of V is S x_a (S symmetric)
    for (let s = 0; s < count; s++) {
      const base = (first + s) * T * T;
      for (let a = 0; a < T; a++) {
        const va = (s * T + a) * d;
        for (let b = a; b < T; b++) {
          const xb = (s * T + b) * d;
          let dot = 0;
          for (let k = 0; k < d; k++) dot += v[va + k] * xChunk[xb + k];
          const h = (dot - (a === b ? traceS : 0)) * invSqrtD;
          out[base + a * T + b] = h;
          out[base + b * T + a] = h;
        }
      }
    }
  }
  return out;
}
