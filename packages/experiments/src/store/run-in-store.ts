import { mkdirSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type Experiment,
  type ExperimentPoint,
  type ExperimentRun,
  type ParameterValues,
  type ProgressReporter,
  type ResultRow,
  requireInteger,
  resolveParameters,
  runExperiment,
  silentProgress,
  UserError,
} from '@attention-hd/core';
import { renderFigure } from '../figures/render-figure.js';
import { UnitPool } from '../pool/unit-pool.js';
import type { QueueRunner } from '../queue/queue-coordinator.js';
import {
  findReferenceDirectory,
  type ReferenceOverlay,
  referenceAgreement,
  referenceRows,
} from '../reference/reference-overlay.js';
import { asStoreError, removeOrphanedTemporaries, writeFileAtomic } from './atomic-write.js';
import { CsvResultSink, writeResultsCsv } from './csv-result-sink.js';
import { packageVersions } from './package-versions.js';
import { provenance } from './provenance.js';
import { hashConfig, openRunDirectory } from './run-directory.js';
import { acquireRunLock } from './run-lock.js';

export interface RunInStoreOptions {
  /** raw parameter values (numbers or strings), checked against the experiment's specs */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** start from the experiment's `quick` preset */
  readonly quick?: boolean;
  /** root of the run store (default `runs`) */
  readonly out?: string;
  /** a new run directory even if one with the same configuration exists */
  readonly force?: boolean;
  /** compute backend id for the Adam runs (default: the best available) */
  readonly backend?: string;
  /** overlay the authors' stored points: true (find their data/ folder) or its path */
  readonly overlayReference?: string | boolean;
  /** drop the damaged rows of results.csv and recompute exactly those units (else damage stops the run) */
  readonly repair?: boolean;
  /**
   * compute only the index-th of `count` deterministic parts of the plan (units index, index + count,
   * … in plan order; index from 1), into a directory of its own; `mergeRuns` joins the parts
   */
  readonly shard?: { readonly index: number; readonly count: number };
  /**
   * run units on this many worker threads (default 1: this thread). The workers build the
   * experiment from `modules`, import specifiers of the plugin packages whose ContainerModules
   * register it (and everything it needs), e.g. ['@attention-hd/targets', …, './my-plugin.js'].
   */
  readonly workers?: { readonly count: number; readonly modules: readonly string[] };
  /**
   * send the units to a BullMQ queue on Redis (`redis://HOST:PORT`) instead of computing them here:
   * workers anywhere (`attention-hd worker --queue …`) compute them with `workers.modules`; this
   * process collects the rows into the store (at least once, one set of rows per unit)
   */
  readonly queue?: string;
  /** the command line that asked for the run, recorded in config.json's provenance */
  readonly argv?: readonly string[];
  readonly progress?: ProgressReporter;
}

export interface RunReport {
  readonly experiment: string;
  readonly directory: string;
  readonly resumedRun: boolean;
  readonly units: number;
  readonly computed: number;
  readonly resumed: number;
  readonly failed: readonly { readonly key: string; readonly error: string }[];
  /** rows whose status is not 'converged' (kept as evidence, not plotted; they count as failures) */
  readonly failedPoints: readonly { readonly key: string; readonly point: string; readonly status: string }[];
  /** what a repair dropped and recomputed, and a stale lock taken over */
  readonly repaired: readonly { readonly line?: number; readonly key?: string; readonly problem: string }[];
  readonly notes: readonly string[];
  readonly rows: number;
  readonly seconds: number;
  readonly files: readonly string[];
  readonly reference?: { readonly points: number; readonly reason?: string };
}

/**
 * Runs an experiment into the run store, as `attention-hd run` does (the API behind it, for
 * experiments composed in code): `runs/<id>/<timestamp>-<hash>/` with config.json, results.csv
 * (atomic, resumable), summary.json and the figure in Vega-Lite, SVG and PNG.
 */
