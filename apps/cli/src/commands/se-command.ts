import {
  type Container,
  ParameterError,
  requireInteger,
  requireNumber,
  requireOneOf,
  type TheoryPoint,
  type TheoryResult,
  type TheorySolver,
  TheorySolverRegistry,
} from '@attention-hd/core';
import { ALPHA_MAX, exactLawAt } from '@attention-hd/theory-amp';
import { requestExitStatus } from '../exit-status.js';
import { formatNumber, printJson, printLines, table } from '../output.js';
import { resolveTarget } from '../resolve-target.js';

/** `attention-hd se`: the state evolution at one α or along a list (warm-started), or cross-validated λ̃. */
export async function runSe(container: Container, options: Record<string, unknown>): Promise<void> {
  const { model, d } = resolveTarget(container, options);
  const solvers = container.get(TheorySolverRegistry).list();
  let solver: TheorySolver;
  if (options.solver !== undefined) {
    const id = requireOneOf(
      '--solver',
      options.solver,
      solvers.map((s) => s.id),
    );
    solver = solvers.find((s) => s.id === id) ?? solvers[0];
  } else {
    const predicted = solvers.flatMap((s) => (s.parameterization === undefined ? [] : [s.parameterization]));
    const parameterization = requireOneOf('--param', options.param, [...new Set(predicted)]);
    solver = solvers.find((s) => s.parameterization === parameterization) ?? solvers[0];
  }
  if (options.cv && solver.parameterization === undefined) {
    throw new ParameterError('--cv', true, `absent for the ${solver.id} solver (it predicts no trained model, so has no λ̃)`);
  }
  const variant =
    options.variant === undefined
      ? undefined
      : requireOneOf('--variant', options.variant, solver.variants.length > 0 ? solver.variants : ['(none)']);
  const alphas = String(options.alpha)
    .split(',')
    .map((a) => requireNumber('--alpha', a.trim(), { min: 0, minExclusive: true, max: ALPHA_MAX }));
  const problem = {
    target: model,
    d,
    lambdaTilde: requireNumber('--lambda-tilde', options.lambdaTilde, { min: 0 }),
    noise: requireNumber('--noise', options.noise, { min: 0 }),
    T: requireInteger('--T', options.T, { min: 1, max: 12 }),
    beta: requireNumber('--beta', options.beta, { min: 0, minExclusive: true }),
    beta0: requireNumber('--beta0', options.beta0, { min: 0, minExclusive: true }),
    kappa: requireNumber('--kappa', options.kappa, { min: 0, minExclusive: true, max: 1 }),
    channel: requireOneOf('--channel', options.channel, ['softmax', 'identity']),
  };
  const solverOptions = {
    samples:
      options.samples === undefined ? undefined : requireInteger('--samples', options.samples, { min: 256, max: 4_194_304 }),
    mcError: requireNumber('--mc-error', options.mcError ?? 0.003, { min: 0, minExclusive: true, max: 0.5 }),
    seed: requireInteger('--seed', options.seed, { min: 0 }),
    proximalBranch: requireOneOf('--proximal-branch', options.proximalBranch, ['label', 'lowest']),
    hatForms: requireOneOf('--hat-forms', options.hatForms, ['auto', 'stein', 'derivative']),
    variant,
    threads: options.workers === undefined ? undefined : requireInteger('--workers', options.workers, { min: 1, max: 256 }),
    branchSearch: requireOneOf('--branch-search', options.branchSearch ?? 'auto', ['auto', 'starts', 'both-sides']),
  };
  const channelLaw = requireOneOf('--channel-law', options.channelLaw ?? 'gaussian', ['gaussian', 'exact']);
  const exactSamples = requireInteger('--exact-samples', options.exactSamples ?? 200_000, { min: 1000, max: 100_000_000 });
  const exactDraws = requireInteger('--exact-draws', options.exactDraws ?? 4, { min: 1, max: 100 });
  const exactChannelSamples = requireInteger('--exact-channel-samples', options.exactChannelSamples ?? 20_000, {
    min: 1000,
    max: 10_000_000,
  });
  if (channelLaw === 'exact') {
    // checked before any solving: the exact law lives at a finite d, and needs an estimator to sample
    if (d === undefined)
      throw new ParameterError('--d', d, 'an integer ≥ 2 with --channel-law exact (the exact law is at finite d)');
    requireInteger('--d', d, { min: 2, max: 4000 });
    if (solver.sampleEstimators === undefined) {
      throw new ParameterError(
        '--channel-law',
        'exact',
        `'gaussian' for the ${solver.id} solver (it has no estimator to sample)`,
      );
    }
    solver.checkExactLaw?.({ ...problem, alpha: alphas[0] });
  }
  const exactLaw = (result: TheoryResult, row: Record<string, unknown>): Record<string, unknown> => {
    if (channelLaw === 'gaussian') return row;
    if (result.status !== 'converged') return { ...row, channelLaw, testErrorGaussian: row.testError };
    const exact = exactLawAt(solver, { ...problem, alpha: result.point.alpha }, result.point, {
      samples: exactSamples,
      draws: exactDraws,
      channelSamples: exactChannelSamples,
      seed: solverOptions.seed,
    });
    const fixedPoint = exact.solution;
    return {
      ...row,
      channelLaw,
      // the exact-law fixed point's status where it was re-solved (never a plain 'converged' it did not reach)
      ...(fixedPoint !== undefined
        ? {
            status: fixedPoint.status,
            reason: `${row.reason}; exact law: ${fixedPoint.reason}`,
            q: fixedPoint.q,
            m: fixedPoint.m,
            mseS: fixedPoint.mseS,
            mseSGaussian: row.mseS,
          }
        : {}),
      testError: exact.value,
      testErrorStdErr: exact.standardError,
      testErrorGaussian: row.testError,
      testErrorGaussianStdErr: row.testErrorStdErr,
      exactLaw: {
        trainingSide: exact.trainingSide,
        modes: exact.modes,
        lindebergRatio: exact.lindebergRatio,
        draws: exact.draws,
        samplesPerDraw: exactSamples,
        ...(fixedPoint !== undefined
          ? {
              channelSamplesPerDraw: fixedPoint.samplesPerDraw,
              iterations: fixedPoint.iterations,
              residual: fixedPoint.residual,
              mHatRatios: fixedPoint.mHatRatios,
              modeRecovery: fixedPoint.modeRecovery,
            }
          : {}),
      },
    };
  };
  const started = performance.now();
  let rows: Record<string, unknown>[];
  if (options.cv) {
    rows = [];
    for (const alpha of alphas) {
      const cv = await solver.crossValidate({ ...problem, alpha }, solverOptions);
      rows.push(
        exactLaw(cv.result, {
          ...resultRow(cv.result, false),
          lambdaTildeOptimal: cv.lambdaTildeOptimal,
          testError: cv.testError,
          evaluations: cv.evaluations.length,
        }),
      );
    }
  } else {
    const results = await solver.solveCurve({ ...problem }, alphas, solverOptions, (result, i) =>
      process.stderr.write(
        `α = ${alphas[i]}: ${result.status} in ${result.iterations} iterations (${result.seconds.toFixed(2)} s)\n`,
      ),
    );
    rows = results.map((result) => exactLaw(result, resultRow(result, solver.parameterization === undefined)));
  }
  const seconds = (performance.now() - started) / 1000;
  // a point that did not converge is reported with its status (NaN values), and the exit status says so
  if (rows.some((r) => r.status !== 'converged')) requestExitStatus(1);
  if (options.json) {
    printJson(alphas.length === 1 && !String(options.alpha).includes(',') ? rows[0] : rows);
    return;
  }
  printLines([
    `${model.label}: ${solver.parameterization ?? solver.id} SE, λ̃ = ${problem.lambdaTilde}${options.cv ? ' (cross-validated)' : ''}, Δ = ${problem.noise}, T = ${problem.T}, β = ${problem.beta}, β₀ = ${problem.beta0}, κ = ${problem.kappa} (${seconds.toFixed(2)} s)`,
    '',
    ...(channelLaw === 'exact' ? ["e_test under the exact token law; e_test (Gaussian) is the paper's channel", ''] : []),
    ...table([
      [
        'α',
        'status',
        'e_test',
        '± (std. err.)',
        ...(channelLaw === 'exact' ? ['e_test (Gaussian)'] : []),
        'train Φ',
        'MSE_S',
        'rank',
        'δ',
        'ε',
        'η',
      ],
      ...rows.map((r) =>
        [
          r.alpha,
          r.status,
          r.testError,
          r.testErrorStdErr,
          ...(channelLaw === 'exact' ? [r.testErrorGaussian] : []),
          r.trainLoss,
          r.mseS,
          r.rankFraction,
          r.delta,
          r.epsilon,
          r.eta,
        ].map((v) => (typeof v === 'number' ? formatNumber(v, 5) : String(v))),
      ),
    ]),
  ]);
}

