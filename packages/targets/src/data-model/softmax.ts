/**
 * Row-wise softmax at inverse temperature β of n T×T matrices: σ_β(H)_ab = e^{βH_ab}/Σ_c e^{βH_ac}.
 * Stable (subtracts the row maximum); `out` may be H itself.
 */
export function softmaxRows(
  H: Float64Array,
  n: number,
  T: number,
  beta: number,
  out: Float64Array = new Float64Array(n * T * T),
): Float64Array {
  for (let row = 0; row < n * T; row++) {
    const base = row * T;
    let max = Number.NEGATIVE_INFINITY;
    for (let b = 0; b < T; b++) max = Math.max(max, beta * H[base + b]);
    let sum = 0;
    for (let b = 0; b < T; b++) {
      const e = Math.exp(beta * H[base + b] - max);
      out[base + b] = e;
      sum += e;
    }
    for (let b = 0; b < T; b++) out[base + b] /= sum;
  }
  return out;
}
