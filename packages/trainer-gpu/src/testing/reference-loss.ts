import type { ModelShape, Parameterization, TrainingData } from '@attention-hd/core';
import { softmaxRows } from '@attention-hd/targets';

/**
 * The ERM data loss Σ_μ ‖y_μ − ŷ_μ‖² (seq2seq: /d) written the plain way, in float64 on the host:
 * h from the parameterization's own `preActivations`, a row softmax, and the sum. Independent of
 * every backend's structured kernels, so it is what they are checked against.
 */
export function referenceDataLoss(
  data: TrainingData,
  parameterization: Parameterization,
  shape: ModelShape,
  theta: Float64Array,
): number {
  const { n, T, d, beta } = data;
  const X = Float64Array.from(data.X);
  const sigma = softmaxRows(parameterization.preActivations(X, n, T, theta, shape), n, T, beta);
  let loss = 0;
  if (data.output === 'seq2lab') {
    for (let i = 0; i < sigma.length; i++) loss += (sigma[i] - data.Y[i]) ** 2;
    return loss;
  }
  for (let s = 0; s < n; s++) {
    for (let a = 0; a < T; a++) {
      for (let k = 0; k < d; k++) {
        let prediction = 0;
        for (let b = 0; b < T; b++) prediction += sigma[(s * T + a) * T + b] * X[(s * T + b) * d + k];
        loss += (prediction - data.Y[(s * T + a) * d + k]) ** 2 / d;
      }
    }
  }
  return loss;
}
