import type { ResultRow } from '@attention-hd/core';
import type { SweepConfig, SweepMetric } from './alpha-sweep-experiment.js';

const metricTitles: Record<SweepMetric, string> = {
  testError: 'test error',
  trainLoss: 'training loss L/d²',
  rankFraction: 'rank fraction of Ŝ',
  upperBulkMass: 'mass of the upper bulk of Ŝ',
  mseS: '‖Ŝ − S₀‖²_F / d',
};

/**
 * One panel per metric: the theory as lines, Adam as mean ± std error bars with points (one colour
 * per series value, in the order given), and the authors' stored points (method "reference",
 * `--overlay-reference`) as crosses of the same colour; rings mark theory points whose channel has
 * per-sample problems with two local minima (`twoMinimaFraction` > 0). The α-axis spans the data.
 */
export function sweepFigure(
  config: SweepConfig,
  rows: readonly ResultRow[],
  parameters: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const series = config.series.name;
  const label = config.series.label;
  const values = String(parameters.series).split(',');
  // the legend in the order the series was given, λ̃ = 0 named as the limit it stands for
  const color = {
    field: series,
    type: 'nominal',
    title: label,
    scale: { domain: values.map((v) => seriesValue(series, v)) },
    legend: { labelExpr: series === 'lambdaTilde' ? "datum.value === 0 ? 'λ → 0⁺' : datum.label" : 'datum.label' },
  };
  // Adam points of different series at the same α are drawn side by side (±4 % in α per series),
  // so that error bars do not hide each other
  const offset = {
    calculate: `datum.alpha * pow(1.04, indexof(${JSON.stringify(values)}, '' + datum.${series}) - ${(values.length - 1) / 2})`,
    as: 'alphaShown',
  };
  // the x-domain is the data's (theory grid and Adam α, with the side-by-side offsets), not vega's
  // rounded-out "nice" domain
  const alphas = rows.map((r) => Number(r.alpha)).filter((a) => Number.isFinite(a) && a > 0);
  const spread = rows.some((r) => r.method === 'simulation') ? 1.04 ** ((values.length - 1) / 2) : 1;
  const xScale = config.linearX
    ? { type: 'linear', domain: [Math.min(...alphas), Math.max(...alphas) * spread], nice: false, zero: false }
    : { type: 'log', domain: [Math.min(...alphas) / spread, Math.max(...alphas) * spread], nice: false };
  // the rank panel draws two quantities: the line style says which, with its own legend
  const withBulks = config.metrics.includes('upperBulkMass') && config.metrics.includes('rankFraction');
  const panelMetrics = withBulks ? config.metrics.filter((m) => m !== 'upperBulkMass') : config.metrics;
  const nonConvex = rows.some((r) => r.method === 'theory' && Number(r.twoMinimaFraction) > 0);
  const panels = panelMetrics.map((metric) => {
    const logY = config.logMetrics?.includes(metric) === true;
    const y = {
      field: metric,
      type: 'quantitative',
      title: withBulks && metric === 'rankFraction' ? 'fraction of the eigenvalues of Ŝ' : metricTitles[metric],
      scale: logY ? { type: 'log' } : { type: 'linear', zero: false },
    };
    const x = { field: 'alpha', type: 'quantitative', title: 'α = n/d²', scale: xScale };
    const shifted = { ...x, field: 'alphaShown' };
    const finite = { filter: `isFinite(datum.${metric}) && datum.${metric} > ${logY ? 0 : -1e300}` };
    const theoryLine =
      withBulks && metric === 'rankFraction'
        ? rankLayers(x, color)
        : [
            {
              transform: [{ filter: "datum.method === 'theory'" }, finite],
              mark: { type: 'line', strokeWidth: 2 },
              encoding: { x, y, color },
            },
          ];
    return {
      width: 360,
      height: 260,
      layer: [
        ...theoryLine,
        {
          transform: [{ filter: "datum.method === 'simulation'" }, finite, offset],
          mark: { type: 'errorbar', extent: 'stdev', ticks: true },
          encoding: { x: shifted, y, color },
        },
        {
          transform: [{ filter: "datum.method === 'simulation'" }, finite, offset],
          mark: { type: 'point', filled: true, size: 50 },
          encoding: { x: shifted, y: { ...y, aggregate: 'mean' }, color },
        },
        {
          transform: [{ filter: "datum.method === 'reference'" }, finite],
          mark: { type: 'point', shape: 'cross', size: 35, strokeWidth: 1, opacity: 0.7 },
          encoding: { x, y, color },
        },
        // theory points where the channel is not convex (docs/theory.md §3.4): the SE may have
        // other fixed points there
        ...(nonConvex
          ? [
              {
                transform: [{ filter: "datum.method === 'theory' && datum.twoMinimaFraction > 0" }, finite],
                mark: { type: 'point', shape: 'circle', filled: false, size: 45, strokeWidth: 1.2 },
                encoding: { x, y, color },
              },
            ]
          : []),
      ],
    };
  });
  const target = String(parameters.target ?? 'mp');
  const fixed = {
    kappa0:
      target === 'mp'
        ? `κ₀ = ${parameters.kappa0}`
        : `target ${target}${parameters.targetParameters ? ` (${parameters.targetParameters})` : ''}`,
    noise: `Δ = ${parameters.noise}`,
    lambdaTilde: `λ̃ = ${parameters.cv === true ? 'cross-validated' : parameters.lambdaTilde}`,
    T: `T = ${parameters.T}`,
  };
  const shown = Object.entries(fixed)
    .filter(([name]) => name !== series)
    .map(([, text]) => text);
  const simulated = rows.some((r) => r.method === 'simulation');
  const referenced = rows.some((r) => r.method === 'reference');
  const cvNote =
    parameters.cv === true ? `, λ̃ of the lowest mean test error in {${[parameters.cvLambdas].flat().join(', ')}}` : '';
  const limitNote = series === 'lambdaTilde' && values.includes('0') ? ' (none at λ → 0⁺)' : '';
  // one line per item: vega measures text without a canvas by estimate, and one long line would
  // widen the whole figure far beyond the plot
  const subtitle = [
    shown.join(', '),
    'lines: state evolution',
    ...(simulated
      ? [
          `points: Adam (d = ${parameters.d}, mean ± std of ${parameters.seeds} run${Number(parameters.seeds) === 1 ? '' : 's'}${cvNote})${limitNote}`,
        ]
      : []),
    ...(referenced ? ["crosses: the authors' stored points"] : []),
    ...(nonConvex ? ['rings: the per-sample problem has two local minima there (the SE may have other fixed points)'] : []),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: config.title, subtitle },
    data: { values: rows.map(jsonSafe) },
    hconcat: panels,
    resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
    config: { font: 'DejaVu Sans', background: 'white' },
  };
}

