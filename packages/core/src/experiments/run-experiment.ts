import type { Experiment, ExperimentContext, ExperimentPoint } from '../contracts/experiment.js';
import type { ResultRow, ResultSink } from '../contracts/result-sink.js';
import type { ParameterValues } from '../parameters/parameter-spec.js';

export interface ExperimentRun {
  /** every row, resumed ones first */
  readonly rows: ResultRow[];
  /** units computed in this run / found already finished */
  readonly computed: number;
  readonly resumed: number;
  /** units that threw; recorded, not fatal (their rows are absent, their keys listed here) */
  readonly failed: readonly { readonly key: string; readonly error: string }[];
  /**
   * rows of this run's units that carry a `status` other than 'converged' (a theory point that did
   * not converge: its numbers are NaN): stored as evidence, never a result, and counted as failures
   */
  readonly failedPoints: readonly { readonly key: string; readonly point: string; readonly status: string }[];
}

/**
 * Runs an experiment's plan into a sink, unit by unit: units whose key the sink already holds are
 * skipped (resume), and each finished unit's rows are written before the next starts, so an
 * interruption loses at most the unit in progress. Every row carries `key`, `method` and
 * `unitRows` (how many rows its unit produced, so a store can tell a complete unit from a damaged
 * one). A unit that throws is recorded and the run goes on; a sink that cannot write stops the run
 * at once (the error propagates: nothing computed after it could be kept).
 */
export interface RunOptions {
  /** which units of the plan to run (default all), e.g. one shard of N */
  readonly select?: (point: ExperimentPoint, index: number) => boolean;
  /** units in flight at once (default 1); with more, `run` executes them (e.g. on worker threads) */
  readonly concurrency?: number;
  /** how a unit is executed (default: the experiment's own runPoint, in this thread) */
  readonly run?: (point: ExperimentPoint) => Promise<ResultRow[]>;
}

export async function runExperiment(
  experiment: Experiment,
  parameters: ParameterValues,
  sink: ResultSink,
  context: ExperimentContext,
  options: RunOptions = {},
): Promise<ExperimentRun> {
  const existing = await sink.existing();
  const done = new Set(existing.map((row) => String(row.key)));
  const plan = experiment.plan(parameters).filter(options.select ?? (() => true));
  const todo = plan.filter((point) => !done.has(point.key));
  const rows: ResultRow[] = [...existing];
  const failed: { key: string; error: string }[] = [];
  const failedPoints: { key: string; point: string; status: string }[] = [];
  const execute = options.run ?? ((point: ExperimentPoint) => experiment.runPoint(point, parameters, context));
  let finished = 0;
  // one write at a time, in the order units finish; a write error stops everything
  let writing: Promise<void> = Promise.resolve();
  const complete = async (point: ExperimentPoint, produced: ResultRow[]): Promise<void> => {
    const tagged: ResultRow[] = produced.map((row) => ({
      key: point.key,
      method: point.method,
      unitRows: produced.length,
      ...row,
    }));
    writing = writing.then(() => sink.write(tagged));
    await writing;
    rows.push(...tagged);
    for (const row of tagged) {
      if (typeof row.status === 'string' && row.status !== 'converged') {
        const where = Object.entries(row)
          .filter(([name, value]) => typeof value === 'number' && ['alpha', 'n', 'x', 'kappa0', 'logN'].includes(name))
          .map(([name, value]) => `${name} = ${value}`)
          .join(', ');
        failedPoints.push({ key: point.key, point: where, status: row.status });
      }
    }
  };
  context.progress.start(`${experiment.id}: ${todo.length} of ${plan.length} units to run`, todo.length);
  try {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < todo.length) {
        const point = todo[next++];
        context.progress.update({ done: finished, message: describePoint(point) });
        let produced: ResultRow[] | null = null;
        try {
          produced = await execute(point);
        } catch (error) {
          failed.push({ key: point.key, error: (error as Error).message });
          context.progress.log(`unit ${point.key} failed: ${(error as Error).message}`);
        }
        if (produced !== null) await complete(point, produced);
        finished++;
      }
    };
    const lanes = Math.max(1, Math.min(options.concurrency ?? 1, todo.length));
    await Promise.all(Array.from({ length: lanes }, lane));
    context.progress.update({ done: todo.length });
  } finally {
    context.progress.finish();
    await sink.close();
  }
  if (failedPoints.length > 0) {
    context.progress.log(`${failedPoints.length} point(s) did not converge (kept in the results with their status, not plotted)`);
  }
  return { rows, computed: todo.length - failed.length, resumed: plan.length - todo.length, failed, failedPoints };
}

function describePoint(point: ExperimentPoint): string {
  const values = Object.entries(point.values)
    .map(([name, value]) => `${name} = ${typeof value === 'number' ? Number(value.toPrecision(4)) : value}`)
    .join(', ');
  return `${point.method}${values ? `: ${values}` : ''}`;
}
