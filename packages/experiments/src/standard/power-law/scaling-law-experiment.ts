import { FreeConvolution, type ResultRow, type SchemaValues } from '@attention-hd/core';
import { fitScalingRegimes, interpolationThreshold, type ScalingFit, scalingRegime } from '@attention-hd/theory-amp';
import { defineExperiment, type MethodContext, type Unit, type UnitValues } from '../../framework/define-experiment.js';
import { missingEngines, paperParameterization, simulatorParameter } from '../experiment-services.js';
import { jsonSafe } from '../sweep-figure.js';
import { channelLawSchema, lambdaPattern, logNGrid, PowerLawCurve, powerLawSchema, schedules } from './power-law-curve.js';

const schema = {
  ...powerLawSchema,
  d: {
    kind: 'number',
    description: 'dimension of the theory and of Adam',
    default: 200,
    range: { integer: true, min: 4, max: 20000 },
  },
  lambdas: {
    kind: 'text',
    description: 'λ(n, d) schedules separated by ";" (numbers, n, d, n^p, d^p, sqrt(·) joined by * and /)',
    default: '1/d;1;sqrt(d)',
    pattern: lambdaPattern,
    allowed: 'e.g. "1/d;1;sqrt(d)"',
  },
  logNMin: {
    kind: 'number',
    description: 'smallest log_d n of the theory curves',
    default: 1,
    range: { min: 0, max: 6 },
  },
  logNMax: { kind: 'number', description: 'largest log_d n', default: 3, range: { min: 0, max: 6 } },
  points: {
    kind: 'number',
    description: 'theory points per λ',
    default: 25,
    range: { integer: true, min: 3, max: 400 },
  },
  fitMargin: {
    kind: 'number',
    description: "'auto' fit windows keep points whose regime is the same this far (in log_d n) on both sides",
    default: 0.1,
    range: { min: 0, max: 1 },
  },
  fitWindows: {
    kind: 'text',
    description: "per λ, separated by ';': 'auto' (from the regime table) or 'lo:hi' in log_d n",
    default: 'auto',
    pattern: '^(auto|[0-9.]+:[0-9.]+)(;(auto|[0-9.]+:[0-9.]+))*$',
    allowed: "'auto' or 'lo:hi' per λ, e.g. \"1.2:1.5;auto;auto\"",
  },
  simN: { kind: 'list', description: 'n of the Adam runs (every λ)', default: '1000,4000,16000', range: { min: 1 } },
  seeds: {
    kind: 'number',
    description: 'Adam runs per (λ, n); 0: theory only',
    default: 8,
    range: { integer: true, min: 0, max: 1000 },
  },
  tol: {
    kind: 'number',
    description: 'Adam stopping tolerance on |ΔL|/d² (1e-7 stopped d = 200, n = 1000 at 170 steps, e_test 3 % low)',
    default: 1e-9,
    range: { min: 0 },
  },
  maxSteps: { kind: 'number', description: 'Adam step cap', default: 20000, range: { integer: true, min: 1 } },
  simulator: simulatorParameter,
  ...channelLawSchema,
} as const;

const title = 'Fig. 4 (left): scaling laws of the excess test error, power-law target';

/**
 * Fig. 4 (left): the excess test error e_test − e∞ against n for a power-law target at several
 * λ(n, d), theory at finite d (docs/theory.md §5.1) and Adam, with the exponent fitted in each regime of
 * docs/theory.md §5.3 and the predicted one drawn as a reference slope.
 */
