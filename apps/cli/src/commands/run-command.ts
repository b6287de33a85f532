import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type Container,
  describeParameter,
  ExperimentRegistry,
  ParameterError,
  type ParameterValues,
  requireInteger,
} from '@attention-hd/core';
import { readResultsCsv, runInStore, writeFigureFiles } from '@attention-hd/experiments';
import type { Command } from 'commander';
import { printJson, printLines, table } from '../output.js';
import { progressBar } from '../progress-bar.js';

/** `attention-hd run <experiment>`: resolve parameters, resume or start a run directory, run, write every file. */
export async function runRun(
  container: Container,
  experimentId: string | undefined,
  options: Record<string, unknown>,
  command: Command,
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
  const report = await runInStore(experiment, {
    parameters: raw,
    quick: options.quick === true,
    out: options.out === undefined ? undefined : String(options.out),
    force: options.force === true,
    backend: options.backend === undefined ? undefined : String(options.backend),
    overlayReference: options.overlayReference as string | boolean | undefined,
    progress: progressBar(),
  });
  if (options.json) printJson(report);
  else {
    const { reference } = report;
    printLines([
      `${experiment.title}`,
      `${report.resumedRun ? 'resumed' : 'new'} run: ${report.directory}`,
      `${report.computed} unit(s) computed, ${report.resumed} resumed, ${report.failed.length} failed; ${report.rows} rows; ${report.seconds.toFixed(1)} s`,
      ...report.failed.map((f) => `  failed: ${f.key}: ${f.error}`),
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
  if (report.failed.length > 0) process.exitCode = 1;
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
