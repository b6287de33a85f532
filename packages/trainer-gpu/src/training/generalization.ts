import type { ModelShape, Parameterization, SampledTarget } from '@attention-hd/core';
import { type Dataset, softmaxRows } from '@attention-hd/targets';

const CHUNK_SAMPLES = 2048;

/**
 * e_test = (1/N) Σ_μ ‖ŷ_μ − y_μ‖² on fresh samples against the noisy target (docs/theory.md §2.6), in
 * float64 on the host, independent of the backend that trained θ. seq2seq divides by d like the
 * training loss.
 */
export function testError(
  parameterization: Parameterization,
  shape: ModelShape,
  theta: Float64Array,
  test: Dataset,
  beta: number,
): number {
  const { n, T, d, X, Y, output } = test;
  let sum = 0;
  for (let first = 0; first < n; first += CHUNK_SAMPLES) {
    const count = Math.min(CHUNK_SAMPLES, n - first);
    const x = X.subarray(first * T * d, (first + count) * T * d);
    const xs = x instanceof Float64Array ? x : Float64Array.from(x);
    const sigma = softmaxRows(parameterization.preActivations(xs, count, T, theta, shape), count, T, beta);
    if (output === 'seq2lab') {
      for (let i = 0; i < count * T * T; i++) sum += (sigma[i] - Y[first * T * T + i]) ** 2;
    } else {
      for (let s = 0; s < count; s++) {
        for (let a = 0; a < T; a++) {
          const yo = ((first + s) * T + a) * d;
          for (let k = 0; k < d; k++) {
            let prediction = 0;
            for (let b = 0; b < T; b++) prediction += sigma[(s * T + a) * T + b] * xs[(s * T + b) * d + k];
            sum += (prediction - Y[yo + k]) ** 2 / d;
          }
        }
      }
    }
  }
  return sum / n;
}

/** MSE_S = ‖Ŝ − S₀‖²_F / d (docs/theory.md §2.6; = Q₀ − 2m + q in the theory). */
export function matrixError(
  parameterization: Parameterization,
  shape: ModelShape,
  theta: Float64Array,
  target: SampledTarget,
): number {
  const S = parameterization.toS(theta, shape);
  let sum = 0;
  for (let i = 0; i < S.length; i++) sum += (S[i] - target.S[i]) ** 2;
  return sum / shape.d;
}
