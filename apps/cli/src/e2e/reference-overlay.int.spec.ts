import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResultsCsv } from '@attention-hd/experiments';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

// Eleven of the authors' Adam points (d = 100, Fig. 1 left), copied in test-fixtures/authors-data.
const fixtures = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'packages',
  'experiments',
  'test-fixtures',
  'authors-data',
);

describe('attention-hd run --overlay-reference', () => {
  it("draws the authors' points where they overlap and our theory agrees with them", async () => {
    const out = mkdtempSync(join(tmpdir(), 'attention-hd-reference-'));
    const args = ['run', 'learning-curve', '--quick', '--set', 'simulate=false', '--out', out, '--json'];
    const run = await runCli([...args, '--overlay-reference', fixtures]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    const reference = readResultsCsv(join(report.directory, 'reference.csv'));
    // the quick α range is [0.03, 3]: 10 of the 11 fixture rows (α from 0.0286 to 0.5)
    expect(reference.length).toBe(10);
    for (const row of reference) {
      expect(row.method).toBe('reference');
      expect(row.kappa).toBe(1);
    }
    const figure = readFileSync(join(report.directory, 'figure.vl.json'), 'utf8');
    expect(figure).toContain('"method": "reference"');
    // Theory vs their 64-run Adam means: their Monte Carlo (±1–2 %), finite d = 100 (a few %),
    // and the quick curve's 12 points interpolated in log α (≈1 %). Measured: median 1.7 %, max 3.8 %.
    const summary = JSON.parse(readFileSync(join(report.directory, 'summary.json'), 'utf8'));
    const [agreement] = summary.reference.agreement;
    expect(agreement.points).toBe(10);
    expect(agreement.medianRelativeDeviation).toBeLessThan(0.04);
    expect(agreement.maxRelativeDeviation).toBeLessThan(0.08);
    // plot re-renders with the stored reference points
    const plot = await runCli(['plot', report.directory, '--json']);
    expect(plot.code, plot.stderr).toBe(0);
    expect(JSON.parse(plot.stdout).files).toContain('reference.csv');
  });

  it('says why nothing is drawn when the run does not use the authors’ settings, and names a missing folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'attention-hd-reference-'));
    const args = ['run', 'learning-curve', '--quick', '--set', 'simulate=false', '--set', 'noise=0.3', '--out', out];
    const run = await runCli([...args, '--overlay-reference', fixtures]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/nothing overlaid: the authors' runs use noise = 0.5/);
    const missing = await runCli([...args, '--overlay-reference', join(out, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--overlay-reference.*nowhere/);
    expect(existsSync(join(out, 'nowhere'))).toBe(false);
  });
});
