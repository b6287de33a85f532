import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultsCsv } from '@attention-hd/experiments';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

// The Slurm-style path: each shard on its own (here: its own store root, as on another machine),
// then `merge`. The theory is deterministic and each Adam unit is seeded by its key, so the merged
// rows must equal a local run's, unit for unit.
describe('run --shard I/N and merge', () => {
  it('shard 1/2 + shard 2/2 + merge equals a local run; a wrong shard or a mismatched merge is refused', async () => {
    const args = ['run', 'learning-curve', '--quick', '--set', 'd=12', '--set', 'simAlphas=0.3,0.6', '--set', 'maxSteps=300'];
    const local = JSON.parse((await runCli([...args, '--out', mkdtempSync(join(tmpdir(), 'ahd-local-')), '--json'])).stdout);
    const shards = [];
    for (const shard of ['1/2', '2/2']) {
      const run = await runCli([...args, '--shard', shard, '--out', mkdtempSync(join(tmpdir(), 'ahd-shard-')), '--json']);
      expect(run.code, run.stderr).toBe(0);
      shards.push(JSON.parse(run.stdout));
    }
    expect(shards[0].units + shards[1].units).toBe(local.units);
    const out = mkdtempSync(join(tmpdir(), 'ahd-merged-'));
    const merge = await runCli(['merge', shards[0].directory, shards[1].directory, '--out', out, '--json']);
    expect(merge.code, merge.stderr).toBe(0);
    const merged = JSON.parse(merge.stdout);
    expect(merged.missingShards).toEqual([]);
    const sort = (rows: ReturnType<typeof readResultsCsv>) =>
      [...rows].sort((a, b) => `${a.key}|${a.alpha}`.localeCompare(`${b.key}|${b.alpha}`)).map(({ seconds: _s, ...row }) => row);
    expect(sort(readResultsCsv(join(merged.directory, 'results.csv')))).toEqual(
      sort(readResultsCsv(join(local.directory, 'results.csv'))),
    );
    // a plain run of the configuration resumes the merged directory: nothing left to compute
    const resumed = JSON.parse((await runCli([...args, '--out', out, '--json'])).stdout);
    expect(resumed.directory).toBe(merged.directory);
    expect(resumed.computed).toBe(0);

    const wrong = await runCli([...args, '--shard', '3/2']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('invalid --shard = 3/2: allowed I/N with 1 ≤ I ≤ N');
    const other = JSON.parse(
      (await runCli(['run', 'thresholds', '--quick', '--out', mkdtempSync(join(tmpdir(), 'ahd-other-')), '--json'])).stdout,
    );
    const mismatch = await runCli(['merge', shards[0].directory, other.directory, '--out', out]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('are not one configuration (experiment thresholds ≠ learning-curve');
  }, 120_000);
});
