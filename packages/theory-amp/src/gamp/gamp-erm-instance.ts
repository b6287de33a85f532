import { Rng, type SolverStatusCode, type TargetModel } from '@attention-hd/core';
import { generateDataset, preActivationsFromMatrix, softmaxRows } from '@attention-hd/targets';
import { FlatSymmetric } from '../channel/flat-symmetric.js';
import { SoftmaxOutput } from '../channel/softmax-output.js';
import { TwoTokenSoftmaxOutput } from '../channel/two-token-softmax-output.js';
import { AttentionSensing } from './attention-sensing.js';
import { ErmOutputChannel } from './erm-output-channel.js';
import { type GampIterate, type GampOptions, runGamp } from './gamp.js';
import type { GampPrior } from './gamp-prior.js';
import { RidgePrior } from './ridge-prior.js';
import { SpectralSoftThreshold } from './spectral-soft-threshold.js';

export type GampPenalty = 'nuclear' | 'frobenius';

export interface GampErmRequest {
  readonly target: TargetModel;
  readonly d: number;
  readonly alpha: number;
  readonly T: number;
  readonly noise: number;
  readonly beta: number;
  readonly beta0: number;
  readonly lambdaTilde: number;
  /** the ERM's penalty on S: 'nuclear' (λ̃ d TrS on S ⪰ 0: the factorized model at κ = 1) or 'frobenius' (dλ̃‖S‖²_F: direct) */
  readonly penalty: GampPenalty;
  /** teacher, training and test data from this seed, as the Adam trainer draws them (same instance) */
  readonly seed: number;
  readonly testSamples?: number;
}

export interface GampErmResult {
  readonly status: SolverStatusCode;
  readonly reason: string;
  readonly iterations: number;
  /** Σ_ab (Y − σ_β(h(Ŝ)))² averaged over fresh test samples (NaN unless converged) */
  readonly testError: number;
  readonly mseS: number;
  readonly S: Float64Array;
  readonly S0: Float64Array;
  readonly history: readonly GampIterate[];
  readonly seconds: number;
}

/**
 * GAMP-ERM on one finite instance (docs/theory.md §3.14): the teacher, n = αd² training sequences and
 * the test set drawn from `seed` exactly as the Adam trainer draws them (streams 'teacher', 'train',
 * 'test'), so both solve the same problem; then GAMP with the penalty's proximal prior and the
 * softmax-loss proximal channel.
 */
export function solveErmWithGamp(request: GampErmRequest, options: GampOptions = {}): GampErmResult {
  const started = performance.now();
  const { d, T } = request;
  const n = Math.floor(request.alpha * d * d);
  const teacher = request.target.sample(d, Rng.fromSeed(request.seed, 'teacher'));
  const common = { target: teacher, T, noise: request.noise, beta0: request.beta0, output: 'seq2lab' as const };
  const train = generateDataset({ ...common, n, rng: Rng.fromSeed(request.seed, 'train') });
  const flat = new FlatSymmetric(T);
  const output = T === 2 ? new TwoTokenSoftmaxOutput(flat, request.beta) : new SoftmaxOutput(flat, request.beta);
  const sensing = new AttentionSensing(flat, train.X as Float64Array, n, d);
  const channel = new ErmOutputChannel(output, train.Y as Float64Array, n);
  const prior: GampPrior =
    request.penalty === 'nuclear' ? new SpectralSoftThreshold(request.lambdaTilde, d) : new RidgePrior(request.lambdaTilde, d);
  const result = runGamp({ sensing, channel, prior, S0: teacher.S }, options);
  const converged = result.status === 'converged';
  const last = result.history.at(-1);
  let testError = Number.NaN;
  if (converged) {
    const test = generateDataset({ ...common, n: request.testSamples ?? 10000, rng: Rng.fromSeed(request.seed, 'test') });
    testError = predictionError(test.X as Float64Array, test.Y as Float64Array, test.n, T, d, result.S, request.beta);
  }
  return {
    status: result.status,
    reason: result.reason,
    iterations: result.iterations,
    testError,
    mseS: converged && last !== undefined ? last.mseS : Number.NaN,
    S: result.S,
    S0: teacher.S,
    history: result.history,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Mean over samples of ‖Y − σ_β(h(S))‖²_F. */
function predictionError(
  X: Float64Array,
  Y: Float64Array,
  n: number,
  T: number,
  d: number,
  S: Float64Array,
  beta: number,
): number {
  const h = preActivationsFromMatrix(X, n, T, d, S);
  const P = softmaxRows(h, n, T, beta, h);
  let sum = 0;
  for (let i = 0; i < n * T * T; i++) sum += (Y[i] - P[i]) ** 2;
  return sum / n;
}
