import { FreeConvolution, type ResultRow, type SchemaValues } from '@attention-hd/core';
import { interpolationThreshold, lambdaScheduleOf, scalingBoundaries, scalingRegime } from '@attention-hd/theory-amp';
import { defineExperiment, type MethodContext, type UnitValues } from '../../framework/define-experiment.js';
import { missingEngines, paperParameterization } from '../experiment-services.js';
import { jsonSafe } from '../sweep-figure.js';
import { PowerLawCurve, powerLawSchema } from './power-law-curve.js';

/** Distance (in log_d units) from (ℓ_n, ℓ_λ) to the nearest regime boundary of docs/theory.md §5.3. */
export function distanceToBoundary(logN: number, logLambda: number, gamma: number): number {
  // lines ℓ_λ = a ℓ_n + b: perpendicular distance |a ℓ_n − ℓ_λ + b| / √(a² + 1)
  const lines: [number, number][] = [
    [0.5, -1],
    [1, -1.5],
    [1, -gamma - 1.5],
  ];
  const distances = lines.map(([a, b]) => Math.abs(a * logN - logLambda + b) / Math.hypot(a, 1));
  return Math.min(...distances, Math.abs(logN - scalingBoundaries.interpolation), Math.abs(logN - 1));
}

/** Why a measured exponent is off its region's rate (docs/theory.md §5.3 is asymptotic in d). */
function disagreementReason(r: ResultRow): string {
  const d = Number(r.n) ** (1 / Number(r.logN));
  const peak = 2 + Math.log(Number(r.alphaInterp)) / Math.log(d);
  if ((r.regime === 'R1' || r.regime === 'R3') && Math.abs(Number(r.logN) - peak) < 0.4) {
    return `the interpolation peak at n ≈ α_interp d² (log_d n = ${peak.toFixed(2)}): the ρ(n/d²) term, not a rate`;
  }
  if (Number(r.boundaryDistance) < 0.3) return 'within 0.3 (log_d units) of a boundary: a crossover at finite d';
  return 'inside its region: the finite-d curve has not reached the asymptotic rate';
}

const grid = (lo: number, hi: number, count: number) =>
  Array.from({ length: count }, (_, i) => (count === 1 ? lo : lo + ((hi - lo) * i) / (count - 1)));

const schema = {
  ...powerLawSchema,
  d: { kind: 'number', description: 'dimension', default: 400, range: { integer: true, min: 4, max: 20000 } },
  logNMin: { kind: 'number', description: 'smallest sampled log_d n', default: 1.2, range: { min: 0, max: 6 } },
  logNMax: { kind: 'number', description: 'largest sampled log_d n', default: 2.8, range: { min: 0, max: 6 } },
  nPoints: {
    kind: 'number',
    description: 'sampled values of log_d n',
    default: 9,
    range: { integer: true, min: 1, max: 100 },
  },
  logLambdaMin: { kind: 'number', description: 'smallest log_d λ', default: -1, range: { min: -5, max: 5 } },
  logLambdaMax: { kind: 'number', description: 'largest log_d λ', default: 1, range: { min: -5, max: 5 } },
  lambdaPoints: {
    kind: 'number',
    description: 'sampled values of log_d λ',
    default: 5,
    range: { integer: true, min: 1, max: 100 },
  },
  h: {
    kind: 'number',
    description: 'half-step in log_d n of the local slope',
    default: 0.1,
    range: { min: 0.01, max: 1, minExclusive: false },
  },
  tolerance: {
    kind: 'number',
    description: 'a measured exponent agrees with its region when within this',
    default: 0.15,
    range: { min: 0 },
  },
} as const;

const title = 'Fig. 5: phase diagram of the excess-error rates, power-law target';

/**
 * Fig. 5: the rates of the excess error in the (log_d n, log_d λ) plane. The regions and lines
 * A, B, C of docs/theory.md §5.3 are drawn from the table; at sampled points the exponent is measured from
 * the finite-d SE as the local slope −Δ log(e_test − e∞)/Δ log n (central difference, ±h in
 * log_d n, λ fixed), coloured on the diagram and compared with its region's rate.
 */
