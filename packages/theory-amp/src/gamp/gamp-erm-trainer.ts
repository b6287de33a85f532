import {
  type ComputeBackend,
  type FreeConvolution,
  ParameterError,
  type Parameterization,
  type Registry,
  type TheorySolver,
  type Trainer,
  type TrainingContext,
  type TrainingRequest,
  type TrainingResult,
  UserError,
} from '@attention-hd/core';
import { type GampPenalty, solveWithGamp } from './gamp-instance.js';
import { selectFormsBackend } from './sample-forms-backend.js';

/** GAMP's iteration cap when it stands in for an optimiser (its own stop is ‖η(R) − Ŝ‖ < 1e-5). */
const MAX_ITERATIONS = 500;

/**
 * GAMP-ERM as a simulation method (docs/theory.md §3.14): the same `Trainer` contract as Adam, on the
 * instance Adam would draw from the same seeds, for every parameterization whose theory solver
 * declares its penalty on S (`gampPenalty`). `onRequest`: used only when asked for by id
 * (`--set simulator=gamp-erm`), never as a parameterization's default trainer. θ comes from the
 * parameterization's `fromS`. A run that does not converge reports NaN metrics and stopReason
 * 'max-steps' or 'diverged'.
 */
export class GampErmTrainer implements Trainer {
  readonly id = 'gamp-erm';
  readonly description =
    'GAMP-ERM: approximate message passing to the ERM minimiser in S (κ = 1; seq2lab), on the instance Adam would draw';
  readonly onRequest = true;

  constructor(
    private readonly parameterizations: Registry<Parameterization>,
    private readonly solvers: Registry<TheorySolver>,
    private readonly freeConvolution: FreeConvolution,
    private readonly backends: Registry<ComputeBackend>,
  ) {}

  supports(parameterization: string): boolean {
    return this.parameterizations.has(parameterization) && this.#penalty(parameterization) !== undefined;
  }

  async train(request: TrainingRequest, context: TrainingContext = {}): Promise<TrainingResult> {
    const started = performance.now();
    const penalty = this.#penalty(request.parameterization);
    if (penalty === undefined)
      throw new UserError(`gamp-erm: no theory solver declares the penalty of '${request.parameterization}'`);
    const parameterization = this.parameterizations.get(request.parameterization);
    const shape = parameterization.shape(request.d, request.kappa);
    if (shape.p !== shape.d)
      throw new ParameterError('kappa', request.kappa, '1 for gamp-erm (it solves for S; κ < 1 adds a rank constraint)');
    if (request.output !== 'seq2lab') throw new ParameterError('output', request.output, 'seq2lab for gamp-erm');
    const lambdaTilde = parameterization.lambdaTilde(request.lambda, shape);
    const backend = await selectFormsBackend(this.backends, context.backend);
    const result = await solveWithGamp(
      {
        estimator: 'erm',
        penalty,
        freeConvolution: this.freeConvolution,
        target: request.target,
        d: request.d,
        alpha: request.alpha,
        T: request.T,
        noise: request.noise,
        beta: request.beta,
        beta0: request.beta0,
        lambdaTilde,
        seed: request.seeds.data,
        teacherSeed: request.seeds.teacher,
        testSamples: request.testSamples,
        sampleForms: backend.sampleForms,
      },
      { maxIterations: Math.min(request.maxSteps, MAX_ITERATIONS) },
    );
    const converged = result.status === 'converged';
    const theta = converged ? parameterization.fromS?.(result.S, shape) : null;
    if (converged && (theta === null || theta === undefined)) {
      throw new UserError(`gamp-erm: the '${request.parameterization}' parameterization cannot represent GAMP's Ŝ (no fromS)`);
    }
    const penaltyValue = theta ? parameterization.penalty(theta, shape, request.lambda) / (request.d * request.d) : Number.NaN;
    return {
      trainLoss: result.trainDataLoss + penaltyValue,
      trainDataLoss: result.trainDataLoss,
      trainPenalty: penaltyValue,
      testError: result.testError,
      mseS: result.mseS,
      steps: result.iterations,
      stopReason: converged ? 'tolerance' : result.status === 'max-iterations' ? 'max-steps' : 'diverged',
      seconds: (performance.now() - started) / 1000,
      backend: `gamp-${result.precision === 'float32' ? 'f32' : 'f64'}`,
      backendNote: `GAMP, products on ${backend.note}: ${result.reason}`,
      precision: result.precision,
      lambda: request.lambda,
      lambdaTilde,
      theta: theta ?? new Float64Array(0),
    };
  }

  #penalty(parameterization: string): GampPenalty | undefined {
    const solver = this.solvers.list().find((s) => s.parameterization === parameterization) as
      | { gampPenalty?: GampPenalty }
      | undefined;
    return solver?.gampPenalty;
  }
}
