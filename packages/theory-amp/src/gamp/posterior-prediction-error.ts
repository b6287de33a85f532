import { Rng } from '@attention-hd/core';
import type { FlatSymmetric } from '../channel/flat-symmetric.js';
import { SoftmaxOutput } from '../channel/softmax-output.js';

/**
 * Mean over samples of ‖Y − E[σ_{β₀}(H(x))]‖²_F, x = z + √variance ξ per flat entry (z the flat
 * pre-activations of Ŝ): the Bayes prediction, averaged over K (default 256) seeded draws of ξ per sample.
 * The draws' mean m̂ misses E[σ] by Monte Carlo noise independent of Y, which adds
 * Σ_e Var[σ_e]/K ≈ e_test/K (+0.4 %) to ‖Y − m̂‖²; the draws' own sample variance over K removes it
 * without bias.
 */
export function posteriorPredictionError(
  z: Float64Array,
  Y: Float64Array,
  n: number,
  flat: FlatSymmetric,
  beta0: number,
  variance: number,
  seed: number,
  /** K, the draws of ξ per sample */
  draws = 256,
): number {
  const { T, L } = flat;
  const output = new SoftmaxOutput(flat, beta0);
  const rng = Rng.fromSeed(seed, 'posterior-prediction');
  const noise = new Float64Array(L);
  const x = new Float64Array(L);
  const P = new Float64Array(T * T);
  const mean = new Float64Array(T * T);
  const squares = new Float64Array(T * T);
  const sd = Math.sqrt(Math.max(variance, 0));
  let sum = 0;
  for (let mu = 0; mu < n; mu++) {
    mean.fill(0);
    squares.fill(0);
    for (let draw = 0; draw < draws; draw++) {
      rng.fillNormal(noise);
      for (let k = 0; k < L; k++) x[k] = z[mu * L + k] + sd * noise[k];
      output.value(x, 0, P);
      for (let e = 0; e < T * T; e++) {
        mean[e] += P[e] / draws;
        squares[e] += P[e] * P[e];
      }
    }
    for (let e = 0; e < T * T; e++) {
      // the unbiased sample variance of the draws, over K: the expected squared error of their mean
      const sampleVariance = Math.max(squares[e] - draws * mean[e] * mean[e], 0) / (draws - 1);
      sum += (Y[mu * T * T + e] - mean[e]) ** 2 - sampleVariance / draws;
    }
  }
  return sum / n;
}
