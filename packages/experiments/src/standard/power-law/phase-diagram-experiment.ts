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
    const window = { nLo, nHi, lLo, lHi };
    const x = { field: 'logN', type: 'quantitative', title: 'log n / log d', scale: { domain: [nLo, nHi], nice: false } };
    const y = { field: 'logLambda', type: 'quantitative', title: 'log λ / log d', scale: { domain: [lLo, lHi], nice: false } };
    const regions = regionCells(gamma, window);
    const ids = [...new Set(regions.map((r) => r.region))].sort();
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: title,
        subtitle: [
          `γ = ${gamma}, Δ = ${parameters.noise}, T = ${parameters.T}, d = ${parameters.d}`,
          'shaded: the regions, with their predicted rate (exponent of n); lines: their boundaries',
          'dots: the measured local exponent of (test error − e∞) at sampled points',
        ],
      },
      width: 520,
      height: 380,
      layer: [
        {
          data: { values: regions },
          // opaque: translucent cells show seams where they meet
          mark: { type: 'rect', clip: true },
          encoding: {
            x: { ...x, field: 'x' },
            x2: { field: 'x2' },
            y: { ...y, field: 'y' },
            y2: { field: 'y2' },
            fill: {
              field: 'region',
              type: 'nominal',
              title: 'region',
              scale: { domain: ids, scheme: 'pastel1' },
              legend: { labelLimit: 420 },
            },
          },
        },
        {
          data: { values: boundaryLines(gamma, window) },
          mark: { type: 'line', color: '#555', clip: true },
          encoding: {
            x,
            y,
            detail: { field: 'line' },
            strokeDash: { field: 'line', title: 'boundary', legend: { labelLimit: 300, symbolSize: 600 } },
          },
        },
        {
          data: { values: regionLabels(gamma, window) },
          mark: { type: 'text', fontSize: 11, fontWeight: 'bold', color: '#333' },
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
                shape: { field: 'agrees', type: 'nominal', title: 'agrees' },
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

interface PlotWindow {
  readonly nLo: number;
  readonly nHi: number;
  readonly lLo: number;
  readonly lHi: number;
}

const COLUMNS = 160;
const ROWS = 120;

/** The region's legend entry: its id and the predicted rate with its exponent. */
function regionName(logN: number, logLambda: number, gamma: number): string {
  const r = scalingRegime(logN, logLambda, gamma);
  return r.id === 'below-d' ? 'n < d (no rate)' : `${r.id}: ${r.rate}, exponent ${r.exponent.toFixed(2)}`;
}

/**
 * The regions as shaded rectangles: the window cut into columns, each column into the runs of
 * one region (exact in log λ up to the row step), so the shading follows the boundary lines.
 */
export function regionCells(gamma: number, w: PlotWindow): { x: number; x2: number; y: number; y2: number; region: string }[] {
  const cells: { x: number; x2: number; y: number; y2: number; region: string }[] = [];
  const dx = (w.nHi - w.nLo) / COLUMNS;
  const dy = (w.lHi - w.lLo) / ROWS;
  for (let c = 0; c < COLUMNS; c++) {
    const x = w.nLo + (c + 0.5) * dx;
    let start = 0;
    let current = regionName(x, w.lLo + 0.5 * dy, gamma);
    for (let r = 1; r <= ROWS; r++) {
      const next = r < ROWS ? regionName(x, w.lLo + (r + 0.5) * dy, gamma) : '';
      if (next === current) continue;
      cells.push({ x: w.nLo + c * dx, x2: w.nLo + (c + 1) * dx, y: w.lLo + start * dy, y2: w.lLo + r * dy, region: current });
      [start, current] = [r, next];
    }
  }
  return cells;
}

/**
 * A label per region at its most interior point: the cell farthest (in plot units) from any cell of
 * another region and from the frame, so that no label sits on a boundary line.
 */
export function regionLabels(gamma: number, w: PlotWindow): { logN: number; logLambda: number; label: string }[] {
  const n = 48;
  const grid = Array.from({ length: n * n }, (_, k) => {
    const [i, j] = [k % n, Math.floor(k / n)];
    const [u, v] = [(i + 0.5) / n, (j + 0.5) / n];
    const logN = w.nLo + u * (w.nHi - w.nLo);
    const logLambda = w.lLo + v * (w.lHi - w.lLo);
    return { u, v, logN, logLambda, id: scalingRegime(logN, logLambda, gamma).id };
  });
  const out: { logN: number; logLambda: number; label: string }[] = [];
  for (const id of new Set(grid.map((g) => g.id))) {
    const mine = grid.filter((g) => g.id === id);
    if (id === 'below-d' || mine.length < 12) continue;
    const others = grid.filter((g) => g.id !== id);
    let best = mine[0];
    let clearance = -1;
    for (const g of mine) {
      const frame = Math.min(g.u, 1 - g.u, g.v, 1 - g.v);
      const nearest = others.reduce((m, o) => Math.min(m, Math.hypot(g.u - o.u, g.v - o.v)), Number.POSITIVE_INFINITY);
      const c = Math.min(frame, nearest);
      if (c > clearance) [clearance, best] = [c, g];
    }
    out.push({ logN: best.logN, logLambda: best.logLambda, label: id });
  }
  return out;
}

/** Lines A, B, C and n = d, n = d², each only where it separates two regions, inside the window. */
function boundaryLines(gamma: number, w: PlotWindow): { logN: number; logLambda: number; line: string }[] {
  const xs = grid(w.nLo, w.nHi, 81);
  const vertical = (x: number, line: string) =>
    x < w.nLo || x > w.nHi
      ? []
      : [
          { logN: x, logLambda: w.lLo, line },
          { logN: x, logLambda: Math.min(w.lHi, scalingBoundaries.A(x)), line },
        ];
  return [
    ...xs.filter((x) => x >= 1).map((x) => ({ logN: x, logLambda: scalingBoundaries.A(x), line: 'A: λ = √n/d (bulk cut)' })),
    ...xs.map((x) => ({ logN: x, logLambda: scalingBoundaries.B(x), line: 'B: λ = n/d^(3/2) (top mode cut)' })),
    ...[2 * gamma + 1, ...xs.filter((x) => x > 2 * gamma + 1)].map((x) => ({
      logN: x,
      logLambda: scalingBoundaries.C(x, gamma),
      line: 'C: λ = n/d^(γ+3/2) (all modes kept)',
    })),
    ...vertical(1, 'n = d'),
    ...vertical(scalingBoundaries.interpolation, 'n = d² (interpolation)'),
  ];
}

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