export const phaseDiagramExperiment = defineExperiment({
  id: 'phase-diagram',
  title,
  description: 'regions R1, R3–R6 in (log_d n, log_d λ) with lines A, B, C; local exponents of the finite-d SE at sampled points',
  parameters: schema,
  presets: { quick: { d: 40, nPoints: 3, lambdaPoints: 2, logNMin: 1.4, logNMax: 2.6, h: 0.2, samples: 4096 } },
  missing: (services) => missingEngines(services, { theory: [paperParameterization] }),
  units(parameters) {
    return grid(parameters.logLambdaMin, parameters.logLambdaMax, parameters.lambdaPoints).map((logLambda) => ({
      method: 'theory',
      values: { logLambda },
    }));
  },
  methods: { theory: run },
  figure(rows, parameters) {
    const gamma = parameters.gamma;
    const [nLo, nHi] = [parameters.logNMin - 0.3, parameters.logNMax + 0.3];
    const [lLo, lHi] = [parameters.logLambdaMin - 0.3, parameters.logLambdaMax + 0.3];
    const xs = grid(nLo, nHi, 41);
    // each line only where it separates two regions: A for n > d, C above A (n > d^{2γ+1}), and
    // n = d, n = d² below A
    const vertical = (x: number, line: string) => [
      { logN: x, logLambda: lLo, line },
      { logN: x, logLambda: Math.min(lHi, scalingBoundaries.A(x)), line },
    ];
    const lines = [
      ...xs.filter((x) => x >= 1).map((x) => ({ logN: x, logLambda: scalingBoundaries.A(x), line: 'A: λ = √n/d (bulk cut)' })),
      ...xs.map((x) => ({ logN: x, logLambda: scalingBoundaries.B(x), line: 'B: λ = n/d^{3/2} (top mode cut)' })),
      ...[2 * gamma + 1, ...xs.filter((x) => x > 2 * gamma + 1)].map((x) => ({
        logN: x,
        logLambda: scalingBoundaries.C(x, gamma),
        line: 'C: λ = n/d^{γ+3/2} (all modes kept)',
      })),
      ...vertical(1, 'n = d'),
      ...vertical(scalingBoundaries.interpolation, 'n = d² (interpolation)'),
    ].filter((p) => p.logLambda >= lLo - 1e-9 && p.logLambda <= lHi + 1e-9);
    // region labels at the centre of the grid cells each regime occupies in the plotted window
    const cells = grid(nLo, nHi, 60).flatMap((x) => grid(lLo, lHi, 60).map((y) => ({ x, y, r: scalingRegime(x, y, gamma) })));
    const labels = [...new Set(cells.map((c) => c.r.id))].flatMap((id) => {
      const mine = cells.filter((c) => c.r.id === id);
      if (id === 'below-d' || mine.length < 20) return [];
      const r = mine[0].r;
      return [
        {
          logN: mine.reduce((a, c) => a + c.x, 0) / mine.length,
          logLambda: mine.reduce((a, c) => a + c.y, 0) / mine.length,
          label: `${id}: ${r.rate} (${r.exponent.toFixed(2)})`,
        },
      ];
    });
    const x = { field: 'logN', type: 'quantitative', title: 'log_d n', scale: { domain: [nLo, nHi] } };
    const y = { field: 'logLambda', type: 'quantitative', title: 'log_d λ', scale: { domain: [lLo, lHi] } };
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: title,
        subtitle: [
          `γ = ${gamma}, Δ = ${parameters.noise}, T = ${parameters.T}, d = ${parameters.d}`,
          'regions: predicted rate (exponent of n); dots: measured local exponent of e_test − e∞',
        ],
      },
      width: 520,
      height: 380,
      layer: [
        {
          data: { values: lines },
          mark: { type: 'line', color: 'gray' },
          encoding: {
            x,
            y,
            detail: { field: 'line' },
            strokeDash: { field: 'line', title: 'boundary', legend: { labelLimit: 300 } },
          },
        },
        {
          data: { values: [{ logN: 2 }, { logN: 1 }] },
          mark: { type: 'rule', color: 'gray', strokeDash: [2, 2] },
          encoding: { x },
        },
        {
          data: { values: labels },
          mark: { type: 'text', fontSize: 10, color: '#444' },
          encoding: { x, y, text: { field: 'label' } },
        },
        {
          data: { values: rows.filter((r) => Number.isFinite(Number(r.measuredExponent))).map(jsonSafe) },
          layer: [
            {
              mark: { type: 'point', filled: true, size: 160, stroke: 'black' },
              encoding: {
                x,
                y,
                color: {
                  field: 'measuredExponent',
                  type: 'quantitative',
                  title: 'measured exponent',
                  scale: { scheme: 'viridis', domain: [0, 2] },
                },
                shape: { field: 'agrees', type: 'nominal', title: 'agrees with region' },
              },
            },
            {
              mark: { type: 'text', dy: -13, fontSize: 9 },
              encoding: { x, y, text: { field: 'measuredExponent', format: '.2f' } },
            },
          ],
        },
      ],
      config: { font: 'DejaVu Sans', background: 'white' },
    };
  },
  summary(rows) {
    const judged = rows.filter((r) => r.agrees === 'yes' || r.agrees === 'no');
    const disagreements = judged
      .filter((r) => r.agrees === 'no')
      .map((r) => ({
        logN: Number(r.logN),
        logLambda: Number(r.logLambda),
        regime: r.regime,
        predicted: Number(r.predictedExponent),
        measured: Number(r.measuredExponent),
        boundaryDistance: Number(r.boundaryDistance),
        why: disagreementReason(r),
      }));
    return {
      points: rows.length,
      judged: judged.length,
      agreeing: judged.length - disagreements.length,
      disagreements,
      measured: rows.map((r) => ({
        logN: Number(r.logN),
        logLambda: Number(r.logLambda),
        regime: r.regime,
        predicted: Number(r.predictedExponent),
        measured: Number(r.measuredExponent),
      })),
    };
  },
});