/** A series value as stored in the rows: numbers as numbers, ids as text. */
function seriesValue(series: string, value: string): string | number {
  return series === 'param' || series === 'output' ? value : Number(value);
}

/**
 * The rank panel (Fig. 1): the rank fraction 1 − F_δ(ε) solid and the upper bulk's mass dashed, the
 * line style encoded (with its legend), and a dot where the upper bulk first splits off.
 */
function rankLayers(x: Record<string, unknown>, color: Record<string, unknown>): Record<string, unknown>[] {
  const series = String(color.field);
  const quantity = {
    field: 'quantity',
    type: 'nominal',
    title: 'quantity',
    scale: {
      domain: ['rank fraction', 'upper-bulk mass'],
      range: [
        [1, 0],
        [6, 4],
      ],
    },
    legend: { symbolSize: 800, symbolStrokeWidth: 2, symbolStrokeColor: '#555' },
  };
  const y = { field: 'value', type: 'quantitative', title: 'fraction of the eigenvalues of Ŝ', scale: { zero: false } };
  const theory = { filter: "datum.method === 'theory'" };
  return [
    {
      transform: [
        theory,
        { fold: ['rankFraction', 'upperBulkMass'], as: ['metric', 'value'] },
        { filter: 'isFinite(datum.value)' },
        { calculate: "datum.metric === 'rankFraction' ? 'rank fraction' : 'upper-bulk mass'", as: 'quantity' },
      ],
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y, color, strokeDash: quantity, detail: { field: series } },
    },
    {
      transform: [
        theory,
        { filter: 'isFinite(datum.upperBulkMass)' },
        { joinaggregate: [{ op: 'min', field: 'alpha', as: 'onset' }], groupby: [series] },
        { filter: 'datum.alpha === datum.onset' },
        { calculate: 'datum.upperBulkMass', as: 'value' },
      ],
      mark: { type: 'point', filled: true, size: 70 },
      encoding: { x, y, color },
    },
  ];
}

/** NaN is not JSON: keep it out of the inline data (vega reads a missing field as undefined). */
export function jsonSafe(row: ResultRow): ResultRow {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => !(typeof v === 'number' && !Number.isFinite(v))));
}
