/**
 * A symmetric d×d matrix stored as its d(d+1)/2 upper-triangular entries, row by row
 * (s₁₁, s₁₂, …, s₁d, s₂₂, …): the direct parameterization's trainable vector, as in the paper's
 * code (`sym(s)`).
 */
export function packedLength(d: number): number {
  return (d * (d + 1)) / 2;
}

/** Index of entry (i, j), i ≤ j, in the packed vector. */
export function packedIndex(i: number, j: number, d: number): number {
  return i * d - (i * (i - 1)) / 2 + (j - i);
}

/** The full symmetric matrix (row-major) from its packed upper triangle, times `scale`. */
export function unpackSymmetric(packed: Float64Array, d: number, scale = 1): Float64Array {
  const m = new Float64Array(d * d);
  let k = 0;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = packed[k++] * scale;
      m[i * d + j] = v;
      m[j * d + i] = v;
    }
  }
  return m;
}

/** The packed upper triangle of a symmetric matrix, times `scale`. */
export function packSymmetric(m: Float64Array, d: number, scale = 1): Float64Array {
  const packed = new Float64Array(packedLength(d));
  let k = 0;
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) packed[k++] = m[i * d + j] * scale;
  return packed;
}
