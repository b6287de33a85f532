import type { ResultRow, SchemaValues } from '@attention-hd/core';
import { decomposeTestError } from '@attention-hd/spectra';
import { defineExperiment, type MethodContext, type UnitValues } from '../../framework/define-experiment.js';
import { missingEngines, paperParameterization } from '../experiment-services.js';
import { jsonSafe } from '../sweep-figure.js';
import { channelLawSchema, lambdaPattern, logNGrid, PowerLawCurve, powerLawSchema, schedules } from './power-law-curve.js';

const parts = [
  ['asymptotic', 'e∞ (label noise, n → ∞)'],
  ['overfitting', 'noise bulk (overfitting)'],
  ['unrecovered', 'unrecovered modes'],
  ['recovered', 'recovered modes (outliers)'],
] as const;

const schema = {
  ...powerLawSchema,
  d: { kind: 'number', description: 'dimension', default: 200, range: { integer: true, min: 4, max: 20000 } },
  lambda: {
    kind: 'text',
    description: 'λ(n, d), e.g. "1/d" (numbers, n, d, n^p, d^p, sqrt(·) joined by * and /)',
    default: '1/d',
    pattern: lambdaPattern,
    allowed: 'one λ(n, d) expression, e.g. "1/d"',
  },
  logNMin: { kind: 'number', description: 'smallest log_d n', default: 1, range: { min: 0, max: 6 } },
  logNMax: { kind: 'number', description: 'largest log_d n', default: 3, range: { min: 0, max: 6 } },
  points: { kind: 'number', description: 'values of n', default: 25, range: { integer: true, min: 2, max: 400 } },
  draws: {
    kind: 'number',
    description: 'GOE draws that average the diagonal Ŝ_ii of the learned weights in the target basis',
    default: 4,
    range: { integer: true, min: 1, max: 100 },
  },
  ...channelLawSchema,
} as const;

const title = 'Fig. 3 (bottom): error decomposition for a power-law target';

/**
 * Fig. 3 (bottom): the shares of the test error from the noise bulk, the unrecovered and the
 * recovered target modes, and e∞, against n (docs/theory.md §5.2; the definition is spectra's
 * decomposeTestError: exact parts of ‖Ŝ − c∞S₀‖²/d, e_test − e∞ shared in proportion).
 */
export const errorDecompositionExperiment = defineExperiment({
  id: 'error-decomposition',
  title,
  description: 'shares of e_test from the noise bulk, unrecovered and recovered modes, and e∞, vs n (finite-d SE)',
  parameters: schema,
  presets: { quick: { d: 40, points: 6, logNMin: 1.2, logNMax: 2.6, samples: 4096 } },
  missing: (services) => missingEngines(services, { theory: [paperParameterization] }),
  units(parameters) {
    const [schedule] = schedules(parameters.lambda, 'lambda');
    return [{ method: 'theory', values: { lambda: schedule.label } }];
  },
  methods: { theory: run },
  figure(rows, parameters) {
    const long = rows
      .filter((r) => r.method === 'theory' && r.fractionAsymptotic !== undefined && r.fractionAsymptotic !== null)
      .flatMap((r) =>
        parts.map(([key, label], order) => ({
          n: Number(r.n),
          share: Number(r[`fraction${key[0].toUpperCase()}${key.slice(1)}`]),
          part: label,
          order,
        })),
      );
    const modes = rows.filter((r) => r.method === 'theory' && r.recoveredModes !== undefined).map(jsonSafe);
    const ns = rows.map((r) => Number(r.n)).filter((n) => n > 0);
    const x = {
      field: 'n',
      type: 'quantitative',
      scale: { type: 'log', domain: [Math.min(...ns), Math.max(...ns)], nice: false },
      title: 'n',
    };
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: title,
        subtitle: [
          `γ = ${parameters.gamma}, Δ = ${parameters.noise}, T = ${parameters.T}, d = ${parameters.d}, λ = ${parameters.lambda}`,
          'test error − e∞ shared in proportion to ‖Ŝ − c∞S₀‖²/d split in the target basis (diagonal: modes; off-diagonal: bulk)',
        ],
      },
      vconcat: [
        {
          width: 480,
          height: 260,
          data: { values: long },
          mark: { type: 'area' },
          encoding: {
            x,
            y: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'share of the test error' },
            color: { field: 'part', type: 'nominal', title: 'part', sort: parts.map(([, l]) => l), legend: { labelLimit: 300 } },
            order: { field: 'order' },
          },
        },
        {
          width: 480,
          height: 120,
          data: { values: modes },
          mark: { type: 'line', point: true },
          encoding: {
            x,
            y: { field: 'recoveredModes', type: 'quantitative', scale: { type: 'log' }, title: 'recovered modes K' },
          },
        },
      ],
      config: { font: 'DejaVu Sans', background: 'white' },
    };
  },
  summary(rows) {
    const theory = rows.filter(
      (r) => r.method === 'theory' && r.fractionAsymptotic !== undefined && r.fractionAsymptotic !== null,
    );
    const series = (field: string) => ({ x: theory.map((r) => Number(r.n)), y: theory.map((r) => Number(r[field])) });
    return {
      fraction_asymptotic: series('fractionAsymptotic'),
      fraction_overfitting: series('fractionOverfitting'),
      fraction_unrecovered: series('fractionUnrecovered'),
      fraction_recovered: series('fractionRecovered'),
      recovered_modes: series('recoveredModes'),
      maxFractionSumError: Math.max(0, ...theory.map((r) => Math.abs(Number(r.fractionSumError)))),
      maxMsePartsError: Math.max(0, ...theory.map((r) => Math.abs(Number(r.msePartsError)))),
    };
  },
});

