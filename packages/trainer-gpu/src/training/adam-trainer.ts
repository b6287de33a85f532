import {
  type ComputeBackend,
  type Parameterization,
  type Registry,
  Rng,
  requireInteger,
  requireMemory,
  requireNumber,
  requireOneOf,
  type StopReason,
  type Trainer,
  type TrainingContext,
  type TrainingRequest,
  type TrainingResult,
  UserError,
} from '@attention-hd/core';
import { datasetBytes, generateDataset } from '@attention-hd/targets';
import { Adam } from './adam.js';
import { BackendSelector } from './backend-selection.js';
import { matrixError, testError } from './generalization.js';

/**
 * Full-batch (or mini-batch) Adam on the ERM loss L(θ) = Σ_μ ‖y_μ − ŷ_μ‖² + penalty (docs/theory.md §2.4–2.5,
 * §7): the backend evaluates the data term and its gradient, the penalty and Adam run here in
 * float64. The run stops when |L_t − L_{t−1}|/d² < tolerance after at least minSteps steps, at
 * maxSteps, or as 'diverged' at the first non-finite loss (then every metric is NaN).
 *
 * Seeds: the teacher S₀ from seeds.teacher, the training and test sets from seeds.data (streams
 * 'train' and 'test'), the initial θ from seeds.init.
 */
export class AdamTrainer implements Trainer {
  readonly id = 'adam';
  readonly description =
    'Adam on the ERM of any registered parameterization (sum-of-squares loss over all T² entries + penalty), any T, seq2lab or seq2seq';
  readonly #selector: BackendSelector;

  constructor(
    private readonly parameterizations: Registry<Parameterization>,
    backends: Registry<ComputeBackend>,
  ) {
    this.#selector = new BackendSelector(backends);
  }

  /** every registered parameterization: the backends reach it through its ScoreForm */
  supports(parameterization: string): boolean {
    return this.parameterizations.has(parameterization);
  }

  async train(request: TrainingRequest, context: TrainingContext = {}): Promise<TrainingResult> {
    const started = performance.now();
    validateRequest(request);
    const parameterization = this.parameterizations.get(request.parameterization);
    const shape = parameterization.shape(request.d, request.kappa);
    const { kernels, note } = await this.#selector.select(context.backend);
    const { d, T } = request;
    const n = Math.floor(request.alpha * d * d);
    if (n < 1) throw new UserError(`α d² = ${request.alpha * d * d} < 1: no training samples (raise --alpha or --d)`);
    requireMemory(
      'd',
      d,
      datasetBytes({ n, T, d, output: request.output, precision: kernels.precision }),
      `the training set (n = αd² = ${n})`,
    );

    const teacher = request.target.sample(d, Rng.fromSeed(request.seeds.teacher, 'teacher'));
    const common = { target: teacher, T, noise: request.noise, beta0: request.beta0, output: request.output };
    const train = generateDataset({
      ...common,
      n,
      rng: Rng.fromSeed(request.seeds.data, 'train'),
      precision: kernels.precision,
      allocate: kernels.allocate?.bind(kernels),
    });
    const objective = await kernels.createObjective({ ...train, beta: request.beta }, parameterization.scoreForm(shape));
    const theta = parameterization.initialParameters(shape, Rng.fromSeed(request.seeds.init, 'init'), request.initScale);
    const gradient = new Float64Array(theta.length);
    const adam = new Adam(theta.length, request.adam);
    const batch = request.batchSize === undefined || request.batchSize >= n ? n : request.batchSize;
    const batches = Math.ceil(n / batch);
    const lambda = request.lambda;
    const scale = 1 / (d * d);

    let stopReason: StopReason = 'max-steps';
    let divergedAtStep: number | undefined;
    let previous = Number.NaN;
    let epochLoss = 0;
    context.progress?.start(`training ${this.id} (${parameterization.id}), d = ${d}, n = ${n}`, request.maxSteps);
    try {
      for (let step = 1; step <= request.maxSteps; step++) {
        const b = (step - 1) % batches;
        const range = { first: b * batch, count: Math.min(batch, n - b * batch) };
        const dataLoss = await objective.evaluate(theta, gradient, batches === 1 ? undefined : range);
        parameterization.addPenaltyGradient(theta, shape, lambda * (range.count / n), gradient);
        const loss = dataLoss + parameterization.penalty(theta, shape, lambda) * (range.count / n);
        if (!Number.isFinite(loss) || !gradient.every(Number.isFinite)) {
          stopReason = 'diverged';
          divergedAtStep = step;
          break;
        }
        adam.step(theta, gradient);
        epochLoss += loss;
        if (b === batches - 1) {
          // one comparison per pass over the data (every step when full batch)
          const current = epochLoss * scale;
          epochLoss = 0;
          if (step % 50 === 0) context.progress?.update({ done: step, metrics: { loss: current } });
          if (step >= request.minSteps && Math.abs(current - previous) < request.tolerance) {
            stopReason = 'tolerance';
            break;
          }
          previous = current;
        }
      }
      const steps = adam.steps + (stopReason === 'diverged' ? 1 : 0);
      const finalData = stopReason === 'diverged' ? Number.NaN : await objective.evaluate(theta, null);
      const penalty = stopReason === 'diverged' ? Number.NaN : parameterization.penalty(theta, shape, lambda);
      const diverged = stopReason === 'diverged' || !Number.isFinite(finalData);
      if (diverged && stopReason !== 'diverged') {
        stopReason = 'diverged';
        divergedAtStep = steps + 1;
      }
      const test = generateDataset({ ...common, n: request.testSamples, rng: Rng.fromSeed(request.seeds.data, 'test') });
      return {
        trainLoss: diverged ? Number.NaN : (finalData + penalty) * scale,
        trainDataLoss: diverged ? Number.NaN : finalData * scale,
        trainPenalty: diverged ? Number.NaN : penalty * scale,
        testError: diverged ? Number.NaN : testError(parameterization, shape, theta, test, request.beta),
        mseS: diverged ? Number.NaN : matrixError(parameterization, shape, theta, teacher),
        steps,
        stopReason,
        divergedAtStep,
        seconds: (performance.now() - started) / 1000,
        backend: kernels.backendId,
        backendNote: note,
        precision: kernels.precision,
        lambda,
        lambdaTilde: parameterization.lambdaTilde(lambda, shape),
        theta,
      };
    } finally {
      objective.dispose();
      context.progress?.finish();
    }
  }
}

function validateRequest(request: TrainingRequest): void {
  requireInteger('d', request.d, { min: 2 });
  requireNumber('alpha', request.alpha, { min: 0, minExclusive: true });
  requireNumber('lambda', request.lambda, { min: 0 });
  requireNumber('noise', request.noise, { min: 0 });
  requireInteger('T', request.T, { min: 1 });
  requireNumber('beta', request.beta, { min: 0, minExclusive: true });
  requireNumber('beta0', request.beta0, { min: 0, minExclusive: true });
  requireOneOf('output', request.output, ['seq2lab', 'seq2seq']);
  requireNumber('tol', request.tolerance, { min: 0 });
  requireInteger('min-steps', request.minSteps, { min: 0 });
  requireInteger('max-steps', request.maxSteps, { min: 1 });
  if (request.batchSize !== undefined) requireInteger('batch-size', request.batchSize, { min: 1 });
  requireNumber('init-scale', request.initScale, { min: 0 });
  requireInteger('n-test', request.testSamples, { min: 1 });
}
