import {
  atomicLaw,
  createContainer,
  FreeConvolution,
  type TargetModel,
  TargetRegistry,
  type TheoryProblem,
} from '@attention-hd/core';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { BayesOptimalSolver } from '../solvers/bayes-optimal-solver.js';
import { DirectStateEvolutionSolver } from '../solvers/direct-state-evolution-solver.js';
import { FactorizedStateEvolutionSolver } from '../solvers/factorized-state-evolution-solver.js';
import { bayesOptimalFixedPoint } from './bayes-optimal-fixed-point.js';

const container = createContainer([targetsModule, spectraModule]);
const free = container.get(FreeConvolution);
const solver = new BayesOptimalSolver(free);
const mp = (kappa0: number) => container.get(TargetRegistry).get('mp').create({ kappa0 });
const base = { lambdaTilde: 0.01, beta: 1, beta0: 1, kappa: 1 };

describe('bayesOptimalFixedPoint: roots of g(t) = 2ᾱt − mmse(t) − Δ/2 and the branch rule', () => {
  it('three roots: both stable ones reported, the one of lowest ∫ g(s)/s² ds selected (closed form)', () => {
    // mmse chosen so that g(t) = k (t − 1)(t − 2)(t − 5): stable roots 1 and 5, unstable 2;
    // P(t) = k (t²/2 − 8t + 17 ln t + 10/t), so P(5) − P(1) = k(12 − 32 + 17 ln 5 − 8) ≈ −0.64k: 5 wins
    const k = 0.3;
    const alphaBar = 0.5;
    const noise = 0.2;
    const g = (t: number) => k * (t - 1) * (t - 2) * (t - 5);
    const P = (t: number) => k * ((t * t) / 2 - 8 * t + 17 * Math.log(t) + 10 / t);
    const result = bayesOptimalFixedPoint({
      alphaBar,
      noise,
      priorVariance: 6,
      mmse: (t) => 2 * alphaBar * t - noise / 2 - g(t),
    });
    expect(result.status).toBe('converged');
    expect(result.branches.map((b) => b.t)).toHaveLength(3);
    result.branches.forEach((b, i) => {
      expect(b.t).toBeCloseTo([1, 2, 5][i], 10);
    });
    expect(result.branches.map((b) => b.stable)).toEqual([true, false, true]);
    expect(result.t).toBeCloseTo(5, 10);
    // the potential gap by Gauss–Legendre against the closed form (smooth integrand: 1e-10)
    expect(result.branches[0].potential).toBeCloseTo(P(1) - P(5), 10);
    expect(result.branches[0].potential).toBeGreaterThan(0);
    expect(result.reason).toMatch(/2 stable fixed points/);
  });

  it('Δ = 0: t = 0 (perfect recovery) when g > 0 near 0, else the positive root with t = 0 reported as repelling', () => {
    const above = bayesOptimalFixedPoint({ alphaBar: 0.5, noise: 0, priorVariance: 1, mmse: (t) => (0.8 * t) / (1 + t) });
    expect(above.t).toBe(0);
    expect(above.mmse).toBe(0);
    const below = bayesOptimalFixedPoint({ alphaBar: 0.3, noise: 0, priorVariance: 1, mmse: (t) => t / (1 + t) });
    // 0.6 t = t/(1 + t) → t = 2/3
    expect(below.t).toBeCloseTo(2 / 3, 10);
    expect(below.branches.find((b) => b.t === 0)).toMatchObject({ stable: false, potential: Number.POSITIVE_INFINITY });
  });
});

