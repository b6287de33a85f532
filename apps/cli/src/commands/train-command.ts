import {
  type Container,
  ParameterError,
  ParameterizationRegistry,
  requireInteger,
  requireNumber,
  requireOneOf,
  TrainerRegistry,
  type TrainingRequest,
  UserError,
} from '@attention-hd/core';
import { crossValidateTraining, type SeedSummary, trainSeeds } from '@attention-hd/trainer-gpu';
import { formatNumber, printJson, printLines, table } from '../output.js';
import { resolveTarget } from '../resolve-target.js';
import { stderrProgress } from '../stderr-progress.js';

/** What `train --quick` caps: a run in seconds that still exercises every option. */
const QUICK = { d: 24, seeds: 2, testSamples: 500 };

/** `attention-hd train`: Adam ERM runs at finite d over seeds, optionally over a λ grid. */
export async function runTrain(container: Container, options: Record<string, unknown>): Promise<void> {
  const { model } = resolveTarget(container, options);
  const parameterizations = container.get(ParameterizationRegistry);
  const parameterization = parameterizations.get(requireOneOf('--param', options.param, parameterizations.ids()));
  const trainer = container
    .get(TrainerRegistry)
    .list()
    .find((t) => t.onRequest !== true && t.supports(parameterization.id));
  if (trainer === undefined) throw new UserError(`no trainer supports the '${parameterization.id}' parameterization`);
  // --quick caps the sizes after validating them, so a bad value is still refused as given
  const quick = options.quick === true;
  const d = Math.min(requireInteger('--d', options.d, { min: 2, max: 100_000 }), quick ? QUICK.d : Infinity);
  const kappa = requireNumber('--kappa', options.kappa, { min: 0, minExclusive: true, max: 1 });
  const shape = parameterization.shape(d, kappa);
  if (options.lambda !== undefined && options.lambdaTilde !== undefined) {
    throw new ParameterError('--lambda-tilde', options.lambdaTilde, 'not both --lambda and --lambda-tilde');
  }
  const lambda =
    options.lambda !== undefined
      ? requireNumber('--lambda', options.lambda, { min: 0 })
      : parameterization.lambdaFromTilde(requireNumber('--lambda-tilde', options.lambdaTilde ?? '0.01', { min: 0 }), shape);
  const request: Omit<TrainingRequest, 'seeds' | 'lambda'> = {
    parameterization: parameterization.id,
    target: model,
    d,
    kappa,
    alpha: requireNumber('--alpha', options.alpha, { min: 0, minExclusive: true }),
    noise: requireNumber('--noise', options.noise, { min: 0 }),
    T: requireInteger('--T', options.T, { min: 1, max: 64 }),
    beta: requireNumber('--beta', options.beta, { min: 0, minExclusive: true }),
    beta0: requireNumber('--beta0', options.beta0, { min: 0, minExclusive: true }),
    output: requireOneOf('--output', options.output, ['seq2lab', 'seq2seq']),
    adam: {
      learningRate: requireNumber('--lr', options.lr, { min: 0, minExclusive: true }),
      beta1: requireNumber('--adam-beta1', options.adamBeta1, { min: 0, max: 1, maxExclusive: true }),
      beta2: requireNumber('--adam-beta2', options.adamBeta2, { min: 0, max: 1, maxExclusive: true }),
      epsilon: requireNumber('--adam-epsilon', options.adamEpsilon, { min: 0, minExclusive: true }),
    },
    tolerance: requireNumber('--tol', options.tol, { min: 0 }),
    minSteps: requireInteger('--min-steps', options.minSteps, { min: 0 }),
    maxSteps: requireInteger('--max-steps', options.maxSteps, { min: 1 }),
    batchSize: options.batchSize === undefined ? undefined : requireInteger('--batch-size', options.batchSize, { min: 1 }),
    initScale: requireNumber('--init-scale', options.initScale, { min: 0 }),
    testSamples: Math.min(requireInteger('--n-test', options.nTest, { min: 1 }), quick ? QUICK.testSamples : Infinity),
  };
  const plan = {
    seeds: Math.min(requireInteger('--seeds', options.seeds, { min: 1, max: 10_000 }), quick ? QUICK.seeds : Infinity),
    seed: requireInteger('--seed', options.seed, { min: 0 }),
    teacherSeed:
      options.teacherSeed === undefined ? undefined : requireInteger('--teacher-seed', options.teacherSeed, { min: 0 }),
  };
  const context = { backend: options.backend === undefined ? undefined : String(options.backend), progress: stderrProgress() };

  let summary: SeedSummary;
  let chosenLambda = lambda;
  let grid: { lambda: number; testErrorMean: number; testErrorStd: number }[] | undefined;
  if (options.lambdaGrid !== undefined) {
    const lambdas = String(options.lambdaGrid)
      .split(',')
      .map((value) => requireNumber('--lambda-grid', value.trim(), { min: 0 }));
    const cv = await crossValidateTraining(trainer, request, lambdas, plan, context);
    summary = cv.best;
    chosenLambda = cv.lambdaOptimal;
    grid = cv.grid.map((g) => ({
      lambda: g.lambda,
      testErrorMean: g.summary.testErrorMean,
      testErrorStd: g.summary.testErrorStd,
    }));
  } else {
    summary = await trainSeeds(trainer, { ...request, lambda }, plan, context);
  }

  const report = {
    testErrorMean: summary.testErrorMean,
    testErrorStd: summary.testErrorStd,
    trainLossMean: summary.trainLossMean,
    trainLossStd: summary.trainLossStd,
    mseSMean: summary.mseSMean,
    mseSStd: summary.mseSStd,
    stepsMean: summary.stepsMean,
    diverged: summary.diverged,
    backend: summary.backend,
    backendNote: summary.backendNote,
    seconds: summary.seconds,
    param: parameterization.id,
    d,
    p: shape.p,
    n: Math.floor(request.alpha * d * d),
    alpha: request.alpha,
    lambda: chosenLambda,
    lambdaTilde: parameterization.lambdaTilde(chosenLambda, shape),
    ...(grid !== undefined ? { lambdaOptimal: chosenLambda, lambdaGrid: grid } : {}),
    runs: summary.runs,
  };
  if (options.json) {
    printJson(report);
    return;
  }
  const runs = summary.runs;
  printLines([
    `${model.label}: Adam on the ${parameterization.id} ERM, d = ${d}, p = ${shape.p}, n = ${report.n} (α = ${request.alpha}), λ = ${formatNumber(chosenLambda, 4)} (λ̃ = ${formatNumber(report.lambdaTilde, 4)}), Δ = ${request.noise}, T = ${request.T}`,
    `backend: ${summary.backendNote}; ${runs.length} run(s) in ${summary.seconds.toFixed(1)} s`,
    '',
    ...table([
      ['seed', 'e_test', 'train L/d²', 'MSE_S', 'steps', 'stop', 'seconds'],
      ...runs.map((r) => [
        String(r.seeds.data),
        formatNumber(r.testError, 5),
        formatNumber(r.trainLoss, 5),
        formatNumber(r.mseS, 5),
        String(r.steps),
        r.stopReason + (r.divergedAtStep !== undefined ? ` at step ${r.divergedAtStep}` : ''),
        r.seconds.toFixed(1),
      ]),
    ]),
    '',
    `e_test = ${formatNumber(summary.testErrorMean, 5)} ± ${formatNumber(summary.testErrorStd, 3)} (std over runs); train L/d² = ${formatNumber(summary.trainLossMean, 5)}; MSE_S = ${formatNumber(summary.mseSMean, 5)}`,
  ]);
}
