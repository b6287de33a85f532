/** Copies the upper triangle of the d×d row-major M onto its lower triangle. */
export function symmetrizeUpper(M: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) M[j * d + i] = M[i * d + j];
}
