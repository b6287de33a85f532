import {
  ComputeBackendRegistry,
  FreeConvolution,
  logspace,
  ParameterError,
  ParameterizationRegistry,
  type ResultRow,
  TheorySolverRegistry,
} from '@attention-hd/core';
import { bayesOptimalThreshold, rankFraction, selectFormsBackend, solveWithGamp } from '@attention-hd/theory-amp';
import { defineExperiment, type Services } from '../framework/define-experiment.js';
import { tidySummary } from '../framework/tidy-summary.js';
import { mpTarget, theorySolverFor, trainerFor } from './experiment-services.js';
import { jsonSafe } from './sweep-figure.js';

const BOUND = 'bayes-optimal';

/**
 * Fig. 8 (left): the ERM's test error at cross-validated λ̃ for each parameterization against the
 * Bayes-optimal one (docs/theory.md §3.13), the lower bound of every estimator, with the gap at each α
 * and the Bayes-optimal perfect-recovery threshold (Δ = 0) marked. One theory unit per
 * parameterization and α (a cross-validation is 5–10 s), one for the whole Bayes-optimal curve.
 */
export const bayesOptimalExperiment = defineExperiment({
  id: 'bayes-optimal',
  title: 'Fig. 8 (left): ERM at cross-validated λ̃ against the Bayes-optimal test error',
  description:
    'state evolution of each parameterization with λ̃ cross-validated at every α, and the Bayes-optimal state evolution (the lower bound), vs α',
  parameters: {
    params: {
      kind: 'text',
      description: 'parameterizations of the ERM curves (comma-separated ids with a theory solver)',
      default: 'factorized,direct',
      pattern: '[a-z0-9][a-z0-9-]*(,[a-z0-9][a-z0-9-]*)*',
      allowed: 'comma-separated parameterization ids, e.g. factorized,direct',
    },
    bound: {
      kind: 'text',
      description: 'the theory solver of the bound (see `list`)',
      default: BOUND,
      pattern: '[a-z0-9][a-z0-9-]*',
      allowed: 'a theory solver id such as bayes-optimal',
    },
    kappa0: {
      kind: 'number',
      description: 'target rank ratio κ₀ (Marchenko–Pastur target)',
      default: 0.5,
      range: { min: 0, minExclusive: true, max: 1 },
      symbol: 'κ₀',
    },
    noise: { kind: 'number', description: 'label-noise variance Δ', default: 0.5, range: { min: 0 }, symbol: 'Δ' },
    T: { kind: 'number', description: 'tokens per sequence', default: 2, range: { integer: true, min: 2, max: 12 }, symbol: 'T' },
    beta0: {
      kind: 'number',
      description: 'inverse temperature β = β₀ of target and student',
      default: 1,
      range: { min: 0, minExclusive: true },
      symbol: 'β₀',
    },
    alphaMin: { kind: 'number', description: 'smallest α', default: 0.05, range: { min: 0, minExclusive: true }, symbol: 'α' },
    alphaMax: { kind: 'number', description: 'largest α', default: 4, range: { min: 0, minExclusive: true }, symbol: 'α' },
    points: {
      kind: 'number',
      description: 'α of the ERM curves (log-spaced)',
      default: 8,
      range: { integer: true, min: 2, max: 200 },
    },
    boundPoints: {
      kind: 'number',
      description: 'α of the Bayes-optimal curve (log-spaced; it is cheap)',
      default: 64,
      range: { integer: true, min: 2, max: 2000 },
    },
    samples: {
      kind: 'number',
      description: 'channel nodes of the state evolutions',
      default: 65536,
      range: { integer: true, min: 1024, max: 4_194_304 },
    },
    simAlphas: {
      kind: 'list',
      description: 'α of the GAMP points at finite d (GAMP-BO, and GAMP-ERM at the theory’s cross-validated λ̃)',
      default: '0.5,1,2',
      range: { min: 0, minExclusive: true, max: 100 },
    },
    d: {
      kind: 'number',
      description: 'dimension of the GAMP instances',
      default: 100,
      range: { integer: true, min: 8, max: 2000 },
      symbol: 'd',
    },
    seeds: {
      kind: 'number',
      description: 'GAMP instances per α and estimator',
      default: 4,
      range: { integer: true, min: 0, max: 1000 },
    },
    seed: { kind: 'number', description: 'first seed', default: 1, range: { integer: true, min: 0 } },
  },
  presets: {
    quick: { points: 3, boundPoints: 12, samples: 8192, alphaMin: 0.1, alphaMax: 2, simAlphas: '1', d: 30, seeds: 1 },
  },
  validate: (p, services) => {
    for (const param of erms(p)) theorySolverFor(services, param);
    if (p.seeds > 0 && p.simAlphas.length > 0) for (const param of erms(p)) trainerFor(services, param, 'gamp-erm');
    boundSolver(services, p.bound);
    if (!(p.alphaMax > p.alphaMin)) throw new ParameterError('alphaMax', p.alphaMax, `a number > alphaMin = ${p.alphaMin}`);
  },
  units: (p) => [
    ...erms(p).flatMap((param) =>
      ermAlphas(p).map((alpha) => ({ method: 'theory' as const, values: { estimator: param, alpha } })),
    ),
    { method: 'theory', values: { estimator: p.bound } },
    // GAMP points: GAMP-ERM per parameterization and GAMP-BO, per α and instance
    ...[...erms(p), p.bound].flatMap((estimator) =>
      p.simAlphas.flatMap((alpha) =>
        Array.from({ length: p.seeds }, (_, k) => ({
          method: 'simulation' as const,
          values: { estimator, alpha, seed: p.seed + k },
        })),
      ),
    ),
  ],
  methods: {
    async theory(unit, p, { services }) {
      const target = mpTarget(services, p.kappa0);
      const problem = { target, lambdaTilde: 0.01, noise: p.noise, T: p.T, beta: p.beta0, beta0: p.beta0, kappa: 1 };
      const options = { samples: p.samples, seed: 1 };
      const estimator = String(unit.estimator);
      if (estimator === p.bound) {
        const solver = boundSolver(services, p.bound);
        const alphas = logspace(p.alphaMin, p.alphaMax, p.boundPoints);
        const results = await solver.solveCurve(problem, alphas, options);
        const threshold = bayesOptimalThreshold(rankFraction(target.spectralLaw()), p.T);
        return [
          ...results.map((r) => ({
            estimator,
            alpha: r.point.alpha,
            testError: r.point.testError,
            testErrorStdErr: r.point.testErrorStdErr,
            mseS: r.point.mseS,
            status: r.status,
          })),
          { estimator: 'threshold', alpha: threshold.alpha, alphaBar: threshold.alphaBar, status: threshold.status },
        ];
      }
      const cv = await theorySolverFor(services, estimator).crossValidate({ ...problem, alpha: Number(unit.alpha) }, options);
      const point = cv.result.point;
      return [
        {
          estimator,
          alpha: Number(unit.alpha),
          testError: cv.testError,
          testErrorStdErr: point.testErrorStdErr,
          mseS: point.mseS,
          lambdaTilde: cv.lambdaTildeOptimal,
          status: cv.result.status,
        },
      ];
    },
    async simulation(unit, p, { services }) {
      const [estimator, alpha, seed] = [String(unit.estimator), Number(unit.alpha), Number(unit.seed)];
      const target = mpTarget(services, p.kappa0);
      const setting = { target, d: p.d, alpha, T: p.T, noise: p.noise, beta: p.beta0, beta0: p.beta0 };
      if (estimator === p.bound) {
        const backend = await selectFormsBackend(services.get(ComputeBackendRegistry));
        const r = await solveWithGamp({
          ...setting,
          estimator: 'bayes-optimal',
          freeConvolution: services.get(FreeConvolution),
          lambdaTilde: 0,
          seed,
          sampleForms: backend.sampleForms,
        });
        const stopReason = r.status === 'converged' ? 'tolerance' : r.status === 'max-iterations' ? 'max-steps' : 'diverged';
        return [
          { estimator, alpha, seed, testError: r.testError, mseS: r.mseS, steps: r.iterations, stopReason, seconds: r.seconds },
        ];
      }
      // GAMP-ERM at the λ̃ the theory cross-validates at this α (the ERM curve's λ̃)
      const problem = { target, lambdaTilde: 0.01, noise: p.noise, T: p.T, beta: p.beta0, beta0: p.beta0, kappa: 1, alpha };
      const cv = await theorySolverFor(services, estimator).crossValidate(problem, {
        samples: Math.min(p.samples, 16384),
        seed: 1,
      });
      const parameterization = services.get(ParameterizationRegistry).get(estimator);
      const lambda = parameterization.lambdaFromTilde(cv.lambdaTildeOptimal, parameterization.shape(p.d, 1));
      const r = await trainerFor(services, estimator, 'gamp-erm').train({
        ...setting,
        parameterization: estimator,
        kappa: 1,
        lambda,
        output: 'seq2lab',
        adam: { learningRate: 0, beta1: 0, beta2: 0, epsilon: 1 },
        tolerance: 0,
        minSteps: 0,
        maxSteps: 500,
        initScale: 1,
        testSamples: 10000,
        seeds: { data: seed, init: seed, teacher: seed },
      });
      return [
        {
          estimator,
          alpha,
          seed,
          testError: r.testError,
          mseS: r.mseS,
          lambdaTilde: cv.lambdaTildeOptimal,
          steps: r.steps,
          stopReason: r.stopReason,
          seconds: r.seconds,
        },
      ];
    },
  },
  figure: (rows, p) => {
    const curves = rows.filter(
      (r) => r.method === 'theory' && r.estimator !== 'threshold' && Number.isFinite(Number(r.testError)),
    );
    const points = rows.filter((r) => r.method === 'simulation' && Number.isFinite(Number(r.testError)));
    const threshold = rows.find((r) => r.estimator === 'threshold');
    const alphas = [...curves, ...points].map((r) => Number(r.alpha));
    const x = {
      field: 'alpha',
      type: 'quantitative',
      title: 'α = n/d²',
      scale: { type: 'log', domain: [Math.min(...alphas), Math.max(...alphas)], nice: false },
    };
    const order = [...erms(p), p.bound];
    const color = {
      field: 'estimator',
      type: 'nominal',
      title: 'estimator',
      scale: { domain: order },
      legend: {
        labelLimit: 400,
        labelExpr: `datum.value === '${p.bound}' ? 'Bayes-optimal (bound)' : datum.value + ', λ̃ cross-validated'`,
      },
    };
    const y = { field: 'testError', type: 'quantitative', title: 'test error', scale: { zero: false } };
    const inWindow =
      threshold !== undefined && Number(threshold.alpha) >= Math.min(...alphas) && Number(threshold.alpha) <= Math.max(...alphas);
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: 'Fig. 8 (left): ERM against the Bayes-optimal test error',
        subtitle: [
          `MP target κ₀ = ${p.kappa0}, Δ = ${p.noise}, T = ${p.T}, β = β₀ = ${p.beta0}`,
          ...(inWindow
            ? [`dotted: Bayes-optimal perfect recovery at Δ = 0 (α = ${Number(threshold?.alpha).toPrecision(3)})`]
            : []),
          ...(points.length > 0
            ? [
                `points: GAMP at d = ${p.d}, mean ± std over ${p.seeds} instance${p.seeds === 1 ? '' : 's'} (GAMP-ERM at the curve's λ̃)`,
              ]
            : []),
        ],
      },
      width: 420,
      height: 300,
      layer: [
        {
          data: { values: curves.filter((r) => r.estimator === p.bound).map(jsonSafe) },
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y, color },
        },
        {
          data: { values: curves.filter((r) => r.estimator !== p.bound).map(jsonSafe) },
          mark: { type: 'line', point: true, strokeWidth: 2 },
          encoding: { x, y, color },
        },
        {
          data: { values: points.map(jsonSafe) },
          mark: { type: 'errorbar', extent: 'stdev', ticks: true },
          encoding: { x, y, color },
        },
        {
          data: { values: points.map(jsonSafe) },
          mark: { type: 'point', filled: true, size: 50 },
          encoding: { x, y: { ...y, aggregate: 'mean' }, color },
        },
        ...(inWindow
          ? [
              {
                data: { values: [jsonSafe(threshold)] },
                mark: { type: 'rule', strokeDash: [2, 3], color: 'black' },
                encoding: { x: { ...x, field: 'alpha' } },
              },
            ]
          : []),
      ],
      config: { font: 'DejaVu Sans', background: 'white' },
    };
  },
  summary: (rows, p) => {
    const curves = rows.filter((r) => r.estimator !== 'threshold');
    const unconverged = rows.filter((r) => r.method === 'simulation' && r.stopReason !== 'tolerance').length;
    const bound = curves
      .filter((r) => r.method === 'theory' && r.estimator === p.bound)
      .sort((a, b) => Number(a.alpha) - Number(b.alpha));
    // the gap at every α of the ERM curves: the bound interpolated in log α (it is smooth and dense)
    const gaps = curves
      .filter((r) => r.method === 'theory' && r.estimator !== p.bound)
      .map((r) => {
        const at = boundAt(bound, Number(r.alpha));
        return {
          estimator: r.estimator,
          alpha: r.alpha,
          ermTestError: r.testError,
          bayesOptimalTestError: at,
          gap: Number(r.testError) - at,
          lambdaTilde: r.lambdaTilde,
        };
      });
    const threshold = rows.find((r) => r.estimator === 'threshold');
    return {
      ...tidySummary(curves, { x: 'alpha', series: 'estimator', metrics: ['testError', 'mseS'] }),
      gaps,
      boundHolds: gaps.every((g) => g.gap >= 0),
      ...(unconverged > 0 ? { gampNotConverged: unconverged } : {}),
      ...(threshold !== undefined ? { perfectRecoveryThreshold: { alpha: threshold.alpha, alphaBar: threshold.alphaBar } } : {}),
    };
  },
});

function erms(p: { readonly params: string }): string[] {
  return p.params.split(',');
}

function ermAlphas(p: { readonly alphaMin: number; readonly alphaMax: number; readonly points: number }): number[] {
  return logspace(p.alphaMin, p.alphaMax, p.points);
}

function boundSolver(services: Services, id: string) {
  const registry = services.get(TheorySolverRegistry);
  if (!registry.has(id)) throw new ParameterError('bound', id, `a registered theory solver: ${registry.ids().join(', ')}`);
  return registry.get(id);
}

/** The bound's test error at α, linear in log α between its two neighbouring points (NaN outside). */
function boundAt(bound: readonly ResultRow[], alpha: number): number {
  for (let i = 0; i + 1 < bound.length; i++) {
    const [a, b] = [Number(bound[i].alpha), Number(bound[i + 1].alpha)];
    if (alpha >= a * (1 - 1e-12) && alpha <= b * (1 + 1e-12)) {
      const w = Math.log(alpha / a) / Math.log(b / a);
      return (1 - w) * Number(bound[i].testError) + w * Number(bound[i + 1].testError);
    }
  }
  return Number.NaN;
}
