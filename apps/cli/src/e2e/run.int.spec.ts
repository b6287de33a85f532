import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContainer, ExperimentRegistry } from '@attention-hd/core';
import { checkFigure, readResultsCsv } from '@attention-hd/experiments';
import { describe, expect, it } from 'vitest';
import { standardPlugins } from '../standard-plugins.js';
import { runCli } from '../testing/run-cli.js';

const experiments = createContainer(standardPlugins()).get(ExperimentRegistry).ids();
const files = ['config.json', 'results.csv', 'summary.json', 'figure.vl.json', 'figure.svg', 'figure.png'];

// biome-ignore lint/suspicious/noExplicitAny: a Vega-Lite spec read back from JSON, walked loosely in checks
type Spec = Record<string, any>;
type Rows = readonly Record<string, unknown>[];

/** Every layer (unit spec) of a figure, through layer, concat and facet. */
function layers(spec: Spec): Spec[] {
  const children = [...(spec.layer ?? []), ...(spec.hconcat ?? []), ...(spec.vconcat ?? []), ...(spec.spec ? [spec.spec] : [])];
  return [...(spec.mark ? [spec] : []), ...children.flatMap(layers)];
}

/** The α-sweeps' x-axis spans the data (no rounding out to whole decades). */
function alphaDomainIsTheData(spec: Spec, rows: Rows): void {
  const alphas = rows.map((r) => Number(r.alpha));
  for (const layer of layers(spec)) {
    const domain = layer.encoding?.x?.scale?.domain as number[] | undefined;
    expect(domain, 'an explicit α-domain').toBeDefined();
    expect(layer.encoding.x.scale.nice).toBe(false);
    expect(domain?.[0]).toBeGreaterThan(Math.min(...alphas) / 1.2);
    expect(domain?.[1]).toBeLessThan(Math.max(...alphas) * 1.2);
  }
}

/** What each figure must show, beyond the checks every figure passes. */
const figureChecks: Record<string, (spec: Spec, rows: Rows) => void> = {
  'bayes-optimal': (_spec, rows) => {
    // every ERM point (cross-validated λ̃) lies above the Bayes-optimal curve, linear in log α between
    // its neighbours (the curve is convex in log α, so the chord lies above it: a stricter test)
    const theory = rows.filter((r) => r.method === 'theory');
    const bound = theory.filter((r) => r.estimator === 'bayes-optimal').sort((a, b) => Number(a.alpha) - Number(b.alpha));
    const erm = theory.filter((r) => r.estimator === 'factorized' || r.estimator === 'direct');
    // GAMP points at finite d for all three estimators
    const gamp = rows.filter((r) => r.method === 'simulation');
    expect(new Set(gamp.map((r) => r.estimator))).toEqual(new Set(['factorized', 'direct', 'bayes-optimal']));
    expect(erm.length).toBeGreaterThan(0);
    for (const r of erm) {
      const alpha = Number(r.alpha);
      const i = bound.findIndex((b, k) => k + 1 < bound.length && alpha <= Number(bound[k + 1].alpha) * (1 + 1e-12));
      const [a, b] = [bound[i], bound[i + 1]];
      const w = Math.log(alpha / Number(a.alpha)) / Math.log(Number(b.alpha) / Number(a.alpha));
      const chord = (1 - w) * Number(a.testError) + w * Number(b.testError);
      expect(Number(r.testError)).toBeGreaterThan(chord);
    }
  },
  'learning-curve': alphaDomainIsTheData,
  'factorized-vs-direct': (spec, rows) => {
    alphaDomainIsTheData(spec, rows);
    // Adam points, cross-validated over the λ̃ grid
    expect(rows.some((r) => r.method === 'simulation')).toBe(true);
  },
  'interpolation-peak': (spec, rows) => {
    // the paper's Fig. 6: the training loss on a log scale, Adam points beside the λ → 0⁺ curve
    const trainLoss = layers(spec).find((l) => l.encoding?.y?.field === 'trainLoss');
    expect(trainLoss?.encoding.y.scale.type).toBe('log');
    expect(rows.some((r) => r.method === 'simulation')).toBe(true);
    expect(rows.some((r) => r.method === 'simulation' && Number(r.lambdaTilde) === 0)).toBe(false);
  },
  rank: (spec) => {
    // rank fraction and upper-bulk mass share the axis: the line style is an encoding with a legend
    const dashed = layers(spec).find((l) => l.encoding?.strokeDash?.field === 'quantity');
    expect(dashed?.encoding.strokeDash.legend).not.toBeNull();
  },
  spectra: (spec, rows) => {
    const theory = rows.filter((r) => r.method === 'theory');
    const all = layers(spec);
    const yDomain = all.find((l) => l.encoding?.y?.field === 'density')?.encoding.y.scale.domain as number[];
    const peak = Math.max(...theory.map((r) => Number(r.density)));
    expect(peak).toBeGreaterThan(yDomain[0]);
    expect(peak).toBeLessThan(yDomain[1]);
    // the histogram covers the predicted support (singular values up to √(top of Ŝ's support))
    const bins = all.flatMap((l) => l.transform ?? []).find((t: Spec) => t.bin !== undefined)?.bin.extent as number[];
    expect(bins[1]).toBeGreaterThanOrEqual(Math.max(...theory.map((r) => Number(r.supportTop))));
  },
  'scaling-law': (spec) => {
    // λ in the paper's order and spelling
    const color = layers(spec).find((l) => l.encoding?.color?.field === 'lambdaShown')?.encoding.color;
    expect(color.scale.domain).toEqual(['1/d', '1', '√d']);
  },
  'phase-diagram': (spec) => {
    // the regions are shaded
    expect(layers(spec).some((l) => (l.mark?.type ?? l.mark) === 'rect' && l.encoding?.fill?.field === 'region')).toBe(true);
  },
};