export async function runInStore(experiment: Experiment, options: RunInStoreOptions = {}): Promise<RunReport> {
  const availability = await experiment.availability();
  if (!availability.available) throw new UserError(`experiment '${experiment.id}' is unavailable here: ${availability.reason}`);
  const raw: Record<string, unknown> = { ...(options.quick ? (experiment.presets.quick ?? {}) : {}), ...options.parameters };
  const parameters = resolveParameters(experiment.parameters, raw, `experiment ${experiment.id}`);
  // everything resolvable before computing: targets, parameterizations, sizes (exit 2, no directory)
  await experiment.validate?.(parameters);
  const backend = options.backend ?? 'auto';
  const shard = options.shard;
  if (shard !== undefined) {
    requireInteger('shard count', shard.count, { min: 1, max: 100_000 });
    requireInteger('shard', shard.index, { min: 1, max: shard.count });
  }
  const settings: Record<string, string> =
    shard === undefined ? { backend } : { backend, shard: `${shard.index}/${shard.count}` };
  const configHash = hashConfig(experiment.id, parameters, settings);
  // a queue that cannot be reached is refused before anything is written
  const queueRunner =
    options.queue === undefined
      ? null
      : await (await import('../queue/queue-coordinator.js')).QueueRunner.open({
          url: options.queue,
          configHash,
          experimentId: experiment.id,
          parameters,
          backend: options.backend,
          modules: options.workers?.modules ?? [],
          versions: packageVersions(),
        });
  const root = resolve(options.out ?? 'runs');
  const parent = join(root, experiment.id);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (error) {
    await queueRunner?.close();
    throw asStoreError(error, parent, 'create');
  }
  // the lock first, then the directory: two runs of one configuration never share or split one
  let lock: ReturnType<typeof acquireRunLock>;
  try {
    lock = acquireRunLock(parent, configHash);
  } catch (error) {
    await queueRunner?.close();
    throw error;
  }
  const notes: string[] = [];
  try {
    const directory = openRunDirectory(root, experiment.id, parameters, options.force === true, new Date(), settings);
    try {
      mkdirSync(directory.path, { recursive: true });
    } catch (error) {
      throw asStoreError(error, directory.path, 'create');
    }
    lock.claim(directory.path);
    if (lock.takenOver !== undefined) notes.push(lock.takenOver);
    const orphans = removeOrphanedTemporaries(directory.path);
    if (orphans > 0) notes.push(`removed ${orphans} temporary file(s) a killed write had left`);
    for (const note of notes) (options.progress ?? silentProgress).log(note);
    await writeFileAtomic(
      join(directory.path, 'config.json'),
      `${JSON.stringify(
        {
          experiment: experiment.id,
          title: experiment.title,
          parameters,
          preset: options.quick ? 'quick' : null,
          configHash: directory.configHash,
          backend,
          ...(shard === undefined ? {} : { shard, unshardedConfigHash: hashConfig(experiment.id, parameters, { backend }) }),
          provenance: provenance(options.argv ?? []),
          packages: packageVersions(),
          machine: {
            node: process.version,
            platform: process.platform,
            arch: process.arch,
            cpu: cpus()[0]?.model ?? 'unknown',
            cores: availableParallelism(),
            memoryGiB: Math.round(totalmem() / 2 ** 30),
          },
          started: new Date().toISOString(),
        },
        null,
        2,
      )}\n`,
    );
    const started = performance.now();
    const sink = new CsvResultSink(join(directory.path, 'results.csv'), { repair: options.repair === true });
    // where units run: the queue (workers elsewhere), worker threads here, or this thread
    const workers = options.workers !== undefined && options.workers.count > 1 ? options.workers : undefined;
    const pool: { size: number; run(point: ExperimentPoint): Promise<ResultRow[]>; close(): Promise<void> } | null =
      queueRunner !== null
        ? queueExecutor(queueRunner)
        : workers === undefined
          ? null
          : new UnitPool(workers.count, {
              modules: workers.modules,
              experimentId: experiment.id,
              parameters,
              backend: options.backend,
            });
    let run: ExperimentRun;
    try {
      run = await runExperiment(
        experiment,
        parameters,
        sink,
        { progress: options.progress ?? silentProgress, backend: options.backend },
        {
          select: shard === undefined ? undefined : (_point, index) => index % shard.count === shard.index - 1,
          concurrency: pool?.size ?? 1,
          run: pool === null ? undefined : (point) => pool.run(point),
        },
      );
    } finally {
      await pool?.close();
    }
    // rows in plan order (units finish in any order on several workers): the same file for any count
    const order = new Map(experiment.plan(parameters).map((point, index) => [point.key, index]));
    const ordered = [...run.rows].sort((a, b) => (order.get(String(a.key)) ?? 0) - (order.get(String(b.key)) ?? 0));
    await writeResultsCsv(join(directory.path, 'results.csv'), ordered);
    let reference: ReferenceOverlay | undefined;
    if (options.overlayReference !== undefined && options.overlayReference !== false) {
      const given = options.overlayReference === true ? undefined : options.overlayReference;
      reference = await overlayReference(experiment.id, parameters, directory.path, given);
    }
    const files = await writeFigureFiles(experiment, directory.path, ordered, parameters, reference?.rows ?? []);
    // what this run ended with (for `runs`): planned units, failures, when
    await writeFileAtomic(
      join(directory.path, 'status.json'),
      `${JSON.stringify(
        {
          unitsPlanned: run.computed + run.resumed + run.failed.length,
          failed: run.failed,
          failedPoints: run.failedPoints,
          finished: new Date().toISOString(),
        },
        null,
        2,
      )}\n`,
    );
    return {
      experiment: experiment.id,
      directory: directory.path,
      resumedRun: directory.resumed,
      units: run.computed + run.resumed + run.failed.length,
      computed: run.computed,
      resumed: run.resumed,
      failed: run.failed,
      failedPoints: run.failedPoints,
      repaired: sink.repaired,
      notes,
      rows: run.rows.length,
      seconds: (performance.now() - started) / 1000,
      files,
      ...(reference !== undefined ? { reference: { points: reference.rows.length, reason: reference.reason } } : {}),
    };
  } finally {
    lock.release();
    await queueRunner?.close();
  }
}

