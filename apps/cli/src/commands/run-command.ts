import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ComputeBackendRegistry,
  type Container,
  describeParameter,
  ExperimentRegistry,
  ParameterError,
  type ParameterValues,
  requireInteger,
  UserError,
} from '@attention-hd/core';
import { mergeRuns, readResultsCsv, runInStore, writeFigureFiles } from '@attention-hd/experiments';
import type { Command } from 'commander';
import { requestExitStatus } from '../exit-status.js';
import { pluginSpecifier } from '../load-plugins.js';
import { printJson, printLines, table } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { standardPluginSpecifiers } from '../standard-plugins.js';

/** `attention-hd run <experiment>`: resolve parameters, resume or start a run directory, run, write every file. */
export async function runRun(
  container: Container,
  experimentId: string | undefined,
  options: Record<string, unknown>,
  command: Command,
  plugins: readonly string[] = [],
  argv: readonly string[] = [],
): Promise<void> {
  if (options.help === true) return printRunHelp(container, experimentId, command);
  if (experimentId === undefined) {
    throw new ParameterError('experiment', undefined, `an experiment id: ${container.get(ExperimentRegistry).ids().join(', ')}`);
  }
  const experiment = container.get(ExperimentRegistry).get(experimentId);
  const raw: Record<string, unknown> = {};
  for (const assignment of (options.set as string[] | undefined) ?? []) {
    const at = assignment.indexOf('=');
    if (at < 1) throw new ParameterError('--set', assignment, 'key=value, with key one of the parameters of `list`');
    raw[assignment.slice(0, at)] = assignment.slice(at + 1);
  }
  if (options.seeds !== undefined) raw.seeds = requireInteger('--seeds', options.seeds, { min: 0, max: 1000 });
  const backend = options.backend === undefined ? undefined : await checkBackend(container, String(options.backend));
  const shard = options.shard === undefined ? undefined : parseShard(String(options.shard));
  const workers = requireInteger('--workers', options.workers ?? process.env.ATTENTION_HD_WORKERS ?? availableParallelism(), {
    min: 1,
    max: 256,
  });
  const report = await runInStore(experiment, {
    parameters: raw,
    quick: options.quick === true,
    out: options.out === undefined ? undefined : String(options.out),
    force: options.force === true,
    backend,
    overlayReference: options.overlayReference as string | boolean | undefined,
    repair: options.repair === true,
    shard,
    workers: { count: workers, modules: [...standardPluginSpecifiers, ...plugins.map(pluginSpecifier)] },
    queue: options.queue === undefined ? undefined : String(options.queue),
    argv,
    progress: progressBar(),
  });
  if (options.json) printJson(report);
  else {
    const { reference } = report;
    printLines([
      `${experiment.title}`,
      `${report.resumedRun ? 'resumed' : 'new'} run: ${report.directory}`,
      `${report.computed} unit(s) computed, ${report.resumed} resumed, ${report.failed.length} failed; ${report.rows} rows; ${report.seconds.toFixed(1)} s`,
      ...report.notes.map((note) => `note: ${note}`),
      ...report.repaired.map(
        (d) => `repaired: ${d.line !== undefined ? `line ${d.line}` : `unit ${d.key}`}: ${d.problem} (recomputed)`,
      ),
      ...report.failed.map((f) => `  failed: ${f.key}: ${f.error}`),
      ...report.failedPoints.map((f) => `  did not converge: ${f.key}${f.point ? ` at ${f.point}` : ''}: ${f.status}`),
      ...(reference === undefined
        ? []
        : [
            reference.points > 0
              ? `authors' reference: ${reference.points} points overlaid (reference.csv; agreement in summary.json)`
              : `authors' reference: nothing overlaid: ${reference.reason}`,
          ]),
      `files: ${report.files.join(', ')}`,
    ]);
  }
  if (report.failed.length > 0 || report.failedPoints.length > 0) requestExitStatus(1);
}

