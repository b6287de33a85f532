import {
  ComputeBackendRegistry,
  type Container,
  FreeConvolution,
  ParameterError,
  requireInteger,
  requireNumber,
  requireOneOf,
  TheorySolverRegistry,
  type TrajectoryPoint,
} from '@attention-hd/core';
import {
  type GampInstanceResult,
  type GampIterate,
  type GampPenalty,
  selectFormsBackend,
  solveWithGamp,
} from '@attention-hd/theory-amp';
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
    testSamples: requireInteger('--n-test', options.nTest, { min: 100, max: 10_000_000 }),
  };
  const damping = requireNumber('--damping', options.damping, { min: 0, minExclusive: true, max: 1 });
  const acceleration = requireOneOf('--acceleration', options.acceleration, ['anderson', 'adaptive-damping', 'none']);
  const tolerance = requireNumber('--tol', options.tol, { min: 0, minExclusive: true });
  const maxIterations = requireInteger('--max-iterations', options.maxIterations, { min: 1 });
  if (bayes && (options.channel ?? 'softmax') !== 'softmax') throw new ParameterError('--channel', options.channel, 'softmax');
  // --trajectory K: K undamped iterations beside the SE run as an iteration from GAMP's start
  const trajectoryLength =
    options.trajectory === undefined ? undefined : requireInteger('--trajectory', options.trajectory, { min: 1, max: 200 });
  const seSolver = bayes
    ? solvers.find((s) => s.parameterization === undefined && s.trajectory !== undefined)
    : withPenalty.find((s) => s.parameterization === param);
  if (trajectoryLength !== undefined) {
    if (seSolver?.trajectory === undefined) {
      throw new ParameterError(
        '--trajectory',
        options.trajectory,
        `not available: no state evolution for GAMP-${estimator} runs as an iteration`,
      );
    }
    if (options.dampingGiven === true && damping !== 1) {
      throw new ParameterError('--damping', options.damping, '1 with --trajectory (the SE tracks undamped GAMP only)');
    }
  }
  // the start V₀: for GAMP-BO the error of Ŝ = 0, Q₀, so that Nishimori's identities hold from the
  // first step on (its SE assumes them); any V₀ for the ERM (the SE starts from the same one)
  const initialV = bayes ? model.spectralLaw(d).moment(2) : 1;
  const gampOptions =
    trajectoryLength === undefined
      ? { damping, tolerance, maxIterations, acceleration }
      : { damping: 1, acceleration: 'none' as const, tolerance, maxIterations: trajectoryLength, initialV };
  const backend = await selectFormsBackend(
    container.get(ComputeBackendRegistry),
    options.backend === undefined ? undefined : String(options.backend),
  );
  const started = performance.now();
  const runs: (GampInstanceResult & { seed: number })[] = [];
  for (let k = 0; k < seeds; k++) {
    const seed = firstSeed + k;
    const result = await solveWithGamp({ ...request, seed, sampleForms: backend.sampleForms }, gampOptions);
    process.stderr.write(`seed ${seed}: ${result.status} in ${result.iterations} iterations (${result.seconds.toFixed(1)} s)\n`);
    runs.push({ ...result, seed });
  }
  const seconds = (performance.now() - started) / 1000;
  const ok = runs.filter((r) => r.status === 'converged');
  // a seed that did not converge is reported with its status and left out of the means; exit 1 says
  // so (a trajectory run stops after K iterations by design)
  if (ok.length < runs.length && trajectoryLength === undefined) requestExitStatus(1);
  const trajectory =
    trajectoryLength === undefined || seSolver?.trajectory === undefined
      ? undefined
      : compareTrajectories(
          runs.map((r) => r.history),
          await seSolver.trajectory({ ...request, kappa }, { q: 0, m: 0, sigma: initialV }, trajectoryLength),
        );
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
    backend: backend.note,
    precision: runs[0]?.precision,
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
    ...(trajectory === undefined ? {} : { trajectory }),
  };
  if (options.json) {
    printJson(summary);
    return;
  }
  printLines([
    `${model.label}: GAMP-${estimator}${bayes ? '' : ` (${param})`} on ${backend.note}, d = ${d}, α = ${request.alpha}, λ̃ = ${request.lambdaTilde}, Δ = ${request.noise}, T = ${T} (${seconds.toFixed(1)} s)`,
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
    ...(trajectory === undefined
      ? []
      : [
          '',
          `undamped GAMP (mean ± s.e. over ${runs.length} seeds) against the state evolution from Ŝ = 0, V = ${formatNumber(initialV, 4)}:`,
          ...table([
            ['iteration', 'm GAMP', 'm SE', 'q GAMP', 'q SE', 'MSE_S GAMP', 'MSE_S SE'],
            ...trajectory.map((t) => [
              String(t.iteration),
              `${formatNumber(t.gamp.m.mean, 5)} ± ${formatNumber(t.gamp.m.standardError, 2)}`,
              formatNumber(t.se?.m ?? Number.NaN, 5),
              `${formatNumber(t.gamp.q.mean, 5)} ± ${formatNumber(t.gamp.q.standardError, 2)}`,
              formatNumber(t.se?.q ?? Number.NaN, 5),
              `${formatNumber(t.gamp.mseS.mean, 5)} ± ${formatNumber(t.gamp.mseS.standardError, 2)}`,
              formatNumber(t.se?.mseS ?? Number.NaN, 5),
            ]),
          ]),
        ]),
  ]);
}

interface MeanAndError {
  readonly mean: number;
  readonly standardError: number;
}

/** Per iteration: GAMP's overlaps over the seeds that reached it, and the SE's (undefined past its end). */
function compareTrajectories(
  histories: readonly (readonly GampIterate[])[],
  se: readonly TrajectoryPoint[],
): { iteration: number; seeds: number; gamp: Record<'m' | 'q' | 'mseS', MeanAndError>; se?: TrajectoryPoint }[] {
  const length = Math.max(0, ...histories.map((h) => h.length));
  const rows = [];
  for (let k = 0; k < length; k++) {
    const at = histories.flatMap((h) => (k < h.length ? [h[k]] : []));
    const summary = (values: number[]): MeanAndError => ({
      mean: mean(values),
      standardError: std(values) / Math.sqrt(values.length),
    });
    rows.push({
      iteration: k + 1,
      seeds: at.length,
      gamp: { m: summary(at.map((i) => i.m)), q: summary(at.map((i) => i.q)), mseS: summary(at.map((i) => i.mseS)) },
      se: se[k],
    });
  }
  return rows;
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
