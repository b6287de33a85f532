import { describe, expect, it } from 'vitest';
import type { Experiment } from '../contracts/experiment.js';
import { silentProgress } from '../contracts/progress-reporter.js';
import { MemoryResultSink } from '../contracts/result-sink.js';
import { runExperiment } from './run-experiment.js';

function counting(): { experiment: Experiment; calls: string[] } {
  const calls: string[] = [];
  const experiment: Experiment = {
    id: 'square',
    title: 'square',
    description: 'x² at x = 1…n',
    parameters: [],
    presets: {},
    availability: async () => ({ available: true, reason: '' }),
    plan: (p) =>
      Array.from({ length: Number(p.n) }, (_, i) => ({ key: `x=${i + 1}`, method: 'theory' as const, values: { x: i + 1 } })),
    runPoint: async (point) => {
      calls.push(point.key);
      if (point.values.x === 3 && calls.filter((c) => c === 'x=3').length === 1) throw new Error('flaky');
      return [{ x: Number(point.values.x), y: Number(point.values.x) ** 2 }];
    },
    figure: () => ({}),
    summary: () => ({}),
  };
  return { experiment, calls };
}

describe('runExperiment', () => {
  it('writes each unit, records a failure without stopping, and a re-run computes only what is missing', async () => {
    const { experiment, calls } = counting();
    const sink = new MemoryResultSink();
    const first = await runExperiment(experiment, { n: 4 }, sink, { progress: silentProgress });
    expect(first.failed.map((f) => f.key)).toEqual(['x=3']);
    expect(first.rows.map((r) => r.y)).toEqual([1, 4, 16]);
    expect(first.rows[0]).toMatchObject({ key: 'x=1', method: 'theory' });
    const second = await runExperiment(experiment, { n: 4 }, sink, { progress: silentProgress });
    expect(second.resumed).toBe(3);
    expect(second.computed).toBe(1);
    expect(calls).toEqual(['x=1', 'x=2', 'x=3', 'x=4', 'x=3']);
    expect(second.rows.map((r) => r.y).sort((a, b) => Number(a) - Number(b))).toEqual([1, 4, 9, 16]);
  });
});
