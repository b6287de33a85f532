import {
  createContainer,
  MemoryResultSink,
  ParameterError,
  resolveParameters,
  runExperiment,
  silentProgress,
} from '@attention-hd/core';
import { describeExperimentConformance } from '@attention-hd/core/testing';
import { describe, expect, it } from 'vitest';
import { defineExperiment, unitKey } from './define-experiment.js';
import { tidySummary } from './tidy-summary.js';

// A toy experiment with a closed form: theory y = a·x², simulation y = a·x² + (seed − 2)/10, so the
// simulation mean over seeds 1..3 equals the theory and its sample std is 0.1 exactly.
const quadratic = defineExperiment({
  id: 'quadratic',
  title: 'y = a x²',
  description: 'a toy experiment for the framework',
  parameters: {
    a: { kind: 'number', description: 'coefficient', default: 2, range: { min: 0 } },
    xs: { kind: 'list', description: 'x values', default: '1,2,3', range: { min: 0 } },
    shape: { kind: 'choice', description: 'curve', default: 'square', choices: ['square', 'cube'] as const },
    seeds: { kind: 'number', description: 'runs', default: 3, range: { integer: true, min: 0 } },
  },
  presets: { quick: { xs: '1,2' } },
  units: (p) => [
    { method: 'theory', values: { shape: p.shape } },
    ...p.xs.flatMap((x) =>
      Array.from({ length: p.seeds }, (_, k) => ({ method: 'simulation' as const, values: { x, seed: k + 1 } })),
    ),
  ],
  methods: {
    // p is typed: p.a a number, p.xs a number[], p.shape 'square' | 'cube'
    theory: (_unit, p) => p.xs.map((x) => ({ x, y: p.a * x ** (p.shape === 'square' ? 2 : 3) })),
    simulation: (unit, p) => [
      { x: Number(unit.x), seed: Number(unit.seed), y: p.a * Number(unit.x) ** 2 + (Number(unit.seed) - 2) / 10 },
    ],
  },
  figure: (rows) => ({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', mark: 'point', data: { values: rows } }),
  summary: { x: 'x', metrics: ['y'] },
});

describe('defineExperiment', () => {
  const experiment = quadratic(createContainer([]));

  it('derives the parameter specs, and reads validated values into typed ones', () => {
    expect(experiment.parameters.map((p) => p.name)).toEqual(['a', 'xs', 'shape', 'seeds']);
    const values = resolveParameters(experiment.parameters, { xs: '0.5, 4', shape: 'cube' }, 'quadratic');
    expect(experiment.read(values)).toEqual({ a: 2, xs: [0.5, 4], shape: 'cube', seeds: 3 });
    expect(() => resolveParameters(experiment.parameters, { shape: 'circle' }, 'quadratic')).toThrow(ParameterError);
  });

  it('derives resume keys from the units: method, then name=value in order', () => {
    expect(unitKey({ method: 'simulation', values: { x: 2, seed: 3 } })).toBe('simulation|x=2|seed=3');
    const plan = experiment.plan(resolveParameters(experiment.parameters, {}, 'quadratic'));
    expect(plan.map((p) => p.key)).toEqual([
      'theory|shape=square',
      ...[1, 2, 3].flatMap((x) => [1, 2, 3].map((seed) => `simulation|x=${x}|seed=${seed}`)),
    ]);
  });

  it('runs every method into tidy rows and summarises simulations as mean ± std per x', async () => {
    const parameters = resolveParameters(experiment.parameters, {}, 'quadratic');
    const run = await runExperiment(experiment, parameters, new MemoryResultSink(), { progress: silentProgress });
    expect(run.failed).toEqual([]);
    const summary = experiment.summary(run.rows, parameters) as {
      y: {
        theory: Record<string, { x: number[]; y: number[] }>;
        simulation: Record<string, { y: number[]; std: number[]; runs: number[] }>;
      };
    };
    expect(summary.y.theory.theory).toEqual({ x: [1, 2, 3], y: [2, 8, 18] });
    const simulated = summary.y.simulation.simulation;
    for (const [i, y] of simulated.y.entries()) expect(y).toBeCloseTo([2, 8, 18][i], 12);
    for (const std of simulated.std) expect(std).toBeCloseTo(0.1, 12);
    expect(simulated.runs).toEqual([3, 3, 3]);
  });

  it('tidySummary leaves out non-finite values and names curves by the series column', () => {
    const rows = [
      { method: 'theory', k: 'a', x: 1, y: 1 },
      { method: 'theory', k: 'a', x: 2, y: Number.NaN },
      { method: 'theory', k: 'b', x: 1, y: 3 },
    ];
    expect(tidySummary(rows, { x: 'x', metrics: ['y'], series: 'k' })).toEqual({
      y: { theory: { 'k=a': { x: [1], y: [1] }, 'k=b': { x: [1], y: [3] } }, simulation: {} },
    });
  });
});

describeExperimentConformance(quadratic(createContainer([])));