export const scalingLawExperiment = defineExperiment({
  id: 'scaling-law',
  title,
  description:
    'e_test − e∞ vs n at λ ∈ {1/d, 1, √d} (finite-d SE, Adam points), exponents fitted per regime of docs/theory.md §5.3 against f(γ)',
  parameters: schema,
  presets: {
    quick: { d: 40, points: 7, logNMin: 1.2, logNMax: 2.8, simN: '200,800', seeds: 1, maxSteps: 2000, samples: 4096 },
  },
  missing: (services) => missingEngines(services, { theory: [paperParameterization], trainer: [paperParameterization] }),
  units(parameters) {
    const labels = schedules(parameters.lambdas, 'lambdas').map((s) => s.label);
    const points: Unit[] = labels.map((lambda) => ({
      method: 'theory',
      values: { lambda },
    }));
    for (const lambda of labels) {
      for (const n of parameters.simN) {
        for (let seed = 1; seed <= parameters.seeds; seed++) {
          points.push({
            method: 'simulation',
            values: { lambda, n, seed },
          });
        }
      }
    }
    return points;
  },
  methods: {
    theory: run,
    simulation: run,
  },
  figure(rows, parameters) {
    const fitted = fits(rows, parameters);
    // reference slopes: the predicted exponent through the fitted line's middle, over the fit window
    const references = fitted.flatMap((f) => {
      const theory = rows.filter(
        (r) => r.method === 'theory' && r.lambda === f.lambda && Number(r.n) >= f.nMin && Number(r.n) <= f.nMax,
      );
      if (theory.length === 0) return [];
      const mid = Math.sqrt(f.nMin * f.nMax);
      const logMid = theory.reduce((a, r) => a + Math.log(Number(r.excess)), 0) / theory.length;
      return [f.nMin, f.nMax].map((n) => ({
        n,
        excess: Math.exp(logMid - f.predictedExponent * Math.log(n / mid)),
        reference: `λ = ${scheduleText(f.lambda)}, ${f.regime}: slope ${slopeText(f.predictedExponent)} predicted, ${slopeText(f.exponent)} fitted`,
      }));
    });
    const ns = rows.map((r) => Number(r.n)).filter((n) => n > 0);
    const x = {
      field: 'n',
      type: 'quantitative',
      scale: { type: 'log', domain: [Math.min(...ns) / 1.1, Math.max(...ns) * 1.1], nice: false },
      title: 'n',
    };
    // the y title reads horizontally above the axis: rotated, "e∞" would read as "e8"
    const y = {
      field: 'excess',
      type: 'quantitative',
      scale: { type: 'log' },
      title: 'excess test error e(test) − e∞',
      axis: { titleAngle: 0, titleAlign: 'left', titleAnchor: 'end', titleX: -40, titleY: -12, titleBaseline: 'bottom' },
    };
    // λ in the order the schedules were given, written as in the paper (1/d, 1, √d)
    const labels = schedules(parameters.lambdas, 'lambdas').map((sch) => scheduleText(sch.label));
    const color = { field: 'lambdaShown', type: 'nominal', title: 'λ', scale: { domain: labels } };
    const shown = (r: ResultRow) => ({ ...jsonSafe(r), lambdaShown: scheduleText(String(r.lambda)) });
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: title,
        subtitle: [
          `γ = ${parameters.gamma}, Δ = ${parameters.noise}, T = ${parameters.T}, d = ${parameters.d}`,
          'lines: theory; dots: Adam mean ± s.e.; dashed: the predicted slope through the fit window',
        ],
      },
      width: 480,
      height: 340,
      layer: [
        {
          data: { values: rows.filter((r) => r.method === 'theory' && Number(r.excess) > 0).map(shown) },
          mark: { type: 'line' },
          encoding: { x, y, color },
        },
        {
          data: { values: rows.filter((r) => r.method === 'simulation' && Number(r.excess) > 0).map(shown) },
          transform: [
            {
              aggregate: [
                { op: 'mean', field: 'excess', as: 'mean' },
                { op: 'stderr', field: 'excess', as: 'se' },
              ],
              groupby: ['lambdaShown', 'n'],
            },
            { calculate: 'datum.mean', as: 'excess' },
            { calculate: 'max(datum.mean - datum.se, datum.mean * 0.5)', as: 'lo' },
            { calculate: 'datum.mean + datum.se', as: 'hi' },
          ],
          layer: [
            { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color } },
            {
              mark: { type: 'rule' },
              encoding: { x, y: { field: 'lo', type: 'quantitative', scale: { type: 'log' } }, y2: { field: 'hi' }, color },
            },
          ],
        },
        {
          data: { values: references },
          mark: { type: 'line', strokeDash: [6, 4], color: 'black' },
          encoding: { x, y, detail: { field: 'reference' } },
        },
        {
          data: { values: references.filter((_, i) => i % 2 === 1) },
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 9 },
          encoding: { x, y, text: { field: 'reference' } },
        },
      ],
      config: { font: 'DejaVu Sans', background: 'white' },
    };
  },
  summary(rows, parameters) {
    const out: Record<string, unknown> = {};
    for (const r of rows.filter((row) => row.method === 'theory')) {
      const name = `excess_theory_${r.lambda}`;
      const entry = (out[name] ??= { x: [], y: [] }) as { x: number[]; y: number[] };
      entry.x.push(Number(r.n));
      entry.y.push(Number(r.excess));
    }
    const first = rows.find((r) => r.asymptoticError !== undefined);
    return {
      ...out,
      asymptoticError: first === undefined ? null : Number(first.asymptoticError),
      fits: fits(rows, parameters),
      adamVsTheory: adamVsTheory(rows),
    };
  },
});

