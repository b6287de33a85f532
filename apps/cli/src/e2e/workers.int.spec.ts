import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultsCsv } from '@attention-hd/experiments';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

// Units on worker threads give the same numbers as one thread (each unit is deterministic by its
// key), and results.csv keeps plan order whatever the order units finish in; only the timing
// column differs. A plugin's experiment runs on the workers too (they import the plugin).
describe('run --workers N', () => {
  const withoutTiming = (rows: ReturnType<typeof readResultsCsv>) => rows.map(({ seconds: _s, ...row }) => row);

  it.each([
    [['run', 'learning-curve', '--quick', '--set', 'd=12', '--set', 'simAlphas=0.3,0.6', '--set', 'maxSteps=300']],
    [
      [
        '--plugin',
        './examples/untied-attention/src/index.ts',
        'run',
        'untied-vs-tied',
        '--quick',
        '--set',
        'd=10',
        '--set',
        'maxSteps=300',
      ],
    ],
  ])(
    '%j: 2 workers give the rows of 1, in the same order',
    async (args) => {
      const reports = [];
      for (const workers of ['1', '2']) {
        const run = await runCli([...args, '--workers', workers, '--out', mkdtempSync(join(tmpdir(), 'ahd-workers-')), '--json']);
        expect(run.code, run.stderr).toBe(0);
        reports.push(JSON.parse(run.stdout));
      }
      const [one, two] = reports.map((r) => withoutTiming(readResultsCsv(join(r.directory, 'results.csv'))));
      expect(two).toEqual(one);
      expect(one.length).toBeGreaterThan(4);
    },
    120_000,
  );

  it('one theory curve split into chains runs on several workers: the same rows for 1 and 2, within the SE tolerance of the unsplit curve', async () => {
    const args = ['run', 'rank', '--quick', '--set', 'series=0.5', '--set', 'theoryPoints=12'];
    const rows = [];
    for (const extra of [
      ['--set', 'chainPoints=4', '--workers', '1'],
      ['--set', 'chainPoints=4', '--workers', '2'],
      ['--set', 'chainPoints=12'],
    ]) {
      const run = await runCli([...args, ...extra, '--out', mkdtempSync(join(tmpdir(), 'ahd-chains-')), '--json']);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.units).toBe(extra.includes('chainPoints=4') ? 3 : 1);
      rows.push(withoutTiming(readResultsCsv(join(report.directory, 'results.csv'))));
    }
    const [one, two, unsplit] = rows;
    expect(two).toEqual(one);
    // cold starts at the chain boundaries reach the same fixed point to the solver's tolerance (1e-6)
    expect(one.map((r) => r.alpha)).toEqual(unsplit.map((r) => r.alpha));
    for (const [i, row] of one.entries()) {
      for (const metric of ['testError', 'rankFraction', 'mseS']) {
        const [x, y] = [Number(row[metric]), Number(unsplit[i][metric])];
        expect(Math.abs(x - y), `${metric} at α = ${row.alpha}`).toBeLessThanOrEqual(1e-5 * Math.abs(y));
      }
    }
  }, 120_000);
});
