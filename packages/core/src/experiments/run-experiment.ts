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
}

/**
 * Runs an experiment's plan into a sink, unit by unit: units whose key the sink already holds are
 * skipped (resume), and each finished unit's rows are written before the next starts, so an
 * interruption loses at most the unit in progress. Every row carries `key` and `method`.
 */
export async function runExperiment(
  experiment: Experiment,
  parameters: ParameterValues,
  sink: ResultSink,
  context: ExperimentContext,
): Promise<ExperimentRun> {
  const existing = await sink.existing();
  const done = new Set(existing.map((row) => String(row.key)));
  const plan = experiment.plan(parameters);
  const todo = plan.filter((point) => !done.has(point.key));
  const rows: ResultRow[] = [...existing];
  const failed: { key: string; error: string }[] = [];
  context.progress.start(`${experiment.id}: ${todo.length} of ${plan.length} units to run`, todo.length);
  try {
    for (const [index, point] of todo.entries()) {
      context.progress.update({ done: index, message: describePoint(point) });
      try {
        const produced = await experiment.runPoint(point, parameters, context);
        const tagged = produced.map((row) => ({ key: point.key, method: point.method, ...row }));
        await sink.write(tagged);
        rows.push(...tagged);
      } catch (error) {
        failed.push({ key: point.key, error: (error as Error).message });
        context.progress.log(`unit ${point.key} failed: ${(error as Error).message}`);
      }
    }
    context.progress.update({ done: todo.length });
  } finally {
    context.progress.finish();
    await sink.close();
  }
  return { rows, computed: todo.length - failed.length, resumed: plan.length - todo.length, failed };
}

function describePoint(point: ExperimentPoint): string {
  const values = Object.entries(point.values)
    .map(([name, value]) => `${name} = ${typeof value === 'number' ? Number(value.toPrecision(4)) : value}`)
    .join(', ');
  return `${point.method}${values ? `: ${values}` : ''}`;
}