/**
 * The JSON keys scripts rely on (the paper's symbols spelled out), plus what says how it ended; a
 * bound (no trained model) reports its weight error as `mmse` too.
 */
function resultRow(result: TheoryResult, bound: boolean): Record<string, unknown> {
  const p: TheoryPoint = result.point;
  return {
    alpha: p.alpha,
    ...(bound ? { mmse: p.mseS } : {}),
    q: p.q,
    m: p.m,
    sigma: p.sigma,
    qHat: p.qHat,
    mHat: p.mHat,
    sigmaHat: p.sigmaHat,
    delta: p.delta,
    epsilon: p.epsilon,
    eta: p.eta,
    testError: p.testError,
    testErrorStdErr: p.testErrorStdErr,
    trainLoss: p.trainLoss,
    mseS: p.mseS,
    rankFraction: p.rankFraction,
    valid: p.valid,
    status: result.status,
    iterations: result.iterations,
    residual: result.residual,
    reason: result.reason,
    seconds: result.seconds,
    ...(result.samples !== undefined ? { samples: result.samples } : {}),
    ...(result.lastIterate !== undefined ? { lastIterate: result.lastIterate } : {}),
    ...(result.monteCarloErrors !== undefined ? { monteCarloErrors: result.monteCarloErrors } : {}),
    ...(result.branches !== undefined ? { branches: result.branches } : {}),
    ...(result.proximalMinima !== undefined ? { proximalMinima: result.proximalMinima } : {}),
  };
}
