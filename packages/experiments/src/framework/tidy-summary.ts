import type { ResultRow } from '@attention-hd/core';

/** A summary declared by its columns: the x column, the metrics, and the column that names each curve. */
export interface TidySummary {
  readonly x: string;
  readonly metrics: readonly string[];
  /** one curve per value of this column (absent: one curve per method) */
  readonly series?: string;
}

interface Curve {
  x: number[];
  y: number[];
  std?: number[];
  runs?: number[];
}

/**
 * `{ metric: { theory: { "<series>=<v>": { x, y } }, simulation: { …: { x, y, std, runs } } } }`:
 * theory curves as computed, simulation points as mean and sample std over the runs at each x.
 * Non-finite values are left out.
 */
export function tidySummary(rows: readonly ResultRow[], { x, metrics, series }: TidySummary): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const metric of metrics) {
    const theory: Record<string, Curve> = {};
    const simulation: Record<string, Curve> = {};
    const groups = new Map<string, Map<number, number[]>>();
    for (const row of rows) {
      const value = row[metric];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const name = series === undefined ? String(row.method) : `${series}=${row[series]}`;
      const at = Number(row[x]);
      if (row.method === 'theory') {
        theory[name] ??= { x: [], y: [] };
        theory[name].x.push(at);
        theory[name].y.push(value);
      } else if (row.method === 'simulation') {
        const byX = groups.get(name) ?? new Map<number, number[]>();
        groups.set(name, byX);
        byX.set(at, [...(byX.get(at) ?? []), value]);
      }
    }
    for (const [name, byX] of groups) {
      const curve: Required<Curve> = { x: [], y: [], std: [], runs: [] };
      for (const [at, values] of [...byX].sort(([a], [b]) => a - b)) {
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
        curve.x.push(at);
        curve.y.push(mean);
        curve.std.push(Math.sqrt(variance));
        curve.runs.push(values.length);
      }
      simulation[name] = curve;
    }
    out[metric] = { theory, simulation };
  }
  return out;
}
