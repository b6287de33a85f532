import { createContainer, TargetRegistry, TheorySolverRegistry } from '@attention-hd/core';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { theoryAmpModule } from '../theory-amp-module.js';

const container = createContainer([targetsModule, spectraModule, theoryAmpModule]);
const target = container.get(TargetRegistry).get('mp').create({ kappa0: 0.5 });
const factorized = container.get(TheorySolverRegistry).get('se-factorized');
const problem = { target, lambdaTilde: 0.01, noise: 0.5, T: 2, beta: 1, beta0: 1, kappa: 1, alpha: 0.05 };

describe('cross-validated λ̃ (docs/theory.md §7)', () => {
  it('refines past the scan grid at small α: every refinement point converges and λ̃* is a local minimum', async () => {
    const options = { samples: 8192 };
    const cv = await factorized.crossValidate(problem, options);
    // the refinement (golden section between the scan point's neighbours) used to be warm-started
    // from the last scan point (λ̃ = 1e-6) and went to NaN at α = 0.05, leaving λ̃* on the 10^(k/2) grid
    const refinement = cv.evaluations.slice(13);
    expect(refinement.length).toBeGreaterThan(5);
    for (const e of refinement) expect(e.status).toBe('converged');
    const exponent = Math.log10(cv.lambdaTildeOptimal) * 2;
    expect(Math.abs(exponent - Math.round(exponent))).toBeGreaterThan(0.02);
    // independent solves either side (±0.1 in log₁₀ λ̃) are not lower
    for (const factor of [10 ** -0.1, 10 ** 0.1]) {
      const side = await factorized.solve({ ...problem, lambdaTilde: cv.lambdaTildeOptimal * factor }, options);
      expect(side.status).toBe('converged');
      expect(side.point.testError).toBeGreaterThanOrEqual(cv.testError - 1e-9);
    }
  }, 120_000);
});
