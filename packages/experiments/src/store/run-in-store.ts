import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type Experiment,
  type ParameterValues,
  type ProgressReporter,
  type ResultRow,
  resolveParameters,
  runExperiment,
  silentProgress,
  UserError,
} from '@attention-hd/core';
import { renderFigure } from '../figures/render-figure.js';
import {
  findReferenceDirectory,
  type ReferenceOverlay,
  referenceAgreement,
  referenceRows,
} from '../reference/reference-overlay.js';
import { writeFileAtomic } from './atomic-write.js';
import { CsvResultSink, writeResultsCsv } from './csv-result-sink.js';
import { packageVersions } from './package-versions.js';
import { openRunDirectory } from './run-directory.js';

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
  const directory = openRunDirectory(resolve(options.out ?? 'runs'), experiment.id, parameters, options.force === true);
  await writeFileAtomic(
    join(directory.path, 'config.json'),
    `${JSON.stringify(
      {
        experiment: experiment.id,
        title: experiment.title,
        parameters,
        preset: options.quick ? 'quick' : null,
        configHash: directory.configHash,
        backend: options.backend ?? 'best available',
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
  const run = await runExperiment(experiment, parameters, new CsvResultSink(join(directory.path, 'results.csv')), {
    progress: options.progress ?? silentProgress,
    backend: options.backend,
  });
  let reference: ReferenceOverlay | undefined;
  if (options.overlayReference !== undefined && options.overlayReference !== false) {
    const given = options.overlayReference === true ? undefined : options.overlayReference;
    reference = await overlayReference(experiment.id, parameters, directory.path, given);
  }
  const files = await writeFigureFiles(experiment, directory.path, run.rows, parameters, reference?.rows ?? []);
  return {
    experiment: experiment.id,
    directory: directory.path,
    resumedRun: directory.resumed,
    units: run.computed + run.resumed + run.failed.length,
    computed: run.computed,
    resumed: run.resumed,
    failed: run.failed,
    rows: run.rows.length,
    seconds: (performance.now() - started) / 1000,
    files,
    ...(reference !== undefined ? { reference: { points: reference.rows.length, reason: reference.reason } } : {}),
  };
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
