import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readResults } from './csv-result-sink.js';

export type RunStatus = 'complete' | 'partial' | 'failed units' | 'damaged';

export interface RunSummary {
  readonly experiment: string;
  readonly directory: string;
  readonly configHash: string;
  readonly status: RunStatus;
  /** units with rows in results.csv, and the units its last run planned (when known) */
  readonly unitsDone: number;
  readonly unitsPlanned: number | null;
  readonly failedUnits: number;
  readonly started: string | null;
  readonly finished: string | null;
}

/**
 * The run directories under a store root (`runs/<experiment>/<timestamp>-<hash>/`), newest first:
 * their configuration hash and status — complete (every planned unit has its rows and none failed),
 * failed units, partial (stopped before the end, or never finished) or damaged (results.csv does not
 * read back) — from config.json, results.csv and the status.json a finished run writes.
 */
export function listRuns(root: string, options: { readonly experiment?: string } = {}): RunSummary[] {
  const base = resolve(root);
  if (!existsSync(base)) return [];
  const runs: RunSummary[] = [];
  for (const experiment of readdirSync(base)) {
    if (options.experiment !== undefined && experiment !== options.experiment) continue;
    const parent = join(base, experiment);
    if (!statSync(parent).isDirectory()) continue;
    for (const name of readdirSync(parent)) {
      const directory = join(parent, name);
      const configPath = join(directory, 'config.json');
      if (name.startsWith('.') || !existsSync(configPath)) continue;
      const config = JSON.parse(readFileSync(configPath, 'utf8')) as { configHash?: string; started?: string };
      const statusPath = join(directory, 'status.json');
      const finished = existsSync(statusPath)
        ? (JSON.parse(readFileSync(statusPath, 'utf8')) as { unitsPlanned: number; failed: unknown[]; finished: string })
        : null;
      const read = readResults(join(directory, 'results.csv'));
      const unitsDone = new Set(read.rows.map((row) => String(row.key))).size;
      const failedUnits = finished?.failed.length ?? 0;
      const status: RunStatus =
        read.damage.length > 0
          ? 'damaged'
          : finished === null || unitsDone + failedUnits < finished.unitsPlanned
            ? 'partial'
            : failedUnits > 0
              ? 'failed units'
              : 'complete';
      runs.push({
        experiment,
        directory,
        configHash: config.configHash ?? name.split('-').at(-1) ?? '',
        status,
        unitsDone,
        unitsPlanned: finished?.unitsPlanned ?? null,
        failedUnits,
        started: config.started ?? null,
        finished: finished?.finished ?? null,
      });
    }
  }
  return runs.sort((a, b) => String(b.started).localeCompare(String(a.started)));
}
