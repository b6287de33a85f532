import {
  type Container,
  FreeConvolution,
  ParameterError,
  requireInteger,
  requireNumber,
  requireOneOf,
  TheorySolverRegistry,
} from '@attention-hd/core';
import { type GampInstanceResult, type GampPenalty, solveWithGamp } from '@attention-hd/theory-amp';
import { requestExitStatus } from '../exit-status.js';
import { formatNumber, printJson, printLines, table } from '../output.js';
import { resolveTarget } from '../resolve-target.js';

/**
 * `attention-hd gamp`: GAMP on finite instances (docs/theory.md §3.14), one per seed, drawn as the
 * Adam trainer draws them. The ERM estimator takes the penalty its parameterization's theory solver
 * declares (`gampPenalty`); parameterizations without one are refused before any work.
 */
export async function runGamp(container: Container, options: Record<string, unknown>): Promise<void> {
  const { model } = resolveTarget(container, options);
  const estimator = requireOneOf('--estimator', options.estimator, ['erm', 'bayes-optimal']);
  const bayes = estimator === 'bayes-optimal';
  const solvers = container.get(TheorySolverRegistry).list();
  const withPenalty = solvers.filter((s) => penaltyOf(s) !== undefined);
  // the Bayes estimator has no parameterization: --param is not read
  const param = bayes
    ? 'none'
    : requireOneOf(
        '--param',
        options.param,
        withPenalty.flatMap((s) => (s.parameterization === undefined ? [] : [s.parameterization])),
      );
  const penalty = bayes ? undefined : (penaltyOf(withPenalty.find((s) => s.parameterization === param)) as GampPenalty);
  const d = requireInteger('--d', options.d, { min: 4, max: 2000 });
  const seeds = requireInteger('--seeds', options.seeds, { min: 1, max: 1000 });
  const firstSeed = requireInteger('--seed', options.seed, { min: 0 });
  const T = requireInteger('--T', options.T, { min: 2, max: 12 });
  const kappa = requireNumber('--kappa', options.kappa, { min: 0, minExclusive: true, max: 1 });
  if (penalty === 'nuclear' && kappa !== 1) {
    throw new ParameterError('--kappa', options.kappa, '1 for GAMP on S (κ < 1 adds a rank constraint GAMP does not impose)');
  }
  const request = {
    estimator,
    freeConvolution: container.get(FreeConvolution),
    target: model,
    d,
    alpha: requireNumber('--alpha', options.alpha, { min: 0, minExclusive: true, max: 100 }),
    T,
    noise: requireNumber('--noise', options.noise, { min: 0 }),
    beta: requireNumber('--beta', options.beta, { min: 0, minExclusive: true }),
    beta0: requireNumber('--beta0', options.beta0, { min: 0, minExclusive: true }),
    lambdaTilde: requireNumber('--lambda-tilde', options.lambdaTilde, { min: 0, minExclusive: true }),
    penalty,
  };
  const gampOptions = {
    damping: requireNumber('--damping', options.damping, { min: 0, minExclusive: true, max: 1 }),
    tolerance: requireNumber('--tol', options.tol, { min: 0, minExclusive: true }),
    maxIterations: requireInteger('--max-iterations', options.maxIterations, { min: 1 }),
  };
  if (bayes && (options.channel ?? 'softmax') !== 'softmax') throw new ParameterError('--channel', options.channel, 'softmax');
  const started = performance.now();
  const runs: (GampInstanceResult & { seed: number })[] = [];
  for (let k = 0; k < seeds; k++) {
    const seed = firstSeed + k;
    const result = solveWithGamp({ ...request, seed }, gampOptions);
    process.stderr.write(`seed ${seed}: ${result.status} in ${result.iterations} iterations (${result.seconds.toFixed(1)} s)\n`);
    runs.push({ ...result, seed });
  }
  const seconds = (performance.now() - started) / 1000;
  const ok = runs.filter((r) => r.status === 'converged');
  // a seed that did not converge is reported with its status and left out of the means; exit 1 says so
  if (ok.length < runs.length) requestExitStatus(1);
  const summary = {
    estimator,
    param,
    d,
    alpha: request.alpha,
    ...(bayes ? {} : { lambdaTilde: request.lambdaTilde }),
    testErrorMean: mean(ok.map((r) => r.testError)),
    testErrorStd: std(ok.map((r) => r.testError)),
    mseSMean: mean(ok.map((r) => r.mseS)),
    mseSStd: std(ok.map((r) => r.mseS)),
    iterationsMean: mean(ok.map((r) => r.iterations)),
    seeds: runs.map((r) => ({
      seed: r.seed,
      status: r.status,
      reason: r.reason,
      iterations: r.iterations,
      testError: r.testError,
      mseS: r.mseS,
      seconds: r.seconds,
    })),
    seconds,
  };
  if (options.json) {
    printJson(summary);
    return;
  }
  printLines([
    `${model.label}: GAMP-${estimator}${bayes ? '' : ` (${param})`}, d = ${d}, α = ${request.alpha}, λ̃ = ${request.lambdaTilde}, Δ = ${request.noise}, T = ${T} (${seconds.toFixed(1)} s)`,
    '',
    ...table([
      ['seed', 'status', 'iterations', 'e_test', 'MSE_S', 's'],
      ...summary.seeds.map((r) =>
        [r.seed, r.status, r.iterations, r.testError, r.mseS, r.seconds].map((v) =>
          typeof v === 'number' ? formatNumber(v, 5) : String(v),
        ),
      ),
    ]),
    '',
    `e_test ${formatNumber(summary.testErrorMean, 5)} ± ${formatNumber(summary.testErrorStd, 3)} (std over ${ok.length} converged seeds), MSE_S ${formatNumber(summary.mseSMean, 5)}`,
  ]);
}

function penaltyOf(solver: unknown): GampPenalty | undefined {
  const penalty = (solver as { gampPenalty?: unknown } | undefined)?.gampPenalty;
  return penalty === 'nuclear' || penalty === 'frobenius' ? penalty : undefined;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

function std(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}
