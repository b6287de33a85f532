import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

describe('runs and compare', () => {
  it('compare of a tfjs-wasm and a typescript run: theory identical, Adam within the float32 tolerance', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ahd-compare-'));
    const args = ['run', 'learning-curve', '--quick', '--out', out, '--json'];
    const wasm = JSON.parse((await runCli([...args, '--backend', 'tfjs-wasm'])).stdout);
    const ts = JSON.parse((await runCli([...args, '--backend', 'typescript'])).stdout);
    const run = await runCli(['compare', wasm.directory, ts.directory, '--out', join(out, 'compare'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const comparison = JSON.parse(run.stdout);
    expect(comparison.matched).toBe(wasm.rows);
    expect(comparison.files).toHaveLength(3);
    const theory = comparison.points.filter((p: { key: string }) => p.key.startsWith('theory'));
    expect(theory.length).toBeGreaterThan(0);
    for (const p of theory) expect(p.relative, `${p.metric} ${p.key}`).toBe(0);
    // float32 against float64 Adam trajectories: the backend conformance suite's 1e-3 (measured ≤ 3e-4)
    for (const p of comparison.points) expect(p.relative, `${p.metric} ${p.key}`).toBeLessThanOrEqual(1e-3);
    expect(Object.keys(comparison.summary)).toEqual(expect.arrayContaining(['testError', 'trainLoss', 'mseS']));
    expect(comparison.summary).not.toHaveProperty('alpha');
  }, 120_000);

  it('runs lists each directory with its configuration hash and status: complete, failed units, partial', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ahd-runs-'));
    const complete = JSON.parse((await runCli(['run', 'thresholds', '--quick', '--out', out, '--json'])).stdout);
    const failing = JSON.parse(
      (
        await runCli([
          '--plugin',
          './apps/cli/src/testing/failing-experiment-plugin.ts',
          'run',
          'failing',
          '--out',
          out,
          '--json',
        ])
      ).stdout,
    );
    const partial = JSON.parse(
      (await runCli(['run', 'thresholds', '--quick', '--set', 'points=3', '--out', out, '--json'])).stdout,
    );
    rmSync(join(partial.directory, 'status.json')); // as a run killed before its end leaves it
    const run = await runCli(['runs', '--out', out, '--json']);
    expect(run.code).toBe(0);
    const byDirectory = Object.fromEntries(JSON.parse(run.stdout).map((r: { directory: string }) => [r.directory, r]));
    expect(byDirectory[complete.directory]).toMatchObject({
      experiment: 'thresholds',
      status: 'complete',
      unitsDone: 4,
      unitsPlanned: 4,
    });
    expect(byDirectory[complete.directory].configHash).toMatch(/^[0-9a-f]{10}$/);
    expect(byDirectory[failing.directory]).toMatchObject({ status: 'failed units', failedUnits: 1 });
    expect(byDirectory[partial.directory]).toMatchObject({ status: 'partial' });
    const only = JSON.parse((await runCli(['runs', '--out', out, '--experiment', 'failing', '--json'])).stdout);
    expect(only.map((r: { experiment: string }) => r.experiment)).toEqual(['failing']);
  }, 120_000);
});
