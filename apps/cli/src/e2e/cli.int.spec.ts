import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

describe('attention-hd sample', () => {
  it('returns MP moments within 2 % of √κ₀ and 1 + κ₀ at d = 400, identically for the same seed', async () => {
    const args = ['sample', '--target', 'mp', '--kappa0', '0.5', '--d', '400', '--seed', '1', '--n', '2000', '--json'];
    const [first, second] = await Promise.all([runCli(args), runCli(args)]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    const result = JSON.parse(first.stdout);
    expect(Math.abs(result.spectralMoments[0].empirical / Math.sqrt(0.5) - 1)).toBeLessThan(0.02);
    expect(Math.abs(result.spectralMoments[1].empirical / 1.5 - 1)).toBeLessThan(0.02);
    // Variances of h: within 5 standard errors of 2Q and Q.
    for (const v of [result.preActivationVariance.diagonal, result.preActivationVariance.offDiagonal]) {
      expect(Math.abs(v.empirical - v.exact)).toBeLessThan(5 * v.standardError);
    }
    const other = await runCli([...args.slice(0, -3), '--seed', '2', '--json']);
    expect(other.stdout).not.toBe(first.stdout);
  });

  it.each([
    [['--kappa0', '-1'], 'invalid --kappa0 = -1: allowed a number in (0, 1]'],
    [['--d', '0'], 'invalid --d = 0: allowed an integer in [1, 4000]'],
    [['--target', 'nope'], 'invalid --target = nope: allowed one of "mp", "power-law"'],
  ])('rejects %j with a message naming the parameter and its allowed values, no stack trace', async (flags, message) => {
    const run = await runCli(['sample', ...flags, '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('attention-hd list, doctor, --plugin', () => {
  it('lists the standard plugins and a third-party target loaded with --plugin', async () => {
    const run = await runCli(['--plugin', './examples/uniform-spectrum-target/src/index.ts', 'list', '--json']);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout);
    expect(listed.targets.map((t: { id: string }) => t.id)).toEqual(['mp', 'power-law', 'uniform-spectrum']);
    expect(listed.parameterizations.map((p: { id: string }) => p.id)).toEqual(['factorized', 'direct']);
    const sample = await runCli([
      '--plugin',
      './examples/uniform-spectrum-target/src/index.ts',
      'sample',
      '--target',
      'uniform-spectrum',
      '--lo',
      '1',
      '--hi',
      '3',
      '--d',
      '60',
      '--n',
      '200',
      '--json',
    ]);
    expect(sample.code).toBe(0);
    // Uniform law on [1, 3]: mean 2 exactly (quantile eigenvalues), second moment 13/3 up to O(1/d²).
    const moments = JSON.parse(sample.stdout).spectralMoments;
    expect(moments[0].empirical).toBeCloseTo(2, 10);
    expect(Math.abs(moments[1].empirical - 13 / 3)).toBeLessThan(1e-3);
  });

  it('doctor reports Node, cores and memory as JSON on stdout only', async () => {
    const run = await runCli(['doctor', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.node).toBe(process.version);
    expect(report.cpus.count).toBeGreaterThan(0);
    expect(report.memory.totalGiB).toBeGreaterThan(0);
    expect(Array.isArray(report.computeBackends)).toBe(true);
    // every backend that is not installed here says how to install it, with the tested version
    for (const backend of report.computeBackends.filter((b: { reason: string }) => b.reason.includes('is not installed'))) {
      expect(backend.install, backend.id).toMatch(/^npm install (@tensorflow\/tfjs-node(-gpu)?@4\.22\.0|gpu\.js@2\.24\.1) \(/);
    }
  });
});

describe('attention-hd denoiser', () => {
  it('answers the point query with the keys scripts rely on and docs/theory.md §9 A values', async () => {
    const run = await runCli(['denoiser', '--target', 'mp', '--kappa0', '0.5', '--delta', '0.5', '--epsilon', '0.2', '--json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    for (const key of ['edges', 'J', 'dJdDelta', 'dJdEpsilon', 'dJdT', 'F', 'rankFraction', 'meanPositivePart', 'Q0'])
      expect(r).toHaveProperty(key);
    expect(r.edges.map((e: number) => Number(e.toFixed(6)))).toEqual([-0.805373, 4.224412]);
    expect(Math.abs(r.J - 1.3976718) / 1.3976718).toBeLessThan(1e-6);
    expect(Math.abs(r.dJdDelta - 0.650628)).toBeLessThan(1e-6);
    expect(Math.abs(r.dJdEpsilon + 1.37929)).toBeLessThan(1e-6);
    expect(Math.abs(r.F - 0.415952)).toBeLessThan(1e-6);
    expect(r.Q0).toBe(1.5);
  });

  it('uses the general method on the finite-d power law and needs --d for it', async () => {
    const run = await runCli([
      'denoiser',
      '--target',
      'power-law',
      '--gamma',
      '0.75',
      '--d',
      '400',
      '--delta',
      '0.5',
      '--epsilon',
      '0.2',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.method).toBe('biane');
    expect(r.Q0).toBeCloseTo(1, 12);
    expect(r.F + r.rankFraction).toBeCloseTo(1, 14);
    const missing = await runCli(['denoiser', '--target', 'power-law', '--delta', '0.5', '--epsilon', '0.2']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('invalid --d');
  });
});

describe('parameters are discoverable', () => {
  it('list --json gives every experiment its parameters with name, type, default, allowed range and description', async () => {
    const run = await runCli(['list', '--json']);
    expect(run.code).toBe(0);
    const { experiments, trainers, theorySolvers } = JSON.parse(run.stdout);
    expect(experiments.length).toBe(14);
    for (const experiment of experiments) {
      expect(experiment.parameters.length, experiment.id).toBeGreaterThan(0);
      for (const p of experiment.parameters) {
        expect(Object.keys(p)).toEqual(expect.arrayContaining(['name', 'type', 'default', 'allowed', 'description']));
      }
    }
    const learningCurve = experiments.find((e: { id: string }) => e.id === 'learning-curve');
    expect(learningCurve.parameters.find((p: { name: string }) => p.name === 'kappa0')).toEqual({
      name: 'kappa0',
      type: 'number',
      default: 0.5,
      allowed: 'a number in (0, 1]',
      description: 'target rank ratio κ₀ (Marchenko–Pastur target)',
      symbol: 'κ₀',
    });
    // Adam for every registered parameterization, GAMP-ERM on request for both; the direct SE names its variants
    expect(trainers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'adam', parameterizations: ['factorized', 'direct'] }),
        expect.objectContaining({ id: 'gamp-erm', parameterizations: ['factorized', 'direct'] }),
      ]),
    );
    expect(trainers).toHaveLength(2);
    expect(theorySolvers.find((s: { id: string }) => s.id === 'se-direct').variants).toEqual(['simulation', 'stored-theory']);
  });

  it('run <experiment> --help prints its parameters with defaults, quick values and allowed ranges', async () => {
    const run = await runCli(['run', 'spectra', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Parameters (--set name=value):');
    expect(run.stdout).toMatch(/alphas\s+0\.05,0\.5,4,40 \(--quick: 0\.5,4\)\s+comma-separated, each a number in \(0, ∞\)/);
    expect(run.stdout).toMatch(/bins\s+40\s+an integer in \[2, 1000\]/);
  });

  it('an unknown --set key gets a "did you mean" and the known keys, exit 2, before any work', async () => {
    const run = await runCli(['run', 'learning-curve', '--quick', '--set', 'alphamax=3', '--out', '/nonexistent/never-created']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did you mean alphaMax');
    expect(run.stderr).toContain('known: series, param, target');
  });

  it('se --variant is checked against the solver’s variants', async () => {
    const run = await runCli(['se', '--param', 'direct', '--alpha', '0.3', '--variant', 'nosuch']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('invalid --variant = nosuch: allowed one of "simulation", "stored-theory"');
  });
});

describe('a new architecture from a plugin (examples/untied-attention)', () => {
  it('is listed, trained by the standard adam trainer, and its experiment appears', async () => {
    const plugin = ['--plugin', './examples/untied-attention/src/index.ts'];
    const listed = JSON.parse((await runCli([...plugin, 'list', '--json'])).stdout);
    expect(listed.parameterizations.map((p: { id: string }) => p.id)).toContain('untied');
    const adam = listed.trainers.find((t: { id: string }) => t.id === 'adam');
    expect(adam.parameterizations).toContain('untied');
    // GAMP-ERM needs a theory solver that declares the penalty on S: not offered for the plugin's model
    expect(listed.trainers.find((t: { id: string }) => t.id === 'gamp-erm').parameterizations).not.toContain('untied');
    expect(listed.experiments.map((e: { id: string }) => e.id)).toContain('untied-vs-tied');
    const train = await runCli([
      ...plugin,
      'train',
      '--param',
      'untied',
      '--alpha',
      '0.5',
      '--d',
      '16',
      '--max-steps',
      '300',
      '--json',
    ]);
    expect(train.code, train.stderr).toBe(0);
    const result = JSON.parse(train.stdout);
    expect(result.runs[0].stopReason).not.toBe('diverged');
    expect(Number.isFinite(result.testErrorMean)).toBe(true);
  });
});
