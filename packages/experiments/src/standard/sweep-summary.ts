import type { ResultRow } from '@attention-hd/core';
import type { SweepConfig } from './alpha-sweep-experiment.js';

interface Curve {
  x: number[];
  y: number[];
  std?: number[];
  runs?: number[];
}

/**
 * `{ metric: { theory: { "<series>=<v>": { x, y } }, simulation: { …: { x, y, std, runs } } } }`:
 * theory curves as computed, simulation points as mean and sample std over seeds per α.
 */
export function sweepSummary(config: SweepConfig, rows: readonly ResultRow[]): Record<string, unknown> {
  const series = config.series.name;
  const out: Record<string, unknown> = {};
  for (const metric of config.metrics) {
    const theory: Record<string, Curve> = {};
    const simulation: Record<string, Curve> = {};
    const groups = new Map<string, Map<number, number[]>>();
    for (const row of rows) {
      const value = row[metric];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const name = `${series}=${row[series]}`;
      const alpha = Number(row.alpha);
      if (row.method === 'theory') {
        theory[name] ??= { x: [], y: [] };
        theory[name].x.push(alpha);
        theory[name].y.push(value);
      } else if (row.method === 'simulation') {
        const byAlpha = groups.get(name) ?? new Map<number, number[]>();
        groups.set(name, byAlpha);
        byAlpha.set(alpha, [...(byAlpha.get(alpha) ?? []), value]);
      }
    }
    for (const [name, byAlpha] of groups) {
      const curve: Required<Curve> = { x: [], y: [], std: [], runs: [] };
      for (const [alpha, values] of [...byAlpha].sort(([a], [b]) => a - b)) {
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
        curve.x.push(alpha);
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
