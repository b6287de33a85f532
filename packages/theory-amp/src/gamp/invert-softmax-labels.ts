import type { FlatSymmetric } from '../channel/flat-symmetric.js';

/**
 * The flat pre-activations that reproduce softmax labels (docs/theory.md §3.13): log Y_ab/β₀ = H_ab − c_a,
 * the row constants that make H symmetric (c_a − c_0 = L_0a − L_a0), and H in flat coordinates
 * (v_k = H_ab/c_ab). Unique up to the c11ᵀ shift, which is left as it falls (the caller projects).
 */
export function invertSoftmaxLabels(flat: FlatSymmetric, Y: Float64Array, n: number, beta0: number): Float64Array {
  const { T, L, index, scale } = flat;
  const out = new Float64Array(n * L);
  const logs = new Float64Array(T * T);
  for (let mu = 0; mu < n; mu++) {
    const base = mu * T * T;
    for (let e = 0; e < T * T; e++) logs[e] = Math.log(Y[base + e]) / beta0;
    for (let a = 0; a < T; a++) {
      const ca = logs[a] - logs[a * T];
      for (let b = a; b < T; b++) {
        const cb = logs[b] - logs[b * T];
        // the average of the two symmetric estimates H_ab and H_ba (equal up to round-off)
        out[mu * L + index[a * T + b]] = (0.5 * (logs[a * T + b] + ca + logs[b * T + a] + cb)) / scale[a * T + b];
      }
    }
  }
  return out;
}
