import { ParameterError, Rng } from '@attention-hd/core';
import { SemicircleFreeConvolution } from '@attention-hd/spectra';
import { PowerLawTarget } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { FactorizedStateEvolutionSolver } from '../solvers/factorized-state-evolution-solver.js';
import { asymptoticTestError } from './asymptotic-test-error.js';
import { fitPowerLaw } from './fit-power-law.js';
import { lambdaScheduleOf, parseLambdaSchedule } from './lambda-schedule.js';
import { scalingBoundaries, scalingRegime } from './scaling-regimes.js';

describe('λ(n, d) schedules', () => {
  it('reads the paper’s three λ and line A exactly', () => {
    expect(parseLambdaSchedule('1/d').at(4e4, 200)).toBeCloseTo(0.005, 15);
    expect(parseLambdaSchedule('1').at(4e4, 200)).toBe(1);
    expect(parseLambdaSchedule('sqrt(d)').at(4e4, 200)).toBeCloseTo(Math.sqrt(200), 12);
    expect(parseLambdaSchedule('0.5*sqrt(n)/d').at(4e4, 200)).toBeCloseTo(0.5, 12);
    expect(parseLambdaSchedule('d^-0.25 * n^0.5').at(16, 16)).toBeCloseTo(2, 12);
  });
  it('names the parameter and the grammar on bad input', () => {
    expect(() => parseLambdaSchedule('1/x')).toThrow(ParameterError);
    expect(() => parseLambdaSchedule('')).toThrow(/lambda/);
    expect(() => parseLambdaSchedule('0*d')).toThrow(/> 0/);
    expect(() => lambdaScheduleOf('bad', () => -1).at(1, 1)).toThrow(/bad/);
  });
});

describe('scaling regimes (docs/theory.md §5.3)', () => {
  it('gives the rates of the paper’s Fig. 4 examples', () => {
    const g = 0.75;
    // λ = 1/d: R1 with f = 1 − 1/(2γ) for d ≪ n ≪ d², then R3 (d²/n)
    expect(scalingRegime(1.5, -1, g)).toMatchObject({ id: 'R1', exponent: expect.closeTo(1 / 3, 12) });
    expect(scalingRegime(2.5, -1, g)).toMatchObject({ id: 'R3', exponent: expect.closeTo(1, 12) });
    // λ = 1: R4 with 2 − 1/γ for d^{3/2} ≪ n ≪ d²
    expect(scalingRegime(1.75, 0, g)).toMatchObject({ id: 'R4', exponent: expect.closeTo(2 / 3, 12) });
    // λ = √d: R4 for d² ≪ n ≪ d^{γ+2}, then R5 (slope 2) up to d³
    expect(scalingRegime(2.5, 0.5, g)).toMatchObject({ id: 'R4' });
    expect(scalingRegime(2.9, 0.5, g)).toMatchObject({ id: 'R5', exponent: expect.closeTo(2, 12) });
    expect(scalingRegime(1.5, 0.5, g)).toMatchObject({ id: 'R6', exponent: expect.closeTo(0, 12) });
    expect(scalingRegime(2.9, 0.5, 1.5)).toMatchObject({ id: 'R4', exponent: expect.closeTo(4 / 3, 12) });
  });
  it('has lines A and B crossing at (1, −1/2) and A and C at ℓ_n = 2γ + 1', () => {
    expect(scalingBoundaries.A(1)).toBe(scalingBoundaries.B(1));
    expect(scalingBoundaries.A(2.5)).toBeCloseTo(scalingBoundaries.C(2.5, 0.75), 14);
  });
});

describe('fitPowerLaw', () => {
  it('recovers an exact power law with a zero-width interval', () => {
    const x = [1, 2, 5, 10, 30];
    const fit = fitPowerLaw(
      x,
      x.map((v) => 3 * v ** -0.7),
    );
    expect(fit.slope).toBeCloseTo(-0.7, 12);
    expect(Math.exp(fit.logIntercept)).toBeCloseTo(3, 12);
    expect(fit.confidenceInterval[1] - fit.confidenceInterval[0]).toBeLessThan(1e-10);
  });
  it('has 95 % intervals that cover the true slope about 95 % of the time (400 noisy fits)', () => {
    // independent check of the t interval: log-normal noise of σ = 0.1 around y = x^{−1/3}, 6 points
    const rng = Rng.fromSeed(7);
    const x = [1, 2, 4, 8, 16, 32];
    let covered = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const y = x.map((v) => v ** (-1 / 3) * Math.exp(0.1 * rng.normal()));
      const [lo, hi] = fitPowerLaw(x, y).confidenceInterval;
      if (lo <= -1 / 3 && -1 / 3 <= hi) covered++;
    }
    // binomial(400, 0.95) has sd 1.1 %: 90–99 % is ±4 sd
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.99);
  });
  it('rejects points without a logarithm', () => {
    expect(() => fitPowerLaw([1, 2, 3], [1, -1, 2])).toThrow(/y\[1\]/);
    expect(() => fitPowerLaw([1, 2], [1, 2])).toThrow(/at least 3/);
  });
});

