import { ParameterError } from '@attention-hd/core';
import { SemicircleFreeConvolution } from '@attention-hd/spectra';
import { MarchenkoPasturTarget } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { FactorizedStateEvolutionSolver } from './factorized-state-evolution-solver.js';

// branchSearch 'both-sides' (docs/theory.md §3.4): continuation along α from below and above
const target = new MarchenkoPasturTarget().create({ kappa0: 0.5 });
const fig1 = { target, lambdaTilde: 0.01, noise: 0.5, T: 2, beta: 1, beta0: 1, kappa: 1 };
const solver = new FactorizedStateEvolutionSolver(new SemicircleFreeConvolution());

describe("branchSearch: 'both-sides'", () => {
  it('β = β₀ = 2, α = 0.8: finds fixed points the starts miss, lists them, and reports the lowest Φ among all', async () => {
    const problem = { ...fig1, beta: 2, beta0: 2, alpha: 0.8 };
    const starts = await solver.solve(problem, { samples: 16384 });
    const both = await solver.solve(problem, { samples: 16384, branchSearch: 'both-sides' });
    expect(both.status === 'converged' || both.status === 'branches-unresolved').toBe(true);
    const branches = both.branches ?? [];
    expect(branches.length).toBeGreaterThanOrEqual(2);
    // the selected branch is the lowest Φ of all, the starts' own included
    expect(branches.filter((b) => b.selected)).toHaveLength(1);
    for (const b of branches) {
      expect(b.potential).toBeGreaterThanOrEqual(0);
      // Φ of each branch: the selected one's training loss plus the gap
      expect(b.phi).toBeCloseTo(both.point.trainLoss + b.potential, 12);
    }
    expect(both.point.trainLoss).toBeLessThanOrEqual(starts.point.trainLoss);
    // a branch away from the starts' fixed point (beyond 3 of its MC errors in q) was found
    const qError = starts.monteCarloErrors?.q ?? 0;
    expect(branches.some((b) => Math.abs(b.q - starts.point.q) > 3 * qError)).toBe(true);
    expect(both.reason).toMatch(/continued along α from (below|above)/);
    // the starts found one fixed point, but the channel is not convex there: the result says so
    expect(starts.branches).toBeUndefined();
    expect(starts.proximalMinima?.twoMinima ?? 0).toBeGreaterThan(0);
    expect(starts.reason).toMatch(/two local minima at \d+ of 1024 nodes/);
  }, 60_000);

  it('Fig. 1, α = 0.5 (one fixed point): the same point as the starts, within its Monte Carlo error, and no branches', async () => {
    const problem = { ...fig1, alpha: 0.5 };
    const starts = await solver.solve(problem, { samples: 16384 });
    const both = await solver.solve(problem, { samples: 16384, branchSearch: 'both-sides' });
    expect(both.status).toBe('converged');
    expect(both.branches).toBeUndefined();
    expect(Math.abs(both.point.q - starts.point.q)).toBeLessThanOrEqual(2 * (starts.monteCarloErrors?.q ?? 0) + 1e-6);
    expect(starts.proximalMinima).toEqual({ twoMinima: 0, nodes: 1024 });
    expect(starts.reason).not.toMatch(/two local minima/);
  }, 60_000);

  it("'auto' at β = β₀ = 2: the lowest Φ whether solved cold or warm from either side (within 1 % in e_test)", async () => {
    // the per-sample problem has two minima there, so 'auto' searches both sides from every start;
    // a curve swept upwards reaches α = 0.8 from a lower branch, one swept downwards from the
    // α = 1 branch (q ≈ 2): both must end at the fixed point a cold solve selects
    const problem = { ...fig1, beta: 2, beta0: 2 };
    const options = { samples: 16384, branchSearch: 'auto' as const };
    const cold = await solver.solve({ ...problem, alpha: 0.8 }, options);
    const [, fromBelow] = await solver.solveCurve(problem, [0.6, 0.8], options);
    const [, fromAbove] = await solver.solveCurve(problem, [1, 0.8], options);
    const both = await solver.solve({ ...problem, alpha: 0.8 }, { samples: 16384, branchSearch: 'both-sides' });
    expect(cold.branches?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(cold.point.trainLoss).toBeCloseTo(both.point.trainLoss, 12);
    for (const warm of [fromBelow, fromAbove]) {
      expect(warm.status === 'converged' || warm.status === 'branches-unresolved').toBe(true);
      expect(Math.abs(warm.point.testError / cold.point.testError - 1)).toBeLessThan(0.01);
    }
  }, 60_000);

  it("'auto' where the per-sample problem is convex (Fig. 1, α = 0.5): the starts' point, no search", async () => {
    const problem = { ...fig1, alpha: 0.5 };
    const starts = await solver.solve(problem, { samples: 16384 });
    const auto = await solver.solve(problem, { samples: 16384, branchSearch: 'auto' });
    expect(auto.point.q).toBe(starts.point.q);
    expect(auto.branches).toBeUndefined();
    expect(auto.reason).not.toMatch(/continued along α/);
  }, 60_000);

  it('names the option on a bad value', async () => {
    await expect(solver.solve({ ...fig1, alpha: 0.5 }, { branchSearch: 'sideways' as unknown as 'starts' })).rejects.toThrow(
      ParameterError,
    );
    await expect(solver.solve({ ...fig1, alpha: 0.5 }, { branchSearch: 'sideways' as unknown as 'starts' })).rejects.toThrow(
      /branchSearch/,
    );
  });
});