type Values = SchemaValues<typeof schema>;

/** A λ schedule as the paper writes it: sqrt(d) → √d. */
export function scheduleText(label: string): string {
  return label.replace(/sqrt\(([^()]*)\)/g, '√$1').replace(/\*/g, '·');
}

/** The slope of log(excess) against log n for a decay exponent e (excess ∝ n^(−e)). */
function slopeText(exponent: number): string {
  const slope = -exponent;
  return Math.abs(slope) < 5e-3 ? '0' : `${slope < 0 ? '−' : '+'}${Math.abs(slope).toFixed(2)}`;
}

async function run(values: UnitValues, parameters: Values, context: MethodContext): Promise<ResultRow[]> {
  const d = parameters.d;
  const curve = new PowerLawCurve(context.services, parameters, d);
  const schedule = schedules(parameters.lambdas, 'lambdas').find((s) => s.label === values.lambda);
  if (schedule === undefined) throw new Error(`λ schedule '${values.lambda}' is not in lambdas`);
  const gaussianAsymptotic = curve.asymptotic();
  const exact = parameters.channelLaw === 'exact';
  const asymptotic = exact ? curve.asymptoticExact(parameters.exactSamples) : gaussianAsymptotic;
  if (context.method === 'theory') {
    const alphaInterp = interpolationThreshold(
      context.services.get(FreeConvolution),
      curve.target.spectralLaw(d),
      parameters.noise,
      parameters.T,
    ).alpha;
    // the grid, and the Adam n, so that summary.json compares them at the same n
    const ns = [...new Set([...logNGrid(parameters).map((l) => d ** l), ...(parameters.seeds > 0 ? parameters.simN : [])])].sort(
      (a, b) => a - b,
    );
    const points = await curve.solve(ns, schedule, ({ n }) => context.progress.update({ metrics: { n } }));
    return points.map((point) => {
      const { n, alpha, lambdaTilde, result } = point;
      const regime = scalingRegime(Math.log(n) / Math.log(d), Math.log(lambdaTilde) / Math.log(d), parameters.gamma);
      const gaussian = { value: result.point.testError, standardError: result.point.testErrorStdErr };
      const exactLaw =
        exact && result.status === 'converged' ? curve.exactLaw(point, parameters.exactSamples, parameters.exactDraws) : null;
      const testError = exactLaw ?? gaussian;
      const fixedPoint = exactLaw?.solution;
      return {
        ...(exact
          ? {
              channelLaw: 'exact',
              testErrorGaussian: gaussian.value,
              asymptoticErrorGaussian: gaussianAsymptotic.value,
              excessGaussian: gaussian.value - gaussianAsymptotic.value,
              mseSGaussian: result.point.mseS,
              exactLawTrainingSide: exactLaw?.trainingSide ?? false,
              exactLawModes: exactLaw?.modes ?? 0,
            }
          : {}),
        lambda: schedule.label,
        n,
        alpha,
        logN: Math.log(n) / Math.log(d),
        lambdaTilde,
        testError: testError.value,
        testErrorStdErr: testError.standardError,
        asymptoticError: asymptotic.value,
        excess: testError.value - asymptotic.value,
        mseS: fixedPoint?.mseS ?? result.point.mseS,
        delta: result.point.delta,
        epsilon: result.point.epsilon,
        eta: result.point.eta,
        regime: regime.id,
        predictedExponent: regime.exponent,
        alphaInterp,
        // the exact-law fixed point's own status where it was re-solved
        status: fixedPoint?.status ?? result.status,
      };
    });
  }
  const n = Number(values.n);
  const seed = Number(values.seed);
  const lambda = schedule.at(n, d);
  const r = await curve.train(n, lambda, seed, context.backend);
  return [
    {
      lambda: schedule.label,
      n,
      alpha: n / (d * d),
      seed,
      lambdaTilde: lambda,
      testError: r.testError,
      asymptoticError: asymptotic.value,
      excess: r.testError - asymptotic.value,
      mseS: r.mseS,
      steps: r.steps,
      stopReason: r.stopReason,
      backend: r.backend,
      precision: r.precision,
      seconds: r.seconds,
    },
  ];
}