describe('BayesOptimalSolver (docs/theory.md §3.13)', () => {
  it('T = 1 linear channel, Δ = 0, κ₀ = 0.5: the authors’ public BO curve (line_no_noise_0.5.csv, 7 digits)', async () => {
    // ExtensiveWidthQuadraticSamples' gen_error = κ × the MMSE of S = WWᵀ/m, which is our mmse
    // (S₀ = √κ₀ · WWᵀ/m). Tolerance 2e-6: the CSV's 7–8 digits plus our quadrature (256 nodes).
    const reference = [
      [0.04811811, 0.88445624],
      [0.0952362, 0.7394169],
      [0.14235433, 0.5808504],
      [0.18947244, 0.42532242],
      [0.23659055, 0.28388698],
      [0.2837087, 0.1637709],
      [0.33082677, 0.06971685],
    ];
    const results = await solver.solveCurve(
      { ...base, target: mp(0.5), noise: 0, T: 1, channel: 'identity' } as Omit<TheoryProblem, 'alpha'>,
      reference.map(([alpha]) => alpha),
      { samples: 4096 },
    );
    results.forEach((r, i) => {
      expect(r.status).toBe('converged');
      expect(Math.abs(r.point.mseS - reference[i][1])).toBeLessThan(2e-6);
    });
  }, 30_000);

  it('softmax T = 2, Δ = 0: perfect recovery exactly above ᾱ = κ₀ − κ₀²/2 (α = 0.1875 at κ₀ = 0.5), not below', async () => {
    const problem = { ...base, target: mp(0.5), noise: 0, T: 2 };
    const [below, near, above] = await solver.solveCurve(problem, [0.18, 0.187, 0.19], { samples: 4096 });
    expect(below.point.mseS).toBeGreaterThan(0.01);
    expect(near.point.mseS).toBeGreaterThan(0);
    expect(near.point.mseS).toBeLessThan(below.point.mseS / 2); // continuous transition
    expect(above.point.mseS).toBe(0);
    expect(above.point.testError).toBe(0);
  }, 30_000);

  it('α → 0: mmse → Var μ₀ = Q₀ − (TrS₀/d)² = 1 for κ₀ = 0.5 (the mean of the spectrum is known)', async () => {
    const result = await solver.solve({ ...base, target: mp(0.5), noise: 0.5, T: 2, alpha: 1e-4 }, { samples: 4096 });
    // mmse(t) = Var μ₀ − O(1/t) with t ≈ 1.25/(2ᾱ) ≈ 6000
    expect(Math.abs(result.point.mseS - 1)).toBeLessThan(1e-3);
    expect(result.point.q).toBeCloseTo(0.5, 3);
  });

  it('S₀ = 0: mmse = 0 at every α', async () => {
    const zero: TargetModel = {
      targetId: 'zero',
      parameters: {},
      label: 'S₀ = 0',
      finiteDimensional: false,
      spectralLaw: () => atomicLaw([0]),
      q0: () => 0,
      sample: () => {
        throw new Error('not sampled');
      },
    };
    for (const alpha of [0.01, 1]) {
      const result = await solver.solve({ ...base, target: zero, noise: 0.5, T: 2, alpha }, { samples: 4096 });
      expect(result.point.mseS).toBe(0);
    }
  });

  it('the test error by the two-draw integral equals the identity channel’s closed form T(T + 1)(Q₀ − q + Δ/2)', async () => {
    // independent: the closed form is Σ_ab Var H_ab of the posterior; the integral is a 9-dim QMC
    const result = await solver.solve(
      { ...base, target: mp(0.5), noise: 0.5, T: 2, alpha: 0.3, channel: 'identity' } as TheoryProblem,
      { samples: 65536 },
    );
    const exact = 6 * (1.5 - result.point.q + 0.25);
    expect(Math.abs(result.point.testError - exact)).toBeLessThan(4 * result.point.testErrorStdErr);
    expect(result.point.testErrorStdErr).toBeLessThan(3e-3 * exact);
  });

  it('the same seed gives the same numbers; the Bayes bound lies below the ERM SE of either parameterization', async () => {
    const problem = { ...base, target: mp(0.5), noise: 0.5, T: 2, alpha: 0.5 };
    const a = await solver.solve(problem, { samples: 8192, seed: 3 });
    const b = await solver.solve(problem, { samples: 8192, seed: 3 });
    expect(a.point).toEqual(b.point);
    for (const erm of [new FactorizedStateEvolutionSolver(free), new DirectStateEvolutionSolver(free)]) {
      const ermResult = await erm.solve(problem, { samples: 16384 });
      expect(ermResult.status).toBe('converged');
      const sigma = Math.hypot(a.point.testErrorStdErr, ermResult.point.testErrorStdErr);
      expect(a.point.testError + 4 * sigma).toBeLessThan(ermResult.point.testError);
    }
  }, 30_000);
});
