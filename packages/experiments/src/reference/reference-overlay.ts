import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParameterValues, type ResultRow, UserError } from '@attention-hd/core';
import { parse } from 'csv-parse/sync';
import { type ReferenceCurve, referenceCatalogue } from './reference-catalogue.js';

const DATA_PATH = join('shared', 'reference', 'extensive-attention-v1', 'data');

/**
 * The authors' data directory: the one given, else `ATTENTION_HD_REFERENCE`, else `../shared/…`
 * seen from the working directory or from this checkout (the layout of the project's workspace).
 */
export function findReferenceDirectory(given?: string): string {
  const candidates = given !== undefined ? [resolve(given)] : [];
  if (given === undefined) {
    if (process.env.ATTENTION_HD_REFERENCE) candidates.push(resolve(process.env.ATTENTION_HD_REFERENCE));
    candidates.push(resolve('..', DATA_PATH));
    // apps/cli/{src,dist}/reference → the checkout's parent
    candidates.push(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..', DATA_PATH));
  }
  const found = candidates.find((path) => existsSync(join(path, 'GD')));
  if (found === undefined) {
    throw new UserError(
      `--overlay-reference: no authors' data directory (with GD/) at ${candidates.join(' or ')}; pass its path, e.g. --overlay-reference ../shared/reference/extensive-attention-v1/data`,
    );
  }
  return found;
}

export interface ReferenceOverlay {
  readonly rows: ResultRow[];
  /** why nothing is drawn, when nothing is */
  readonly reason?: string;
}

/** The authors' points that overlap this run (method "reference"), or why there are none. */
export function referenceRows(experimentId: string, parameters: ParameterValues, directory: string): ReferenceOverlay {
  const set = referenceCatalogue[experimentId];
  if (set === undefined) return { rows: [], reason: `no stored data of the authors overlaps '${experimentId}'` };
  if ((parameters.target ?? 'mp') !== 'mp' || (parameters.targetParameters ?? '') !== '') {
    return { rows: [], reason: "the authors' runs use the Marchenko–Pastur target (target = mp)" };
  }
  for (const [name, wanted] of Object.entries(set.requires)) {
    const value = parameters[name];
    const ok = Array.isArray(wanted) ? wanted.some((w) => Number(value) === w) : value === wanted || Number(value) === wanted;
    if (!ok)
      return { rows: [], reason: `the authors' runs use ${name} = ${JSON.stringify(wanted)}, this run ${JSON.stringify(value)}` };
  }
  const seriesName = set.seriesColumn;
  const shown = new Set(
    String(parameters.series)
      .split(',')
      .map((v) => (Number.isNaN(Number(v)) ? v : Number(v))),
  );
  const rows: ResultRow[] = [];
  for (const curve of set.curves(parameters)) {
    if (!shown.has(curve.series)) continue;
    rows.push(...readCurve(directory, curve, seriesName));
  }
  if (rows.length === 0) return { rows, reason: 'none of the series values of this run has stored data' };
  // within the run's α range, so the figure keeps its frame
  const [low, high] = [Number(parameters.alphaMin ?? 0), Number(parameters.alphaMax ?? Number.POSITIVE_INFINITY)];
  const inRange = rows.filter((r) => Number(r.alpha) >= low * (1 - 1e-9) && Number(r.alpha) <= high * (1 + 1e-9));
  return inRange.length > 0
    ? { rows: inRange }
    : { rows: [], reason: "no stored point of the authors lies in this run's α range" };
}

function readCurve(directory: string, curve: ReferenceCurve, seriesName: string): ResultRow[] {
  const path = join(directory, curve.file);
  if (!existsSync(path)) throw new UserError(`--overlay-reference: ${path} is missing`);
  const records = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const scale = curve.scale ?? 1;
  return records.map((record) => ({
    method: 'reference',
    alpha: Number(record.alpha),
    [seriesName]: curve.series,
    [curve.metric]: Number(record[curve.meanColumn]) * scale,
    ...(curve.stdColumn !== undefined ? { [`${curve.metric}Std`]: Number(record[curve.stdColumn]) * scale } : {}),
    source: `${curve.source}: ${curve.file}`,
  }));
}

export interface ReferenceAgreement {
  readonly series: number | string;
  readonly metric: string;
  readonly source: string;
  /** reference points inside the α range of our theory curve */
  readonly points: number;
  readonly medianRelativeDeviation: number;
  readonly maxRelativeDeviation: number;
  /** mean of (ours − theirs)/theirs: a sign of a systematic offset */
  readonly meanSignedDeviation: number;
}

/**
 * Our theory curve (interpolated linearly in log α) against each reference curve, where they
 * overlap: relative deviations, so a reader sees at once how close the figures are.
 */
export function referenceAgreement(experimentId: string, rows: readonly ResultRow[]): ReferenceAgreement[] {
  const seriesName = referenceCatalogue[experimentId]?.seriesColumn;
  if (seriesName === undefined) return [];
  const groups = new Map<string, ResultRow[]>();
  for (const row of rows) {
    if (row.method !== 'reference') continue;
    const key = `${row[seriesName]}|${row.source}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const out: ReferenceAgreement[] = [];
  for (const reference of groups.values()) {
    const series = reference[0][seriesName] as number | string;
    const metric = 'rankFraction' in reference[0] ? 'rankFraction' : 'testError';
    const theory = rows
      .filter((r) => r.method === 'theory' && String(r[seriesName]) === String(series) && Number.isFinite(Number(r[metric])))
      .sort((a, b) => Number(a.alpha) - Number(b.alpha));
    if (theory.length < 2) continue;
    const deviations: number[] = [];
    for (const point of reference) {
      const ours = interpolateLogAlpha(theory, Number(point.alpha), metric);
      const theirs = Number(point[metric]);
      if (ours !== null && Number.isFinite(theirs) && theirs !== 0) deviations.push((ours - theirs) / Math.abs(theirs));
    }
    if (deviations.length === 0) continue;
    const magnitudes = deviations.map(Math.abs).sort((a, b) => a - b);
    out.push({
      series,
      metric,
      source: String(reference[0].source),
      points: deviations.length,
      medianRelativeDeviation: magnitudes[Math.floor((magnitudes.length - 1) / 2)],
      maxRelativeDeviation: magnitudes[magnitudes.length - 1],
      meanSignedDeviation: deviations.reduce((a, b) => a + b, 0) / deviations.length,
    });
  }
  return out;
}

function interpolateLogAlpha(curve: readonly ResultRow[], alpha: number, metric: string): number | null {
  const first = Number(curve[0].alpha);
  const last = Number(curve[curve.length - 1].alpha);
  if (!(alpha >= first && alpha <= last)) return null;
  let k = 1;
  while (k < curve.length - 1 && Number(curve[k].alpha) < alpha) k++;
  const [a0, a1] = [Math.log(Number(curve[k - 1].alpha)), Math.log(Number(curve[k].alpha))];
  const t = a1 === a0 ? 0 : (Math.log(alpha) - a0) / (a1 - a0);
  return Number(curve[k - 1][metric]) * (1 - t) + Number(curve[k][metric]) * t;
}
