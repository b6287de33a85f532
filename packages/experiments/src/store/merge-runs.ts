import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Experiment, type ParameterValues, type ResultRow, UserError } from '@attention-hd/core';
import { asStoreError, writeFileAtomic } from './atomic-write.js';
import { readResultsCsv, writeResultsCsv } from './csv-result-sink.js';
import { hashConfig, openRunDirectory } from './run-directory.js';
import { writeFigureFiles } from './run-in-store.js';
import { acquireRunLock } from './run-lock.js';

interface RunConfig {
  readonly experiment: string;
  readonly parameters: ParameterValues;
  readonly backend?: string;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly [other: string]: unknown;
}

export interface MergeReport {
  readonly experiment: string;
  readonly directory: string;
  readonly merged: readonly string[];
  /** shards of the configuration not among the merged directories (a plain `run` computes them) */
  readonly missingShards: readonly number[];
  readonly units: number;
  readonly rows: number;
  readonly files: readonly string[];
}

/**
 * Joins run directories of one configuration — the shards of `run --shard I/N`, from several
 * machines — into the ordinary run directory of that configuration (the one a plain `run` resumes,
 * so missing shards are computed by it). Refuses directories of another experiment, other
 * parameters or another backend, and two that disagree on a unit's rows.
 */
export async function mergeRuns(
  experimentOf: (id: string) => Experiment,
  directories: readonly string[],
  options: { readonly out?: string } = {},
): Promise<MergeReport> {
  if (directories.length === 0) throw new UserError('merge: name at least one run directory');
  const runs = directories.map((given) => {
    const directory = resolve(given);
    const configPath = join(directory, 'config.json');
    if (!existsSync(configPath)) throw new UserError(`merge: ${directory} is not a run directory (no config.json)`);
    return { directory, config: JSON.parse(readFileSync(configPath, 'utf8')) as RunConfig };
  });
  const [first] = runs;
  for (const run of runs.slice(1)) {
    const mismatch = [
      run.config.experiment !== first.config.experiment
        ? `experiment ${run.config.experiment} ≠ ${first.config.experiment}`
        : null,
      JSON.stringify(sorted(run.config.parameters)) !== JSON.stringify(sorted(first.config.parameters))
        ? 'other parameters'
        : null,
      (run.config.backend ?? 'auto') !== (first.config.backend ?? 'auto')
        ? `backend ${run.config.backend} ≠ ${first.config.backend}`
        : null,
      (run.config.shard?.count ?? 1) !== (first.config.shard?.count ?? 1) ? 'another number of shards' : null,
    ].filter((m) => m !== null);
    if (mismatch.length > 0) {
      throw new UserError(`merge: ${run.directory} and ${first.directory} are not one configuration (${mismatch.join(', ')})`);
    }
  }
  const experiment = experimentOf(first.config.experiment);
  const parameters = first.config.parameters;
  const backend = first.config.backend ?? 'auto';
  const count = first.config.shard?.count ?? 1;
  const present = new Set(runs.map((r) => r.config.shard?.index ?? 1));
  const missingShards = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !present.has(i));

  // one unit, one set of rows: identical duplicates are fine, disagreeing ones are refused
  const byKey = new Map<string, { rows: ResultRow[]; from: string }>();
  for (const run of runs) {
    const groups = new Map<string, ResultRow[]>();
    for (const row of readResultsCsv(join(run.directory, 'results.csv'))) {
      const key = String(row.key);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    for (const [key, rows] of groups) {
      const seen = byKey.get(key);
      if (seen === undefined) byKey.set(key, { rows, from: run.directory });
      else if (JSON.stringify(seen.rows) !== JSON.stringify(rows)) {
        throw new UserError(`merge: unit ${key} differs between ${seen.from} and ${run.directory}`);
      }
    }
  }
  const root = resolve(options.out ?? 'runs');
  const parent = join(root, experiment.id);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (error) {
    throw asStoreError(error, parent, 'create');
  }
  const lock = acquireRunLock(parent, hashConfig(experiment.id, parameters, { backend }));
  try {
    const target = openRunDirectory(root, experiment.id, parameters, false, new Date(), { backend });
    lock.claim(target.path);
    const existing = existsSync(join(target.path, 'results.csv')) ? readResultsCsv(join(target.path, 'results.csv')) : [];
    const keys = new Set(existing.map((row) => String(row.key)));
    const rows = [...existing, ...[...byKey].filter(([key]) => !keys.has(key)).flatMap(([, entry]) => entry.rows)];
    const { shard: _shard, unshardedConfigHash: _hash, ...config } = first.config;
    await writeFileAtomic(
      join(target.path, 'config.json'),
      `${JSON.stringify({ ...config, configHash: target.configHash, mergedFrom: runs.map((r) => r.directory) }, null, 2)}\n`,
    );
    await writeResultsCsv(join(target.path, 'results.csv'), rows);
    const files = await writeFigureFiles(experiment, target.path, rows, parameters);
    return {
      experiment: experiment.id,
      directory: target.path,
      merged: runs.map((r) => r.directory),
      missingShards,
      units: new Set(rows.map((row) => String(row.key))).size,
      rows: rows.length,
      files,
    };
  } finally {
    lock.release();
  }
}

function sorted(values: ParameterValues): ParameterValues {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
}
