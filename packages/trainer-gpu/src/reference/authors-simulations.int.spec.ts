import { describe, expect, it } from 'vitest';
import { authorsPoints, combinedStandardErrors, simulateAuthorsPoint } from './authors-simulations.fixture.js';

// Our Adam at d = 100, 8 runs, against the authors' 8-run mean (GD_kappa_0.5_lreg_0.01_noise_0.5.csv,
// α = 0.130714): two independent Monte Carlo means must agree within 2 combined standard errors
// (a 95 % band; the slow suite checks the other rows).
describe('Adam vs the authors’ simulations (factorized, κ₀ = 0.5, λ = 0.01, Δ = 0.5)', () => {
  it('agrees at α = 0.130714 within 2 combined standard errors', async () => {
    const point = authorsPoints[1];
    const ours = await simulateAuthorsPoint(point);
    expect(ours.diverged).toBe(0);
    expect(combinedStandardErrors(ours, point)).toBeLessThan(2);
  }, 300_000);
});
