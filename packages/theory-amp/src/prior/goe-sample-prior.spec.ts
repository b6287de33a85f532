import { Rng, sampleGoe, symmetricEigenvalues } from '@attention-hd/core';
import { SemicircleFreeConvolution } from '@attention-hd/spectra';
import { PowerLawTarget } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { FactorizedStateEvolutionSolver } from '../solvers/factorized-state-evolution-solver.js';
import { GoeSampleStateEvolutionSolver } from '../solvers/goe-sample-state-evolution-solver.js';
import { GoeSamplePrior } from './goe-sample-prior.js';

describe('GOE-sample prior (docs/theory.md §5.1 (b))', () => {
  it('samples the GOE normalisation: mean eigenvalue 0, mean square 1 + 1/d (docs/theory.md §11.3)', () => {
    const d = 200;
    const values = symmetricEigenvalues(sampleGoe(d, Rng.fromSeed(3)), d);
    const mean = values.reduce((a, b) => a + b, 0) / d;
    const square = values.reduce((a, b) => a + b * b, 0) / d;
    // one draw: the mean square is a sum of d² squared Gaussians/d², sd ≈ √2/d = 0.007
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(square).toBeCloseTo(1 + 1 / d, 1);
    expect(values[d - 1]).toBeGreaterThan(1.8);
    expect(values[d - 1]).toBeLessThan(2.2);
  });

  it('gives Σ = 1/Σ̂, q and m of a linear denoiser when nothing is thresholded', () => {
    // ν all > 0 (huge m̂ S₀ shift): f(ν) = ν/Σ̂ is linear, so Σ = (1/d²)(2d + d(d−1))/Σ̂ ≈ 1/Σ̂ exactly
    const d = 30;
    const s = new Float64Array(d).fill(5);
    const update = new GoeSamplePrior(s, 0, 2, 1).update({ qHat: 1, mHat: 1, sigmaHat: 2 });
    expect(update.sigma).toBeCloseTo(((2 * d + d * (d - 1)) / (d * d)) * 0.5, 12);
    expect(update.rankFraction).toBe(1);
    // m = ⟨S₀, (S₀ + Z)/Σ̂⟩/d = (25 + 5·tr Z/d)/2
    expect(update.m).toBeGreaterThan(12);
    expect(update.m).toBeLessThan(13);
  });

  it('agrees with the free-convolution SE on a power law at d = 100 (8 draws)', async () => {
    // Conjecture E.1: the free convolution of the 100 atoms is the d → ∞ description of the GOE
    // average; at d = 100 they differ by finite-d fluctuations + MC error, measured ≤ 1 % on q and
    // 0.4 % on e_test (α = 0.05 and 0.5); 2.5 % tolerance.
    const target = new PowerLawTarget().create({ gamma: 0.75 });
    const fc = new SemicircleFreeConvolution();
    for (const alpha of [0.05, 0.5]) {
      const problem = { target, d: 100, alpha, lambdaTilde: 0.02, noise: 0.5, T: 2, beta: 1, beta0: 1, kappa: 1 };
      const free = await new FactorizedStateEvolutionSolver(fc).solve(problem, { samples: 8192 });
      const goe = await new GoeSampleStateEvolutionSolver(fc, 8, 1).solve(problem, { samples: 8192 });
      expect(free.status).toBe('converged');
      expect(goe.status).toBe('converged');
      for (const key of ['q', 'm', 'delta', 'testError'] as const) {
        expect(Math.abs(goe.point[key] / free.point[key] - 1), `${key} at α = ${alpha}`).toBeLessThan(0.025);
      }
    }
  }, 60_000);

  it('needs λ̃ > 0 and says so', async () => {
    const target = new PowerLawTarget().create({ gamma: 0.75 });
    const solver = new GoeSampleStateEvolutionSolver(new SemicircleFreeConvolution());
    await expect(
      solver.solve({ target, d: 20, alpha: 1, lambdaTilde: 0, noise: 0.5, T: 2, beta: 1, beta0: 1, kappa: 1 }),
    ).rejects.toThrow(/lambdaTilde/);
  });
});
