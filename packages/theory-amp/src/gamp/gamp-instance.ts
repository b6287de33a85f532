import {
  type FreeConvolution,
  ParameterError,
  Rng,
  type SampleForms,
  type SolverStatusCode,
  type TargetModel,
} from '@attention-hd/core';
import { generateDataset } from '@attention-hd/targets';
import type { AttentionOutput } from '../channel/attention-output.js';
import { FlatSymmetric } from '../channel/flat-symmetric.js';
import { SoftmaxOutput } from '../channel/softmax-output.js';
import { TwoTokenSoftmaxOutput } from '../channel/two-token-softmax-output.js';
import { AttentionSensing } from './attention-sensing.js';
import { BayesOptimalOutputChannel } from './bayes-optimal-channel.js';
import { ErmOutputChannel } from './erm-output-channel.js';
import { type GampIterate, type GampOptions, runGamp } from './gamp.js';
import type { GampChannel } from './gamp-channel.js';
import type { GampPrior } from './gamp-prior.js';
import { invertSoftmaxLabels } from './invert-softmax-labels.js';
import { posteriorPredictionError } from './posterior-prediction-error.js';
import { RidgePrior } from './ridge-prior.js';
import { RiePrior } from './rie-prior.js';
import { SpectralSoftThreshold } from './spectral-soft-threshold.js';

export type GampPenalty = 'nuclear' | 'frobenius';

export interface GampRequest {
  /** 'erm' (the penalty's proximal prior, the loss's proximal channel) or 'bayes-optimal' */
  readonly estimator: 'erm' | 'bayes-optimal';
  readonly target: TargetModel;
  readonly d: number;
  readonly alpha: number;
  readonly T: number;
  readonly noise: number;
  readonly beta: number;
  readonly beta0: number;
  readonly lambdaTilde: number;
  /** the ERM's penalty on S: 'nuclear' (λ̃ d TrS on S ⪰ 0: the factorized model at κ = 1) or 'frobenius' (dλ̃‖S‖²_F: direct) */
  readonly penalty?: GampPenalty;
  /** the free convolution the Bayes-optimal prior needs (μ₀ ⊞ SC(t) of the target's law) */
  readonly freeConvolution?: FreeConvolution;
  /** training and test data from this seed (and the teacher, unless teacherSeed), as the Adam trainer draws them */
  readonly seed: number;
  readonly teacherSeed?: number;
  readonly testSamples?: number;
  /** the sensing operator's per-sample forms on a compute backend (`AttentionKernels.createSampleForms`); default float64 TypeScript */
  readonly sampleForms?: (X: Float64Array, n: number, T: number, d: number) => Promise<SampleForms>;
}

export interface GampInstanceResult {
  readonly status: SolverStatusCode;
  readonly reason: string;
  readonly iterations: number;
  /**
   * Σ_ab (Y − Ŷ)² averaged over fresh test samples (NaN unless converged): Ŷ = σ_β(h(Ŝ)) for the ERM,
   * the posterior mean E[σ_{β₀}(x) | ω] with x ~ N(h(Ŝ)/c, V + Δ/2) per flat entry for the Bayes estimator
   */
  readonly testError: number;
  readonly mseS: number;
  /** (1/d²) Σ_μ ‖Y_μ − σ_β(h_μ(Ŝ))‖²_F on the training set, the penalty excluded (NaN unless converged) */
  readonly trainDataLoss: number;
  readonly S: Float64Array;
  readonly S0: Float64Array;
  readonly history: readonly GampIterate[];
  readonly seconds: number;
  /** where the sensing operator's products ran: 'float32' on a compute backend or 'float64' TypeScript */
  readonly precision: 'float32' | 'float64';
}

/**
 * GAMP on one finite instance (docs/theory.md §3.14): the teacher, n = αd² training sequences and
 * the test set drawn from `seed` exactly as the Adam trainer draws them (streams 'teacher', 'train',
 * 'test'), so both solve the same problem; then GAMP-ERM (the penalty's proximal prior, the
 * softmax-loss proximal channel) or GAMP-BO (the RIE prior, the inverted-softmax Gaussian channel).
 */
