import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

describe('attention-hd se and threshold (the point queries scripts rely on)', () => {
  it("se at the Fig. 1 defaults gives every key and the authors' e_test and Φ within 1.5 %", async () => {
    const run = await runCli(['se', '--param', 'factorized', '--alpha', '0.5', '--json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    const keys = [
      'q',
      'm',
      'sigma',
      'qHat',
      'mHat',
      'sigmaHat',
      'delta',
      'epsilon',
      'eta',
      'testError',
      'testErrorStdErr',
      'trainLoss',
      'mseS',
      'rankFraction',
      'status',
      'iterations',
      'residual',
      'seconds',
    ];
    for (const key of keys) expect(r).toHaveProperty(key);
    expect(r.status).toBe('converged');
    // SE_kappa_0.5_lreg_0.01_noise_0.5.csv at α = 0.5: test 0.1361, train 0.02336
    expect(Math.abs(r.testError / 0.1361 - 1)).toBeLessThan(0.015);
    expect(Math.abs(r.trainLoss / 0.02336 - 1)).toBeLessThan(0.015);
    expect(r.testErrorStdErr / r.testError).toBeLessThan(0.003);
  });

  it('se with a list of α returns a JSON array; λ̃ = 0 gives the interpolating λ → 0⁺ solution', async () => {
    const list = JSON.parse((await runCli(['se', '--alpha', '0.2,0.3', '--samples', '8192', '--json'])).stdout);
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((r: { alpha: number }) => r.alpha)).toEqual([0.2, 0.3]);
    const zero = JSON.parse((await runCli(['se', '--lambda-tilde', '0', '--alpha', '0.1', '--json'])).stdout);
    expect(zero.trainLoss).toBe(0);
    expect(zero.sigma).toBeNull(); // Σ = ∞ below interpolation
    expect(Math.abs(zero.testError / 0.3314 - 1)).toBeLessThan(0.02); // SE_kappa_0.5_lreg_0.0: 0.3314 at α = 0.1
  });

  it('se --solver bayes-optimal: mmse, q, qHat, testError, status; below the ERM at the same point; --cv refused', async () => {
    const flags = ['--alpha', '0.5,4', '--samples', '8192', '--json'];
    const bound = JSON.parse((await runCli(['se', '--solver', 'bayes-optimal', ...flags])).stdout);
    const erm = JSON.parse((await runCli(['se', '--param', 'factorized', ...flags])).stdout);
    bound.forEach((r: Record<string, number | string>, i: number) => {
      for (const key of ['mmse', 'q', 'qHat', 'testError', 'testErrorStdErr', 'status']) expect(r).toHaveProperty(key);
      expect(r.status).toBe('converged');
      expect(r.mmse).toBe(r.mseS);
      // Bayes ≤ ERM in both the weights' error and the test error (λ̃ = 0.01 is not even the ERM's best)
      expect(r.mmse as number).toBeLessThan(erm[i].mseS);
      expect((r.testError as number) + 4 * (r.testErrorStdErr as number)).toBeLessThan(erm[i].testError);
    });
    const cv = await runCli(['se', '--solver', 'bayes-optimal', '--cv', '--alpha', '0.5', '--json']);
    expect(cv.code).toBe(2);
    expect(cv.stderr).toContain('invalid --cv');
    const unknown = await runCli(['se', '--solver', 'gamp', '--alpha', '0.5', '--json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('invalid --solver = gamp');
  });

  it('se --channel-law exact: the exact-law SE, e_test beside the Gaussian one; bad input exit 2 before solving', async () => {
    // power law γ = 0.75 at d = 20, n = 8000 (α = 20), λ = 1/d: the top modes' non-Gaussian token sums
    // raise e_test by ≈ 5 % over the Gaussian channel (docs/theory.md §5.4: 0.0904 against 0.0865;
    // Adam on 8 instances 0.0908 ± 0.0008)
    const args = ['se', '--target', 'power-law', '--d', '20', '--alpha', '20', '--lambda-tilde', '0.05', '--json'];
    const run = await runCli([...args, '--channel-law', 'exact', '--exact-samples', '50000', '--exact-channel-samples', '10000']);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.channelLaw).toBe('exact');
    expect(r.status).toBe('converged');
    expect(r.exactLaw.trainingSide).toBe(true);
    expect(r.exactLaw.modes).toBe(20);
    expect(r.exactLaw.draws).toBe(4);
    expect(r.exactLaw.mHatRatios).toHaveLength(20);
    expect(r.mseSGaussian).toBeGreaterThan(0);
    expect(r.testErrorStdErr).toBeGreaterThan(0);
    expect(r.testError / r.testErrorGaussian - 1).toBeGreaterThan(0.03);
    expect(r.testError / r.testErrorGaussian - 1).toBeLessThan(0.08);
    // the direct parameterization: the same with its ridge denoiser
    const direct = JSON.parse(
      (
        await runCli([
          ...args,
          '--param',
          'direct',
          '--channel-law',
          'exact',
          '--exact-samples',
          '20000',
          '--exact-channel-samples',
          '10000',
        ])
      ).stdout,
    );
    expect(direct.exactLaw.trainingSide).toBe(true);
    expect(direct.status).toBe('converged');
    expect(direct.testError).toBeGreaterThan(direct.testErrorGaussian);
    const kappa = await runCli([...args, '--kappa', '0.5', '--channel-law', 'exact']);
    expect(kappa.code).toBe(2);
    expect(kappa.stderr).toMatch(/kappa.*exact-law/);
    const draws = await runCli([...args, '--channel-law', 'exact', '--exact-draws', '0']);
    expect(draws.code).toBe(2);
    expect(draws.stderr).toContain('--exact-draws');
    const noD = await runCli(['se', '--alpha', '0.5', '--channel-law', 'exact', '--json']);
    expect(noD.code).toBe(2);
    expect(noD.stderr).toMatch(/--d.*--channel-law exact/);
    const law = await runCli([...args, '--channel-law', 'student-t']);
    expect(law.code).toBe(2);
    expect(law.stderr).toContain('invalid --channel-law = student-t: allowed one of "gaussian", "exact"');
    const bound = await runCli([...args, '--solver', 'bayes-optimal', '--channel-law', 'exact']);
    expect(bound.code).toBe(2);
    expect(bound.stderr).toMatch(/--channel-law.*bayes-optimal/);
  });

  it('threshold answers the Corollary 3.2 values', async () => {
    const value = async (kind: string, extra: string[] = []) =>
      JSON.parse((await runCli(['threshold', '--kind', kind, '--kappa0', '0.5', ...extra, '--json'])).stdout);
    const interp = await value('interp', ['--noise', '0.5']);
    expect(Math.abs(interp.alphaBar - 0.3069642)).toBeLessThan(1e-6);
    expect(Math.abs(interp.alpha - 0.153482)).toBeLessThan(1e-6);
    expect(interp.status).toBe('converged');
    expect(Math.abs((await value('perfect')).alphaBar - 0.422175)).toBeLessThan(1e-5);
    expect((await value('bayes')).alphaBar).toBeCloseTo(0.375, 12);
    expect((await value('direct', ['--T', '3'])).alpha).toBeCloseTo(0.1, 12);
  });

  it.each([
    [['--alpha', '0'], 'invalid --alpha = 0'],
    [['--alpha', '0.5', '--noise', '-1'], 'invalid --noise = -1'],
    [['--alpha', '0.5', '--kappa0', '2'], 'invalid --kappa0 = 2: allowed a number in (0, 1]'],
    [['--alpha', '0.5', '--T', '0'], 'invalid --T = 0'],
    [['--alpha', '0.5', '--beta', '0'], 'invalid --beta = 0'],
  ])('se %j fails with a clear message', async (flags, message) => {
    const run = await runCli(['se', ...flags, '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});
