import { SemicircleFreeConvolution } from '@attention-hd/spectra';
import { MarchenkoPasturTarget } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { FactorizedStateEvolutionSolver } from './factorized-state-evolution-solver.js';

// Fig. 1's setting (κ₀ = 0.5, Δ = 0.5, λ̃ = 0.01, T = 2) at α = 0.5
const problem = {
  target: new MarchenkoPasturTarget().create({ kappa0: 0.5 }),
  alpha: 0.5,
  lambdaTilde: 0.01,
  noise: 0.5,
  T: 2,
  beta: 1,
  beta0: 1,
  kappa: 1,
};
const solver = new FactorizedStateEvolutionSolver(new SemicircleFreeConvolution());
const relative = (r: Awaited<ReturnType<typeof solver.solve>>) =>
  Math.max(r.point.testErrorStdErr, r.monteCarloErrors?.testError ?? 0) / r.point.testError;

describe('the node count chosen by the requested Monte Carlo error (docs/theory.md §6.2)', () => {
  it('reaches the requested relative error of e_test, with more nodes for a tighter request, and agrees with a fixed rule', async () => {
    const loose = await solver.solve(problem, { mcError: 0.003 });
    const tight = await solver.solve(problem, { mcError: 0.001 });
    for (const [r, target] of [
      [loose, 0.003],
      [tight, 0.001],
    ] as const) {
      expect(r.status).toBe('converged');
      expect(r.samples).toBeDefined();
      expect(relative(r)).toBeLessThanOrEqual(target);
    }
    expect(tight.samples ?? 0).toBeGreaterThan(loose.samples ?? 0);
    // an independent rule (another seed, a fixed 4·10⁵ nodes): within 3 combined standard errors
    const fixed = await solver.solve(problem, { samples: 400_000, seed: 7 });
    expect(fixed.samples).toBeUndefined();
    for (const r of [loose, tight]) {
      const combined = Math.hypot(r.point.testErrorStdErr, fixed.point.testErrorStdErr);
      expect(Math.abs(r.point.testError - fixed.point.testError)).toBeLessThan(3 * combined);
    }
  }, 120_000);

  it('names the parameter on a bad request', async () => {
    await expect(solver.solve(problem, { mcError: 0 })).rejects.toThrow(/mcError/);
    await expect(solver.solve(problem, { mcError: 0.9 })).rejects.toThrow(/mcError/);
  });
});
