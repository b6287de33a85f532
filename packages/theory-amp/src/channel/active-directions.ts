import type { FlatSymmetric } from './flat-symmetric.js';

/**
 * An orthonormal basis (L × r, column j at [k·r + j]) of the flat directions the loss depends on.
 * The softmax is invariant to H → H + c11ᵀ (v_ab += c, v_aa += c/√2; docs/theory.md §3.2), so r = L − 1
 * for it and the proximal map leaves that direction at z; the identity output uses all L.
 */
export function activeDirections(flat: FlatSymmetric, shiftInvariant: boolean): { basis: Float64Array; rank: number } {
  const { L, T } = flat;
  if (!shiftInvariant) {
    const basis = new Float64Array(L * L);
    for (let k = 0; k < L; k++) basis[k * L + k] = 1;
    return { basis, rank: L };
  }
  const shift = new Float64Array(L);
  for (let a = 0; a < T; a++) for (let b = a; b < T; b++) shift[flat.index[a * T + b]] = a === b ? Math.SQRT1_2 : 1;
  normalize(shift);
  // Gram–Schmidt of the standard basis against the shift direction, keeping L − 1 vectors.
  const vectors: Float64Array[] = [shift];
  for (let k = 0; k < L && vectors.length < L; k++) {
    const e = new Float64Array(L);
    e[k] = 1;
    for (const v of vectors) {
      let dot = 0;
      for (let i = 0; i < L; i++) dot += e[i] * v[i];
      for (let i = 0; i < L; i++) e[i] -= dot * v[i];
    }
    if (normalize(e) > 1e-8) vectors.push(e);
  }
  const rank = L - 1;
  const basis = new Float64Array(L * rank);
  for (let j = 0; j < rank; j++) for (let k = 0; k < L; k++) basis[k * rank + j] = vectors[j + 1][k];
  return { basis, rank };
}

function normalize(v: Float64Array): number {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return norm;
}