/** Per (λ, n) with Adam runs: their mean test error and standard error against the theory at that n. */
function adamVsTheory(rows: readonly ResultRow[]) {
  const groups = new Map<string, number[]>();
  for (const r of rows.filter((row) => row.method === 'simulation')) {
    const key = `${r.lambda}|${r.n}`;
    groups.set(key, [...(groups.get(key) ?? []), Number(r.testError)]);
  }
  return [...groups].map(([key, errors]) => {
    const [lambda, n] = key.split('|');
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    const sd = errors.length > 1 ? Math.sqrt(errors.reduce((a, b) => a + (b - mean) ** 2, 0) / (errors.length - 1)) : Number.NaN;
    const stdErr = sd / Math.sqrt(errors.length);
    const theory = rows.find((r) => r.method === 'theory' && r.lambda === lambda && Math.abs(Number(r.n) / Number(n) - 1) < 1e-9);
    const value = theory === undefined ? Number.NaN : Number(theory.testError);
    // with channelLaw 'exact' the Gaussian channel's value stays beside it
    const gaussian = theory?.testErrorGaussian === undefined ? undefined : Number(theory.testErrorGaussian);
    return {
      lambda,
      n: Number(n),
      seeds: errors.length,
      adamMean: mean,
      adamStdErr: stdErr,
      theory: value,
      standardErrors: (mean - value) / stdErr,
      ...(gaussian === undefined ? {} : { theoryGaussian: gaussian, standardErrorsGaussian: (mean - gaussian) / stdErr }),
    };
  });
}

/** The exponent fits per λ (theory-amp's fitScalingRegimes on this run's rows). */
function fits(rows: readonly ResultRow[], parameters: Values): ScalingFit[] {
  const labels = schedules(parameters.lambdas, 'lambdas').map((s) => s.label);
  const windows = String(parameters.fitWindows).split(';');
  return labels.flatMap((lambda, i) =>
    fitScalingRegimes(rows, {
      lambda,
      d: parameters.d,
      gamma: parameters.gamma,
      margin: parameters.fitMargin,
      window: windows[Math.min(i, windows.length - 1)] ?? 'auto',
    }),
  );
}
