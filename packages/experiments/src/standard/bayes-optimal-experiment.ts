import { logspace, ParameterError, type ResultRow, TheorySolverRegistry } from '@attention-hd/core';
import { bayesOptimalThreshold, rankFraction } from '@attention-hd/theory-amp';
import { defineExperiment, type Services } from '../framework/define-experiment.js';
import { tidySummary } from '../framework/tidy-summary.js';
import { mpTarget, theorySolverFor } from './experiment-services.js';
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
  },
  presets: { quick: { points: 3, boundPoints: 12, samples: 8192, alphaMin: 0.1, alphaMax: 2 } },
  validate: (p, services) => {
    for (const param of erms(p)) theorySolverFor(services, param);
    boundSolver(services, p.bound);
    if (!(p.alphaMax > p.alphaMin)) throw new ParameterError('alphaMax', p.alphaMax, `a number > alphaMin = ${p.alphaMin}`);
  },
  units: (p) => [
    ...erms(p).flatMap((param) =>
      ermAlphas(p).map((alpha) => ({ method: 'theory' as const, values: { estimator: param, alpha } })),
    ),
    { method: 'theory', values: { estimator: p.bound } },
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
  },
  figure: (rows, p) => {
    const curves = rows.filter((r) => r.estimator !== 'threshold' && Number.isFinite(Number(r.testError)));
    const threshold = rows.find((r) => r.estimator === 'threshold');
    const alphas = curves.map((r) => Number(r.alpha));
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
    const bound = curves.filter((r) => r.estimator === p.bound).sort((a, b) => Number(a.alpha) - Number(b.alpha));
    // the gap at every α of the ERM curves: the bound interpolated in log α (it is smooth and dense)
    const gaps = curves
      .filter((r) => r.estimator !== p.bound)
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
