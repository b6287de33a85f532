/**
 * The flat coordinates of a symmetric T×T matrix (docs/theory.md §3.1): L = T(T+1)/2 components v_k, one
 * per pair a ≤ b, with H_ab = H_ba = v_k off the diagonal and H_aa = √2 v_k on it, so that i.i.d.
 * N(0, Q) components give Var H_ab = Q and Var H_aa = 2Q.
 */
export class FlatSymmetric {
  readonly L: number;
  /** k(a, b) for every entry (a, b) of the T×T matrix, row-major */
  readonly index: Int32Array;
  /** c_ab = √2 on the diagonal, 1 off it */
  readonly scale: Float64Array;

  constructor(readonly T: number) {
    this.L = (T * (T + 1)) / 2;
    this.index = new Int32Array(T * T);
    this.scale = new Float64Array(T * T);
    let k = 0;
    for (let a = 0; a < T; a++) {
      for (let b = a; b < T; b++) {
        this.index[a * T + b] = k;
        this.index[b * T + a] = k;
        this.scale[a * T + b] = a === b ? Math.SQRT2 : 1;
        this.scale[b * T + a] = a === b ? Math.SQRT2 : 1;
        k++;
      }
    }
  }

  /** H(v) from v[offset … offset + L) into out (T×T). */
  toMatrix(v: Float64Array, offset: number, out: Float64Array): Float64Array {
    for (let e = 0; e < this.T * this.T; e++) out[e] = this.scale[e] * v[offset + this.index[e]];
    return out;
  }
}
