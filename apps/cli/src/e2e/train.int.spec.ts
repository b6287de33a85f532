import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

describe('attention-hd train', () => {
  it('--json reports the summary keys, each run, and the backend that ran', async () => {
    const run = await runCli(['train', '--d', '20', '--alpha', '0.5', '--seeds', '2', '--max-steps', '30', '--json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    for (const key of [
      'testErrorMean',
      'testErrorStd',
      'trainLossMean',
      'mseSMean',
      'stepsMean',
      'backend',
      'backendNote',
      'seconds',
      'lambda',
      'lambdaTilde',
      'n',
    ]) {
      expect(r).toHaveProperty(key);
    }
    expect(r.n).toBe(200);
    expect(r.runs).toHaveLength(2);
    expect(r.runs[0].steps).toBe(30);
    expect(Number.isFinite(r.testErrorMean)).toBe(true);
    // the sample std of the two runs, recomputed from the runs themselves
    const [a, b] = r.runs.map((x: { testError: number }) => x.testError);
    expect(r.testErrorStd).toBeCloseTo(Math.abs(a - b) / Math.SQRT2, 12);
  });

  it('--lambda-grid picks the λ with the lowest mean test error among those it ran', async () => {
    const run = await runCli([
      'train',
      '--d',
      '16',
      '--alpha',
      '0.5',
      '--param',
      'direct',
      '--lambda-grid',
      '0.001,10',
      '--seeds',
      '1',
      '--max-steps',
      '40',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    const best = Math.min(...r.lambdaGrid.map((g: { testErrorMean: number }) => g.testErrorMean));
    expect(r.testErrorMean).toBe(best);
    expect(r.lambdaGrid.find((g: { testErrorMean: number }) => g.testErrorMean === best).lambda).toBe(r.lambdaOptimal);
  });

  it('exits 2 on a missing required option', async () => {
    const run = await runCli(['train', '--d', '8']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--alpha/);
  });

  it('names the parameter, its value and the allowed range on bad input (exit 2)', async () => {
    const kappa = await runCli(['train', '--alpha', '1', '--kappa', '1.5']);
    expect(kappa.code).toBe(2);
    expect(kappa.stderr).toMatch(/--kappa.*1\.5/);
    const lr = await runCli(['train', '--alpha', '1', '--lr', '0']);
    expect(lr.code).toBe(2);
    expect(lr.stderr).toMatch(/--lr/);
    const backend = await runCli(['train', '--backend', 'nope', '--d', '8', '--alpha', '1', '--max-steps', '1']);
    expect(backend.code).toBe(2);
    expect(backend.stderr).toMatch(/typescript/);
  });

  it('doctor lists every compute backend with its availability', async () => {
    const run = await runCli(['doctor']);
    expect(run.code).toBe(0);
    for (const id of ['typescript', 'tfjs-wasm', 'onnx-cpu', 'tfjs-node', 'tfjs-node-gpu', 'gpujs', 'gpujs-cpu'])
      expect(run.stdout).toContain(id);
  });
});
