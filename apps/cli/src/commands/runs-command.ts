import { compareRuns, listRuns, writeReport } from '@attention-hd/experiments';
import { formatNumber, printJson, printLines, table } from '../output.js';

/** `attention-hd runs [--experiment id] [--out runs]`: the run directories, newest first, with their status. */
export async function runRuns(options: Record<string, unknown>): Promise<void> {
  const runs = listRuns(String(options.out ?? 'runs'), {
    experiment: options.experiment === undefined ? undefined : String(options.experiment),
  });
  if (options.json) {
    printJson(runs);
    return;
  }
  if (runs.length === 0) {
    printLines([`no run directories under ${String(options.out ?? 'runs')}`]);
    return;
  }
  printLines(
    table([
      ['started', 'experiment', 'config', 'status', 'units', 'directory'],
      ...runs.map((r) => [
        r.started ?? '',
        r.experiment,
        r.configHash,
        r.status,
        `${r.unitsDone}${r.unitsPlanned === null ? '' : `/${r.unitsPlanned}`}${r.failedUnits > 0 ? ` (${r.failedUnits} failed)` : ''}`,
        r.directory,
      ]),
    ]),
  );
}

/** `attention-hd compare <run-a> <run-b> [--out dir]`: shared metrics side by side, deviation per point. */
export async function runCompare(a: string, b: string, options: Record<string, unknown>): Promise<void> {
  const comparison = await compareRuns(a, b, { out: options.out === undefined ? undefined : String(options.out) });
  if (options.json) {
    printJson(comparison);
    return;
  }
  printLines([
    `${comparison.experiment}: ${comparison.matched} rows matched between`,
    `  a: ${comparison.a}`,
    `  b: ${comparison.b}`,
    '',
    ...table([
      ['metric', 'points', 'max relative deviation', 'median'],
      ...Object.entries(comparison.summary).map(([metric, s]) => [
        metric,
        String(s.points),
        formatNumber(s.max, 3),
        formatNumber(s.median, 3),
      ]),
    ]),
    ...(comparison.files.length > 0 ? ['', `figure: ${comparison.files.join(', ')}`] : []),
  ]);
}

/** `attention-hd report <dir>`: report.html for a run directory or a whole store root. */
export async function runReport(dir: string, options: Record<string, unknown>): Promise<void> {
  const report = await writeReport(dir);
  if (options.json) printJson(report);
  else printLines([`${report.file} (${report.runs} run${report.runs === 1 ? '' : 's'})`]);
}
