import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type Container,
  type Experiment,
  ExperimentRegistry,
  ParameterError,
  type ParameterValues,
  type ResultRow,
  requireInteger,
  resolveParameters,
  runExperiment,
  UserError,
} from '@attention-hd/core';
import { printJson, printLines } from '../output.js';
import { renderFigure } from '../plot/render-figure.js';
import { progressBar } from '../progress-bar.js';
import { writeFileAtomic } from '../run-store/atomic-write.js';
import { CsvResultSink, readResultsCsv } from '../run-store/csv-result-sink.js';
import { openRunDirectory } from '../run-store/run-directory.js';
import { packageVersions } from './doctor-command.js';

/** `attention-hd run <experiment>`: resolve parameters, resume or start a run directory, run, write every file. */
export async function runRun(container: Container, experimentId: string, options: Record<string, unknown>): Promise<void> {
  const experiment = container.get(ExperimentRegistry).get(experimentId);
  const availability = await experiment.availability();
  if (!availability.available) throw new UserError(`experiment '${experiment.id}' is unavailable here: ${availability.reason}`);
  const raw: Record<string, unknown> = {};
  if (options.quick === true) Object.assign(raw, experiment.presets.quick ?? {});
  for (const assignment of (options.set as string[] | undefined) ?? []) {
    const at = assignment.indexOf('=');
    if (at < 1) throw new ParameterError('--set', assignment, 'key=value, with key one of the parameters of `list`');
    raw[assignment.slice(0, at)] = assignment.slice(at + 1);
  }
  if (options.seeds !== undefined) raw.seeds = requireInteger('--seeds', options.seeds, { min: 0, max: 1000 });
  const parameters = resolveParameters(experiment.parameters, raw, `experiment ${experiment.id}`);
  const directory = openRunDirectory(resolve(String(options.out ?? 'runs')), experiment.id, parameters, options.force === true);
  const backend = options.backend === undefined ? undefined : String(options.backend);

  await writeFileAtomic(
    join(directory.path, 'config.json'),
    `${JSON.stringify(
      {
        experiment: experiment.id,
        title: experiment.title,
        parameters,
        preset: options.quick === true ? 'quick' : null,
        configHash: directory.configHash,
        backend: backend ?? 'best available',
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
    progress: progressBar(),
    backend,
  });
  const files = await writeFigureFiles(experiment, directory.path, run.rows, parameters);
  const report = {
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
  };
  if (options.json) printJson(report);
  else {
    printLines([
      `${experiment.title}`,
      `${directory.resumed ? 'resumed' : 'new'} run: ${directory.path}`,
      `${run.computed} unit(s) computed, ${run.resumed} resumed, ${run.failed.length} failed; ${run.rows.length} rows; ${report.seconds.toFixed(1)} s`,
      ...run.failed.map((f) => `  failed: ${f.key}: ${f.error}`),
      `files: ${files.join(', ')}`,
    ]);
  }
  if (run.failed.length > 0) process.exitCode = 1;
}

/** summary.json, figure.vl.json, figure.svg and figure.png from the rows (also `attention-hd plot`). */
export async function writeFigureFiles(
  experiment: Experiment,
  directory: string,
  rows: readonly ResultRow[],
  parameters: ParameterValues,
): Promise<string[]> {
  const summary = experiment.summary(rows, parameters);
  const spec = experiment.figure(rows, parameters);
  await writeFileAtomic(join(directory, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFileAtomic(join(directory, 'figure.vl.json'), `${JSON.stringify(spec, null, 2)}\n`);
  const { svg, png } = await renderFigure(spec);
  await writeFileAtomic(join(directory, 'figure.svg'), svg);
  await writeFileAtomic(join(directory, 'figure.png'), png);
  return ['config.json', 'results.csv', 'summary.json', 'figure.vl.json', 'figure.svg', 'figure.png'];
}

/** `attention-hd plot <run-dir>`: re-render a run's figure and summary from its config and results. */
export async function runPlot(container: Container, runDirectory: string, options: Record<string, unknown>): Promise<void> {
  const directory = resolve(runDirectory);
  const configPath = join(directory, 'config.json');
  if (!existsSync(configPath))
    throw new ParameterError('run-dir', runDirectory, 'a run directory (with config.json), e.g. runs/learning-curve/<id>');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as { experiment: string; parameters: ParameterValues };
  const experiment = container.get(ExperimentRegistry).get(config.experiment);
  const rows = readResultsCsv(join(directory, 'results.csv'));
  const files = await writeFigureFiles(experiment, directory, rows, config.parameters);
  if (options.json) printJson({ directory, rows: rows.length, files });
  else printLines([`re-rendered ${directory} from ${rows.length} rows: ${files.slice(2).join(', ')}`]);
}
