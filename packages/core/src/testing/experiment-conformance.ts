import { describe, expect, it } from 'vitest';
import type { Experiment, ExperimentPoint } from '../contracts/experiment.js';
import { silentProgress } from '../contracts/progress-reporter.js';
import { MemoryResultSink } from '../contracts/result-sink.js';
import { runExperiment } from '../experiments/run-experiment.js';
import { type ParameterValues, resolveParameters } from '../parameters/parameter-spec.js';

export interface ExperimentConformanceOptions {
  /** the preset to plan and run with (default 'quick'; it must exist) */
  readonly preset?: string;
  /** parameter values on top of the preset, e.g. to keep the run small */
  readonly values?: Readonly<Record<string, unknown>>;
  /** run the first unit of the plan and resume it (default true) */
  readonly run?: boolean;
}

/**
 * The checks every Experiment plugin must pass (run it from your plugin's tests): it describes
 * itself and every parameter; its defaults and the preset resolve; `availability()` gives a reason;
 * the plan is non-empty with unique keys; the first unit yields flat rows that `runExperiment`
 * tags with key and method, and a second run resumes it instead of recomputing; `figure()` gives
 * a Vega-Lite spec and `summary()` plain JSON, from those rows and from none.
 */
export function describeExperimentConformance(experiment: Experiment, options: ExperimentConformanceOptions = {}): void {
  const preset = options.preset ?? 'quick';
  const parameters = (): ParameterValues =>
    resolveParameters(
      experiment.parameters,
      { ...(experiment.presets[preset] ?? {}), ...options.values },
      `experiment ${experiment.id}`,
    );

  describe(`Experiment conformance: ${experiment.id}`, () => {
    it('declares an id, a title, a description, described parameters and the preset', () => {
      expect(experiment.id).toMatch(/^[a-z0-9-]+$/);
      expect(experiment.title.length).toBeGreaterThan(0);
      expect(experiment.description.length).toBeGreaterThan(0);
      const names = experiment.parameters.map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
      for (const spec of experiment.parameters) expect(spec.description.length, spec.name).toBeGreaterThan(0);
      expect(experiment.presets[preset], `preset '${preset}'`).toBeDefined();
      expect(() => resolveParameters(experiment.parameters, {}, experiment.id)).not.toThrow();
      expect(() => parameters()).not.toThrow();
    });

    it('says whether it is available, with a reason', async () => {
      const availability = await experiment.availability();
      expect(typeof availability.available).toBe('boolean');
      expect(availability.reason.length).toBeGreaterThan(0);
    });

    it('plans units with unique keys and a method each', () => {
      const plan = experiment.plan(parameters());
      expect(plan.length).toBeGreaterThan(0);
      expect(new Set(plan.map((p) => p.key)).size).toBe(plan.length);
      for (const point of plan) expect(point.method.length).toBeGreaterThan(0);
    });

    it('draws a Vega-Lite figure and a JSON summary even from no rows', () => {
      const spec = experiment.figure([], parameters());
      expect(String(spec.$schema)).toMatch(/vega-lite/);
      expect(() => JSON.stringify(experiment.summary([], parameters()))).not.toThrow();
    });

    if (options.run ?? true) {
      it('runs its first unit into flat rows, and a second run resumes it', async () => {
        const values = parameters();
        const first: ExperimentPoint = experiment.plan(values)[0];
        const one: Experiment = { ...bind(experiment), plan: () => [first] };
        const sink = new MemoryResultSink();
        const run = await runExperiment(one, values, sink, { progress: silentProgress });
        expect(run.failed).toEqual([]);
        expect(run.computed).toBe(1);
        expect(sink.rows.length).toBeGreaterThan(0);
        for (const row of sink.rows) {
          expect(row.key).toBe(first.key);
          expect(row.method).toBe(first.method);
          for (const value of Object.values(row)) expect(['number', 'string', 'boolean']).toContain(typeof value);
        }
        const again = await runExperiment(one, values, sink, { progress: silentProgress });
        expect(again.computed).toBe(0);
        expect(again.resumed).toBe(1);
        const spec = experiment.figure(sink.rows, values);
        expect(() => JSON.stringify(spec)).not.toThrow();
        expect(() => JSON.stringify(experiment.summary(sink.rows, values))).not.toThrow();
      }, 300_000);
    }
  });
}

/** The experiment's own methods bound to it, so a copy with another `plan` still works. */
function bind(experiment: Experiment): Experiment {
  return {
    id: experiment.id,
    title: experiment.title,
    description: experiment.description,
    parameters: experiment.parameters,
    presets: experiment.presets,
    availability: () => experiment.availability(),
    plan: (p) => experiment.plan(p),
    runPoint: (point, p, context) => experiment.runPoint(point, p, context),
    figure: (rows, p) => experiment.figure(rows, p),
    summary: (rows, p) => experiment.summary(rows, p),
  };
}
