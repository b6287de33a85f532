import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'attention-hd-exit-'));

describe('exit status: failures are never a 0', () => {
  it('run exits 1 when a unit failed or a point did not converge, after writing what succeeded', async () => {
    const out = fresh();
    const run = await runCli([
      '--plugin',
      './apps/cli/src/testing/failing-experiment-plugin.ts',
      'run',
      'failing',
      '--out',
      out,
      '--json',
    ]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.failed).toEqual([{ key: 'theory|unit=2', error: 'this unit always fails' }]);
    expect(report.failedPoints).toEqual([{ key: 'theory|unit=3', point: 'x = 3', status: 'max-iterations' }]);
    expect(report.files).toContain('figure.png');
  });

  it('se exits 2 for α beyond the solvers’ range (no NaN printed with status 0)', async () => {
    const run = await runCli(['se', '--alpha', '1e308', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('invalid --alpha = 1e308: allowed a number in (0, 1000000]');
  });
});

describe('validation before work: exit 2, the parameter named, no run directory', () => {
  it.each([
    [['--backend', 'nosuch'], 'unknown compute backend "nosuch"'],
    [['--set', 'target=nosuch'], 'unknown target "nosuch"'],
    [['--set', 'target=power-law', '--set', 'targetParameters=gamma=abc'], 'invalid --gamma = abc'],
    [['--set', 'alphaMax=1e308'], 'invalid --alpha-max = 1e308: allowed a number in (0, 1000000]'],
    [['--set', 'd=2000', '--set', 'simAlphas=1e5'], 'invalid --d = 2000: allowed a size that fits: it needs ≈'],
  ])('run learning-curve %j', async (flags, message) => {
    const out = fresh();
    const run = await runCli(['run', 'learning-curve', '--quick', ...flags, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(readdirSync(out)).toEqual([]);
  });

  it.each([
    [
      ['train', '--d', '100000', '--alpha', '1'],
      /invalid --d = 100000: allowed a size that fits: it needs ≈ [0-9.]+ PiB for the training set .*; this machine has/,
    ],
    [['sample', '--n', '1000000000'], /invalid --n = 1000000000: allowed a size that fits: it needs ≈ [0-9.]+ TiB/],
  ])('%j is refused with an estimate, not an internal error', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('internal error');
  });
});

describe('plot never overwrites derived files with less', () => {
  it('refuses a run directory without results.csv, leaving summary.json as it was', async () => {
    const out = fresh();
    const run = JSON.parse((await runCli(['run', 'thresholds', '--quick', '--out', out, '--json'])).stdout);
    const summary = readFileSync(join(run.directory, 'summary.json'), 'utf8');
    rmSync(join(run.directory, 'results.csv'));
    const plot = await runCli(['plot', run.directory]);
    expect(plot.code).toBe(2);
    expect(plot.stderr).toContain('results.csv does not exist: nothing to plot');
    expect(readFileSync(join(run.directory, 'summary.json'), 'utf8')).toBe(summary);
    expect(existsSync(join(run.directory, 'figure.png'))).toBe(true);
  });
});

describe('provenance', () => {
  it('config.json records the commit of the checkout, whether it had changes, and the command line', async () => {
    const out = fresh();
    const args = ['run', 'thresholds', '--quick', '--set', 'points=3', '--out', out, '--json'];
    const run = JSON.parse((await runCli(args)).stdout);
    const { provenance } = JSON.parse(readFileSync(join(run.directory, 'config.json'), 'utf8'));
    // this test runs from a git checkout (the repository itself)
    expect(provenance.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(typeof provenance.gitDirty).toBe('boolean');
    expect(provenance.argv).toEqual(args);
    expect(provenance.nodeVersion).toBe(process.version);
    expect(Date.parse(provenance.startedAt)).toBeGreaterThan(Date.parse('2026-01-01'));
  });
});