type Values = SchemaValues<typeof schema>;

async function run(values: UnitValues, parameters: Values, context: MethodContext): Promise<ResultRow[]> {
  const d = parameters.d;
  const gamma = parameters.gamma;
  const h = parameters.h;
  const logLambda = Number(values.logLambda);
  const curve = new PowerLawCurve(context.services, parameters, d);
  const asymptotic = curve.asymptotic();
  const alphaInterp = interpolationThreshold(
    context.services.get(FreeConvolution),
    curve.target.spectralLaw(d),
    parameters.noise,
    parameters.T,
  ).alpha;
  const sampled = grid(parameters.logNMin, parameters.logNMax, parameters.nPoints);
  // every sampled ℓ_n and its ±h neighbours, solved in increasing n (warm starts)
  const logNs = [...new Set(sampled.flatMap((l) => [l - h, l, l + h]).map((l) => Number(l.toFixed(9))))].sort((a, b) => a - b);
  const lambda = d ** logLambda;
  const solved = await curve.solve(
    logNs.map((l) => d ** l),
    lambdaScheduleOf(`d^${logLambda}`, () => lambda),
    ({ n }) => context.progress.update({ metrics: { n } }),
  );
  const excessAt = (l: number) => {
    const hit = solved[logNs.indexOf(Number(l.toFixed(9)))];
    return hit !== undefined && hit.result.status === 'converged' ? hit.result.point.testError - asymptotic.value : Number.NaN;
  };
  return sampled.map((logN) => {
    const [below, here, above] = [excessAt(logN - h), excessAt(logN), excessAt(logN + h)];
    const measured = below > 0 && above > 0 ? -Math.log(above / below) / (2 * h * Math.log(d)) : Number.NaN;
    const regime = scalingRegime(logN, logLambda, gamma);
    const distance = distanceToBoundary(logN, logLambda, gamma);
    // 'yes' | 'no' | 'not judged' (no measured slope, or no rate in the table there)
    const agrees =
      Number.isFinite(measured) && Number.isFinite(regime.exponent)
        ? Math.abs(measured - regime.exponent) <= parameters.tolerance
          ? 'yes'
          : 'no'
        : 'not judged';
    return {
      logN,
      logLambda,
      n: d ** logN,
      lambdaTilde: lambda,
      excess: here,
      measuredExponent: measured,
      regime: regime.id,
      predictedExponent: regime.exponent,
      rate: regime.rate,
      agrees,
      boundaryDistance: distance,
      alphaInterp,
      asymptoticError: asymptotic.value,
    };
  });
}
