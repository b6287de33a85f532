import type { ResultRow } from '@attention-hd/core';
import type { SweepConfig, SweepMetric } from './alpha-sweep-experiment.js';

const metricTitles: Record<SweepMetric, string> = {
  testError: 'test error e_test',
  trainLoss: 'training loss L/d²',
  rankFraction: 'rank fraction of Ŝ',
  upperBulkMass: 'mass of the upper bulk of Ŝ',
  mseS: '‖Ŝ − S₀‖²_F / d',
};

/**
 * One panel per metric: the theory as lines, Adam as mean ± std error bars with points (one colour
 * per series value), and the authors' stored points (method "reference", `--overlay-reference`) as
 * crosses of the same colour.
 */
export function sweepFigure(
  config: SweepConfig,
  rows: readonly ResultRow[],
  parameters: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const series = config.series.name;
  const label = config.series.label;
  const color = { field: series, type: 'nominal', title: label };
  // Adam points of different series at the same α are drawn side by side (±4 % in α per series),
  // so that error bars do not hide each other
  const values = String(parameters.series).split(',');
  const offset = {
    calculate: `datum.alpha * pow(1.04, indexof(${JSON.stringify(values)}, '' + datum.${series}) - ${(values.length - 1) / 2})`,
    as: 'alphaShown',
  };
  // the upper-bulk mass is drawn dashed in the rank panel, with a dot where the split begins (Fig. 1)
  const withBulks = config.metrics.includes('upperBulkMass') && config.metrics.includes('rankFraction');
  const panelMetrics = withBulks ? config.metrics.filter((m) => m !== 'upperBulkMass') : config.metrics;
  const panels = panelMetrics.map((metric) => {
    const y = {
      field: metric,
      type: 'quantitative',
      title: withBulks && metric === 'rankFraction' ? 'rank fraction (solid), upper-bulk mass (dashed)' : metricTitles[metric],
      scale: { type: config.logY ? 'log' : 'linear', zero: false },
    };
    const x = { field: 'alpha', type: 'quantitative', title: 'α = n/d²', scale: { type: 'log' } };
    const shifted = { ...x, field: 'alphaShown' };
    const finite = { filter: `isFinite(datum.${metric}) && datum.${metric} > ${config.logY ? 0 : -1e300}` };
    return {
      width: 360,
      height: 260,
      layer: [
        {
          transform: [{ filter: "datum.method === 'theory'" }, finite],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y, color },
        },
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
        ...(withBulks && metric === 'rankFraction' ? bulkLayers(x, color) : []),
        {
          transform: [{ filter: "datum.method === 'reference'" }, finite],
          mark: { type: 'point', shape: 'cross', size: 35, strokeWidth: 1, opacity: 0.7 },
          encoding: { x, y, color },
        },
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
  const simulated = parameters.simulate === true && Number(parameters.seeds) > 0;
  const referenced = rows.some((r) => r.method === 'reference');
  // one line per item: vega measures text without a canvas by estimate, and one long line would
  // widen the whole figure far beyond the plot
  const subtitle = [
    shown.join(', '),
    'lines: state evolution',
    ...(simulated ? [`points: Adam (d = ${parameters.d}, mean ± std of ${parameters.seeds} runs)`] : []),
    ...(referenced ? ["crosses: the authors' stored points"] : []),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: config.title, subtitle },
    data: { values: rows.map(jsonSafe) },
    hconcat: panels,
    config: { font: 'DejaVu Sans', background: 'white' },
  };
}

/** Upper-bulk mass (dashed) and its onset, the smallest α where the spectrum has split (a dot). */
function bulkLayers(x: Record<string, unknown>, color: Record<string, unknown>): Record<string, unknown>[] {
  const y = { field: 'upperBulkMass', type: 'quantitative' };
  const split = [{ filter: "datum.method === 'theory'" }, { filter: 'isFinite(datum.upperBulkMass)' }];
  const series = String(color.field);
  return [
    { transform: split, mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 2 }, encoding: { x, y, color } },
    {
      transform: [
        ...split,
        { joinaggregate: [{ op: 'min', field: 'alpha', as: 'onset' }], groupby: [series] },
        { filter: 'datum.alpha === datum.onset' },
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
