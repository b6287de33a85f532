/**
 * C[0:m, 0:p] += sign·A·B for column-major A (m × k, contiguous columns), B (k × p) and C with
 * leading dimension ldc. A is taken in panels of PANEL columns that stay in cache while every
 * column of C is updated from them, four columns of A per pass over C's column (scalar JavaScript
 * is compute-bound here; at n = 1000 streaming all of A once per column of C was memory-bound).
 * Shared by the divide and conquer's merges and the blocked Householder back-transformation.
 */
export function addProduct(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  p: number,
  ldc: number,
  sign: 1 | -1 = 1,
): void {
  const PANEL = 48;
  for (let l0 = 0; l0 < k; l0 += PANEL) {
    const l1 = Math.min(k, l0 + PANEL);
    for (let j = 0; j < p; j++) {
      const c = j * ldc;
      const bj = j * k;
      let l = l0;
      for (; l + 3 < l1; l += 4) {
        const b0 = sign * B[bj + l];
        const b1 = sign * B[bj + l + 1];
        const b2 = sign * B[bj + l + 2];
        const b3 = sign * B[bj + l + 3];
        const a0 = l * m;
        const a1 = a0 + m;
        const a2 = a1 + m;
        const a3 = a2 + m;
        for (let i = 0; i < m; i++) C[c + i] += A[a0 + i] * b0 + A[a1 + i] * b1 + A[a2 + i] * b2 + A[a3 + i] * b3;
      }
      for (; l < l1; l++) {
        const b0 = sign * B[bj + l];
        const a0 = l * m;
        for (let i = 0; i < m; i++) C[c + i] += A[a0 + i] * b0;
      }
    }
  }
}