describe('attention-hd run <experiment> --quick (every standard experiment)', () => {
  const out = mkdtempSync(join(tmpdir(), 'attention-hd-runs-'));
  it.each(experiments)('%s writes every file and a results.csv that passes the schema check', async (id) => {
    const run = await runCli(['run', id, '--quick', '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.failed).toEqual([]);
    for (const file of files) expect(existsSync(join(report.directory, file)), file).toBe(true);
    const rows = readResultsCsv(join(report.directory, 'results.csv'));
    expect(rows.length).toBe(report.rows);
    for (const row of rows) {
      expect(typeof row.key).toBe('string');
      expect(['theory', 'simulation']).toContain(row.method);
    }
    // the x of every figure is a positive number; the metric of each theory row is a finite number
    for (const row of rows) expect(Number(row.alpha ?? row.kappa0 ?? row.n)).toBeGreaterThan(0);
    const theory = rows.filter((r) => r.method === 'theory');
    expect(theory.length).toBeGreaterThan(0);
    for (const row of theory)
      expect(
        Number.isFinite(Number(row.testError ?? row.rankFraction ?? row.density ?? row.eigenvalue ?? row.excess ?? row.alpha)),
        JSON.stringify(row),
      ).toBe(true);
    const config = JSON.parse(readFileSync(join(report.directory, 'config.json'), 'utf8'));
    expect(config.experiment).toBe(id);
    expect(config.packages['@attention-hd/core']).toBeDefined();
    const png = readFileSync(join(report.directory, 'figure.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(report.directory, 'figure.svg'), 'utf8')).toContain('<svg');
    // the figure as a reader sees it: no raw TeX, every mark inside its plot, a legend per encoding
    const specText = readFileSync(join(report.directory, 'figure.vl.json'), 'utf8');
    const spec = JSON.parse(specText);
    expect(await checkFigure(spec)).toEqual([]);
    expect(specText).not.toContain('^{');
    expect(specText).not.toMatch(/\\[a-zA-Z]/);
    figureChecks[id]?.(spec, rows);
  });

  it('names the parameter and its range for a bad --set, and lists experiments for an unknown id', async () => {
    const bad = await runCli(['run', 'learning-curve', '--quick', '--set', 'kappa0=2', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/kappa0.*2.*\(0, 1\]/);
    const typo = await runCli(['run', 'learning-curve', '--set', 'kapa0=0.5', '--out', out]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/kapa0/);
    const unknown = await runCli(['run', 'nope', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/learning-curve/);
  });
});

describe('run store: interrupted and resumed', () => {
  it('a killed run keeps its finished units; the re-run computes only the rest, then plot re-renders', async () => {
    const out = mkdtempSync(join(tmpdir(), 'attention-hd-resume-'));
    // 1 theory unit and 3 α × 3 seeds Adam units at d = 60 (≈ 4 s, one unit every ≈ 0.3 s), so that the
    // kill after the second unit lands mid-run
    const args = [
      'run',
      'learning-curve',
      '--quick',
      '--set',
      'simAlphas=0.2,0.5,1',
      '--set',
      'd=60',
      '--seeds',
      '3',
      '--out',
      out,
    ];
    const units = 1 + 3 * 3;
    const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin.js');
    const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore', env: { ...process.env, ATTENTION_HD_QUIET: '1' } });
    const finishedBeforeKill = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const csv = findResults(out);
        const rows = csv === null ? [] : readResultsCsv(csv);
        const finished = new Set(rows.map((r) => r.key)).size;
        if (finished >= 2) {
          child.kill('SIGKILL');
          clearInterval(timer);
          resolve(finished);
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('the run finished before it could be interrupted'));
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const rerun = await runCli([...args, '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const report = JSON.parse(rerun.stdout);
    expect(report.resumedRun).toBe(true);
    expect(report.units).toBe(units);
    expect(report.resumed).toBeGreaterThanOrEqual(finishedBeforeKill);
    expect(report.resumed).toBeLessThan(units);
    expect(report.computed).toBe(units - report.resumed);
    const rows = readResultsCsv(join(report.directory, 'results.csv'));
    expect(new Set(rows.map((r) => r.key)).size).toBe(units);
    const plot = await runCli(['plot', report.directory, '--json']);
    expect(plot.code, plot.stderr).toBe(0);
    expect(JSON.parse(plot.stdout).rows).toBe(rows.length);
    // --force starts a new directory
    const forced = JSON.parse((await runCli([...args, '--force', '--set', 'seeds=0', '--json'])).stdout);
    expect(forced.resumedRun).toBe(false);
  }, 120_000);
});

function findResults(root: string): string | null {
  const parent = join(root, 'learning-curve');
  if (!existsSync(parent)) return null;
  // the run directory, not the configuration's `.<hash>.lock` beside it (which sorts first)
  const directory = readdirSync(parent, { withFileTypes: true }).find((entry) => entry.isDirectory());
  return directory === undefined ? null : join(parent, directory.name, 'results.csv');
}