export async function solveWithGamp(request: GampRequest, options: GampOptions = {}): Promise<GampInstanceResult> {
  const started = performance.now();
  const { d, T } = request;
  const n = Math.floor(request.alpha * d * d);
  const teacher = request.target.sample(d, Rng.fromSeed(request.teacherSeed ?? request.seed, 'teacher'));
  const common = { target: teacher, T, noise: request.noise, beta0: request.beta0, output: 'seq2lab' as const };
  const train = generateDataset({ ...common, n, rng: Rng.fromSeed(request.seed, 'train') });
  const flat = new FlatSymmetric(T);
  const output = T === 2 ? new TwoTokenSoftmaxOutput(flat, request.beta) : new SoftmaxOutput(flat, request.beta);
  const bayes = request.estimator === 'bayes-optimal';
  let channel: GampChannel;
  let prior: GampPrior;
  if (bayes) {
    if (request.freeConvolution === undefined)
      throw new ParameterError('freeConvolution', undefined, 'a FreeConvolution for the Bayes-optimal prior');
    channel = new BayesOptimalOutputChannel(flat, train.Y as Float64Array, n, request.noise, request.beta0);
    prior = new RiePrior(request.freeConvolution, request.target.spectralLaw(d), d);
  } else {
    // the proximal starts at the pre-activation that reproduces each label (β₀/β times the inverted label)
    const starts = invertSoftmaxLabels(flat, train.Y as Float64Array, n, request.beta);
    channel = new ErmOutputChannel(output, train.Y as Float64Array, n, starts);
    prior =
      request.penalty === 'frobenius'
        ? new RidgePrior(request.lambdaTilde, d)
        : new SpectralSoftThreshold(request.lambdaTilde, d);
  }
  const products = await request.sampleForms?.(train.X as Float64Array, n, T, d);
  let result: Awaited<ReturnType<typeof runGamp>>;
  let trainDataLoss = Number.NaN;
  try {
    const sensing = new AttentionSensing(flat, train.X as Float64Array, n, d, products);
    result = await runGamp({ sensing, channel, prior, S0: teacher.S }, options);
    if (result.status === 'converged') {
      const z = await sensing.forward(result.S, new Float64Array(n * flat.L));
      trainDataLoss = (predictionError(z, train.Y as Float64Array, n, output) * n) / (d * d);
    }
  } finally {
    products?.dispose();
  }
  const converged = result.status === 'converged';
  const last = result.history.at(-1);
  let testError = Number.NaN;
  if (converged) {
    const test = generateDataset({ ...common, n: request.testSamples ?? 10000, rng: Rng.fromSeed(request.seed, 'test') });
    const X = test.X as Float64Array;
    const testForms = await request.sampleForms?.(X, test.n, T, d);
    try {
      const z = await new AttentionSensing(flat, X, test.n, d, testForms).forward(result.S, new Float64Array(test.n * flat.L));
      const Y = test.Y as Float64Array;
      testError = bayes
        ? posteriorPredictionError(z, Y, test.n, flat, request.beta0, (last?.V ?? Number.NaN) + request.noise / 2, request.seed)
        : predictionError(z, Y, test.n, output);
    } finally {
      testForms?.dispose();
    }
  }
  return {
    status: result.status,
    reason: result.reason,
    iterations: result.iterations,
    testError,
    mseS: converged ? squaredDistance(result.S, teacher.S) / d : Number.NaN,
    trainDataLoss,
    S: result.S,
    S0: teacher.S,
    history: result.history,
    seconds: (performance.now() - started) / 1000,
    precision: products?.precision ?? 'float64',
  };
}

/** Mean over samples of ‖Y − σ_β(H)‖²_F from the flat pre-activations z (n × L). */
function predictionError(z: Float64Array, Y: Float64Array, n: number, output: AttentionOutput): number {
  const { T, L } = output.flat;
  const P = new Float64Array(T * T);
  let sum = 0;
  for (let mu = 0; mu < n; mu++) {
    output.value(z, mu * L, P);
    for (let e = 0; e < T * T; e++) sum += (Y[mu * T * T + e] - P[e]) ** 2;
  }
  return sum / n;
}

/** ‖A − B‖²_F */
function squaredDistance(A: Float64Array, B: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < A.length; i++) sum += (A[i] - B[i]) ** 2;
  return sum;
}
