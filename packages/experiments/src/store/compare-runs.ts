import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ResultRow, UserError } from '@attention-hd/core';
import { renderFigure } from '../figures/render-figure.js';
import { writeFileAtomic } from './atomic-write.js';
import { readResultsCsv } from './csv-result-sink.js';

/** Columns that identify a row or describe how it was computed, not what was computed. */
const NOT_METRICS = new Set([
  // bookkeeping
  'key',
  'method',
  'unitRows',
  'seed',
  'seconds',
  'steps',
  'stopReason',
  'backend',
  'precision',
  'status',
  'chain',
  // the point's coordinates and settings
  'alpha',
  'n',
  'x',
  'd',
  'kappa',
  'kappa0',
  'lambda',
  'lambdaTilde',
  'noise',
  'T',
  'beta',
  'beta0',
  'logN',
  'rank',
]);

export interface PointDeviation {
  readonly key: string;
  /** the row's position within its unit */
  readonly index: number;
  readonly x: number | null;
  readonly metric: string;
  readonly a: number;
  readonly b: number;
  /** |a − b| / max(|a|, |b|), 0 when both are 0 */
  readonly relative: number;
}

export interface RunComparison {
  readonly a: string;
  readonly b: string;
  readonly experiment: string;
  /** rows matched (same unit key and position) */
  readonly matched: number;
  readonly metrics: readonly string[];
  /** per metric: the largest and the median relative deviation over the matched points */
  readonly summary: Readonly<Record<string, { readonly max: number; readonly median: number; readonly points: number }>>;
  readonly points: readonly PointDeviation[];
  readonly files: readonly string[];
}

/**
 * Two runs of one experiment side by side (a backend against another, before against after a
 * change, ours against the authors'): rows are matched by unit key and position in the unit, every
 * numeric column both have (the results, not the bookkeeping) is compared, and the relative
 * deviation per point and per metric is reported. With `out`, compare.vl.json/.svg/.png overlay
 * the first metric of both runs against the runs' x column.
 */
export async function compareRuns(
  aDirectory: string,
  bDirectory: string,
  options: { readonly out?: string } = {},
): Promise<RunComparison> {
  const [a, b] = [aDirectory, bDirectory].map((given) => {
    const directory = resolve(given);
    const configPath = join(directory, 'config.json');
    if (!existsSync(configPath)) throw new UserError(`compare: ${directory} is not a run directory (no config.json)`);
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as { experiment: string };
    return { directory, config, rows: readResultsCsv(join(directory, 'results.csv')) };
  });
  if (a.config.experiment !== b.config.experiment) {
    throw new UserError(
      `compare: ${a.directory} is ${a.config.experiment}, ${b.directory} is ${b.config.experiment}; compare runs of one experiment`,
    );
  }
  const byUnit = (rows: readonly ResultRow[]) => {
    const units = new Map<string, ResultRow[]>();
    for (const row of rows) units.set(String(row.key), [...(units.get(String(row.key)) ?? []), row]);
    return units;
  };
  const unitsB = byUnit(b.rows);
  const points: PointDeviation[] = [];
  const metrics = new Set<string>();
  let matched = 0;
  for (const [key, rowsA] of byUnit(a.rows)) {
    const rowsB = unitsB.get(key);
    if (rowsB === undefined) continue;
    for (let index = 0; index < Math.min(rowsA.length, rowsB.length); index++) {
      const [ra, rb] = [rowsA[index], rowsB[index]];
      matched++;
      const x =
        typeof ra.alpha === 'number' ? ra.alpha : typeof ra.n === 'number' ? ra.n : typeof ra.x === 'number' ? ra.x : null;
      for (const [metric, va] of Object.entries(ra)) {
        const vb = rb[metric];
        if (NOT_METRICS.has(metric) || typeof va !== 'number' || typeof vb !== 'number') continue;
        if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
        metrics.add(metric);
        const scale = Math.max(Math.abs(va), Math.abs(vb));
        points.push({ key, index, x, metric, a: va, b: vb, relative: scale === 0 ? 0 : Math.abs(va - vb) / scale });
      }
    }
  }
  const summary: Record<string, { max: number; median: number; points: number }> = {};
  for (const metric of metrics) {
    const values = points
      .filter((p) => p.metric === metric)
      .map((p) => p.relative)
      .sort((x, y) => x - y);
    summary[metric] = { max: values.at(-1) ?? 0, median: values[Math.floor(values.length / 2)] ?? 0, points: values.length };
  }
  const files: string[] = [];
  const shown = ['testError', ...metrics].find((m) => metrics.has(m));
  if (options.out !== undefined && shown !== undefined) {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: `${a.config.experiment}: ${shown}, two runs`, subtitle: [`a: ${a.directory}`, `b: ${b.directory}`] },
      data: {
        values: points
          .filter((p) => p.metric === shown && p.x !== null)
          .flatMap((p) => [
            { x: p.x, value: p.a, run: 'a', key: p.key },
            { x: p.x, value: p.b, run: 'b', key: p.key },
          ]),
      },
      width: 420,
      height: 280,
      mark: { type: 'point', filled: true, opacity: 0.7 },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: { type: 'log' }, title: 'x (α or n)' },
        y: { field: 'value', type: 'quantitative', title: shown, scale: { zero: false } },
        color: { field: 'run', type: 'nominal', title: 'run' },
        shape: { field: 'run', type: 'nominal' },
      },
      config: { font: 'DejaVu Sans', background: 'white' },
    };
    const out = resolve(options.out);
    const { svg, png } = await renderFigure(spec);
    await writeFileAtomic(join(out, 'compare.vl.json'), `${JSON.stringify(spec, null, 2)}\n`);
    await writeFileAtomic(join(out, 'compare.svg'), svg);
    await writeFileAtomic(join(out, 'compare.png'), png);
    files.push(join(out, 'compare.vl.json'), join(out, 'compare.svg'), join(out, 'compare.png'));
  }
  return {
    a: a.directory,
    b: b.directory,
    experiment: a.config.experiment,
    matched,
    metrics: [...metrics],
    summary,
    points,
    files,
  };
}
