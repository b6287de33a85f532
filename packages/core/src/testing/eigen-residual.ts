/**
 * How well (values, vectors) decompose the symmetric d×d matrix `a` (row-major): ‖AV − VΛ‖_F/‖A‖_F
 * and ‖VᵀV − I‖_F, with the eigenvectors column-major as `symmetricEigen` returns them. O(d³).
 */
export function eigenResidual(
  a: Float64Array,
  d: number,
  values: Float64Array,
  vectors: Float64Array,
): { residual: number; orthogonality: number } {
  let residual2 = 0;
  let orthogonality2 = 0;
  let norm2 = 0;
  for (const x of a) norm2 += x * x;
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += a[i * d + k] * vectors[j * d + k];
      residual2 += (s - values[j] * vectors[j * d + i]) ** 2;
    }
    for (let l = 0; l <= j; l++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += vectors[j * d + k] * vectors[l * d + k];
      orthogonality2 += (l === j ? 1 : 2) * (s - (l === j ? 1 : 0)) ** 2;
    }
  }
  return { residual: Math.sqrt(residual2 / Math.max(norm2, 1e-300)), orthogonality: Math.sqrt(orthogonality2) };
}