/** The queue as an executor: every unit in flight at once (workers elsewhere take them). */
function queueExecutor(runner: QueueRunner) {
  return { size: Number.MAX_SAFE_INTEGER, run: (point: ExperimentPoint) => runner.run(point), close: () => runner.close() };
}

/** The authors' overlapping points, written to the run's reference.csv (an empty file says "none"). */
async function overlayReference(
  experimentId: string,
  parameters: ParameterValues,
  directory: string,
  given?: string,
): Promise<ReferenceOverlay> {
  const overlay = referenceRows(experimentId, parameters, findReferenceDirectory(given));
  await writeResultsCsv(join(directory, 'reference.csv'), overlay.rows);
  return overlay;
}

/**
 * summary.json, figure.vl.json, figure.svg and figure.png from the rows (also `attention-hd plot`);
 * the authors' reference points, when overlaid, join the figure and the summary's `reference`.
 */
export async function writeFigureFiles(
  experiment: Experiment,
  directory: string,
  rows: readonly ResultRow[],
  parameters: ParameterValues,
  reference: readonly ResultRow[] = [],
): Promise<string[]> {
  const summary = experiment.summary(rows, parameters);
  const all = [...rows, ...reference];
  const spec = experiment.figure(all, parameters);
  if (reference.length > 0) summary.reference = { points: reference.length, agreement: referenceAgreement(experiment.id, all) };
  await writeFileAtomic(join(directory, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFileAtomic(join(directory, 'figure.vl.json'), `${JSON.stringify(spec, null, 2)}\n`);
  const { svg, png } = await renderFigure(spec);
  await writeFileAtomic(join(directory, 'figure.svg'), svg);
  await writeFileAtomic(join(directory, 'figure.png'), png);
  const files = ['config.json', 'results.csv', 'summary.json', 'figure.vl.json', 'figure.svg', 'figure.png'];
  return reference.length > 0 ? [...files, 'reference.csv'] : files;
}