describe('asymptotic test error e∞', () => {
  const target = new PowerLawTarget().create({ gamma: 0.75 });
  const solver = new FactorizedStateEvolutionSolver(new SemicircleFreeConvolution());
  const base = { target, d: 60, lambdaTilde: 1 / 60, noise: 0.5, T: 2, beta: 1, beta0: 1, kappa: 1 };
  it('is 0 at Ŝ = S₀ without label noise (docs/theory.md §7 check 19)', () => {
    const e = asymptoticTestError(solver, { ...base, alpha: 1, noise: 0 }, { samples: 4096 });
    expect(e.value).toBeLessThan(1e-12);
    expect(e.scale).toBeCloseTo(1, 6);
  });
  it('is below e(S₀) with noise, and the SE at large n tends to it from above', async () => {
    const options = { samples: 8192 };
    const floor = asymptoticTestError(solver, { ...base, alpha: 1 }, options);
    expect(floor.scale).toBeLessThan(0.95);
    expect(floor.value).toBeLessThan(floor.atTarget);
    const results = await solver.solveCurve(base, [30, 300, 3000], options);
    const excess = results.map((r) => r.point.testError - floor.value);
    // excess > 0 and falling like d²/n (R3: slope 1): tenfold n, about tenfold less (4–25× allowed
    // for the crossover at this small d)
    expect(excess.every((e) => e > 0)).toBe(true);
    expect(excess[0] / excess[1]).toBeGreaterThan(4);
    expect(excess[1] / excess[2]).toBeGreaterThan(4);
    expect(excess[1] / excess[2]).toBeLessThan(25);
    // and the learned scale η tends to c∞
    expect(results[2].point.eta).toBeCloseTo(floor.scale, 1);
  }, 60_000);
});

describe('the zero estimator (plateau R6)', () => {
  it('is found as the fixed point when ε exceeds the whole spectrum, with an α-independent error', async () => {
    const target = new PowerLawTarget().create({ gamma: 0.75 });
    const solver = new FactorizedStateEvolutionSolver(new SemicircleFreeConvolution());
    const base = { target, d: 40, lambdaTilde: 1, noise: 0.5, T: 2, beta: 1, beta0: 1, kappa: 1 };
    const [a, b] = await Promise.all([0.05, 0.2].map((alpha) => solver.solve({ ...base, alpha }, { samples: 4096 })));
    for (const r of [a, b]) {
      expect(r.status).toBe('converged');
      expect(r.reason).toMatch(/zero estimator/);
      expect(r.point.q).toBe(0);
      expect(r.point.rankFraction).toBe(0);
      // ε lies above the top of S₀ + δZ: the outlier position s₁ + δ²/s₁ and the noise edge 2δ
      const top = powerLawTop(40);
      const { delta } = r.point;
      expect(r.point.epsilon).toBeGreaterThan(Math.max(top + (delta * delta) / top, 2 * delta));
    }
    expect(a.point.testError).toBe(b.point.testError);
    // a small λ̃ at the same α learns something
    // warm-started from Ŝ = 0 (as cross-validation along λ̃ does): treated as a cold start, not a hang
    const learned = await solver.solve({ ...base, alpha: 0.2, lambdaTilde: 0.05 }, { samples: 4096, warmStart: a.point });
    expect(learned.point.q).toBeGreaterThan(0.1);
    expect(learned.point.testError).toBeLessThan(a.point.testError);
  }, 60_000);
});

function powerLawTop(d: number): number {
  let sum = 0;
  for (let i = 1; i <= d; i++) sum += i ** -1.5;
  return Math.sqrt(d / sum);
}