/** `attention-hd plot <run-dir>`: re-render a run's figure and summary from its config and results. */
export async function runPlot(container: Container, runDirectory: string, options: Record<string, unknown>): Promise<void> {
  const directory = resolve(runDirectory);
  const configPath = join(directory, 'config.json');
  if (!existsSync(configPath))
    throw new ParameterError('run-dir', runDirectory, 'a run directory (with config.json), e.g. runs/learning-curve/<id>');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as { experiment: string; parameters: ParameterValues };
  const experiment = container.get(ExperimentRegistry).get(config.experiment);
  const resultsPath = join(directory, 'results.csv');
  // never overwrite the derived files with less: no results, no re-render
  if (!existsSync(resultsPath))
    throw new UserError(`${resultsPath} does not exist: nothing to plot (the derived files are left as they are)`);
  const rows = readResultsCsv(resultsPath);
  if (rows.length === 0)
    throw new UserError(`${resultsPath} has no rows: nothing to plot (the derived files are left as they are)`);
  const reference = readResultsCsv(join(directory, 'reference.csv'));
  const files = await writeFigureFiles(experiment, directory, rows, config.parameters, reference);
  if (options.json) printJson({ directory, rows: rows.length, files });
  else printLines([`re-rendered ${directory} from ${rows.length} rows: ${files.slice(2).join(', ')}`]);
}

/** `run --help`, and with an experiment its parameters: name, default, allowed values, description. */
function printRunHelp(container: Container, experimentId: string | undefined, command: Command): void {
  const lines = [command.helpInformation()];
  if (experimentId !== undefined) {
    const experiment = container.get(ExperimentRegistry).get(experimentId);
    const quick = experiment.presets.quick ?? {};
    lines.push(`${experiment.id}: ${experiment.title}`, `${experiment.description}`, '', 'Parameters (--set name=value):');
    lines.push(
      ...table(
        experiment.parameters.map(describeParameter).map((p) => {
          const preset = p.name in quick ? ` (--quick: ${String(quick[p.name])})` : '';
          return [`  ${p.name}`, `${String(p.default)}${preset}`, p.allowed, p.description];
        }),
      ),
    );
  } else {
    lines.push(`Experiments: ${container.get(ExperimentRegistry).ids().join(', ')}`);
  }
  printLines(lines);
}

/** `--backend`: a registered id whose probe says it loads here, or exit 2 before any work. */
async function checkBackend(container: Container, id: string): Promise<string> {
  const backend = container.get(ComputeBackendRegistry).get(id);
  const availability = await backend.probe();
  if (!availability.available)
    throw new ParameterError('--backend', id, `a compute backend that loads here (${id}: ${availability.reason})`);
  return id;
}

/** "I/N" with 1 ≤ I ≤ N. */
function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [index, count] = match === null ? [Number.NaN, Number.NaN] : [Number(match[1]), Number(match[2])];
  if (!(count >= 1 && index >= 1 && index <= count)) throw new ParameterError('--shard', text, 'I/N with 1 ≤ I ≤ N, e.g. 1/4');
  return { index, count };
}

/** `attention-hd merge <dirs…>`: the shards of one configuration joined into its run directory. */
export async function runMerge(container: Container, directories: string[], options: Record<string, unknown>): Promise<void> {
  const registry = container.get(ExperimentRegistry);
  const report = await mergeRuns((id) => registry.get(id), directories, { out: String(options.out ?? 'runs') });
  if (options.json) printJson(report);
  else {
    printLines([
      `merged ${report.merged.length} run(s) into ${report.directory}: ${report.units} units, ${report.rows} rows`,
      ...(report.missingShards.length > 0
        ? [
            `shards not merged: ${report.missingShards.join(', ')} (a plain \`run\` of this configuration computes what they hold)`,
          ]
        : []),
      `files: ${report.files.join(', ')}`,
    ]);
  }
}