type Values = SchemaValues<typeof schema>;

async function run(_values: UnitValues, parameters: Values, context: MethodContext): Promise<ResultRow[]> {
  const d = parameters.d;
  const [schedule] = schedules(parameters.lambda, 'lambda');
  const curve = new PowerLawCurve(context.services, parameters, d);
  const gaussianAsymptotic = curve.asymptotic();
  const exact = parameters.channelLaw === 'exact';
  // with the exact law, e_test, e∞ and c∞ are all the exact law's (docs/theory.md §5.4)
  const asymptotic = exact ? curve.asymptoticExact(parameters.exactSamples) : gaussianAsymptotic;
  const law = curve.target.spectralLaw(d);
  const points = await curve.solve(
    logNGrid(parameters).map((l) => d ** l),
    schedule,
    ({ n }) => context.progress.update({ metrics: { n } }),
  );
  return points.map((point) => {
    const { n, alpha, lambdaTilde, result } = point;
    const testError =
      exact && result.status === 'converged'
        ? curve.exactTestError(point, parameters.exactSamples).value
        : result.point.testError;
    const p = { ...result.point, testError };
    const base = {
      ...(exact
        ? {
            channelLaw: 'exact',
            testErrorGaussian: result.point.testError,
            asymptoticErrorGaussian: gaussianAsymptotic.value,
          }
        : {}),
      lambda: schedule.label,
      n,
      alpha,
      logN: Math.log(n) / Math.log(d),
      lambdaTilde,
      testError: p.testError,
      asymptoticError: asymptotic.value,
      asymptoticScale: asymptotic.scale,
      status: result.status,
    };
    if (result.status !== 'converged' || !(p.testError > asymptotic.value)) {
      return {
        ...base,
        note: result.status !== 'converged' ? result.reason : 'e_test ≤ e∞ within integration error: nothing to share',
      };
    }
    const split = decomposeTestError(
      law,
      p,
      { testError: asymptotic.value, scale: asymptotic.scale },
      { draws: parameters.draws, seed: 1 },
    );
    const { fractions, mse, recovery } = split;
    return {
      ...base,
      fractionAsymptotic: fractions.asymptotic,
      fractionOverfitting: fractions.overfitting,
      fractionUnrecovered: fractions.unrecovered,
      fractionRecovered: fractions.recovered,
      fractionSumError: fractions.asymptotic + fractions.overfitting + fractions.unrecovered + fractions.recovered - 1,
      mse: mse.total,
      mseBulk: mse.bulk,
      mseUnrecovered: mse.unrecovered,
      mseRecovered: mse.recovered,
      // Σ s_iŜ_ii/d of the sampled diagonal minus the SE's m (a check, ~1/√(d·draws))
      mseOverlapCheck: mse.overlapCheck,
      msePartsError: mse.bulk + mse.unrecovered + mse.recovered - mse.total,
      recoveredModes: recovery.recovered,
      modesAboveNoise: recovery.aboveNoise,
      thresholdedModes: recovery.thresholded,
      delta: p.delta,
      epsilon: p.epsilon,
      eta: p.eta,
    };
  });
}
