import { createContainer, TargetRegistry, TheorySolverRegistry } from '@attention-hd/core';
import { expectClose } from '@attention-hd/core/testing';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { crossValidateLambda } from '../cross-validation/cross-validate-lambda.js';
import { compareLambda001 } from '../fixtures/compare-lambda-001.js';
import { referenceData } from '../fixtures/reference-data.js';
import type { StateEvolutionSolver } from '../solvers/state-evolution-solver.js';
import { theoryAmpModule } from '../theory-amp-module.js';

/*
 * Against the authors' stored SE (reference-data.json, extracted by extract_reference.py). Their
 * curves carry Monte-Carlo noise of 0.4 % rms and up to 1.5 % on single points (1000 samples per
 * iteration): the 1 % comparisons are against their curve smoothed by a local quadratic over
 * ±6 points (13 points span Δα ≈ 0.045 on the 0.05–0.5 grid), which leaves our own error (≤ 0.3 %)
 * and theirs averaged. CI runs every 8th α; the slow suite runs all of them.
 */
const container = createContainer([targetsModule, spectraModule, theoryAmpModule]);
const target = container.get(TargetRegistry).get('mp').create({ kappa0: 0.5 });
const factorized = container.get(TheorySolverRegistry).get('se-factorized') as StateEvolutionSolver;
const fig1 = { target, noise: 0.5, T: 2, beta: 1, beta0: 1, kappa: 1 };

describe('SE vs the authors: Fig. 1 (κ₀ = 0.5, Δ = 0.5, λ̃ = 0.01, T = 2)', () => {
  it('e_test and training loss within 1 % at every 8th α, error bars ≤ 0.3 %', async () => {
    await compareLambda001(factorized, fig1, 8);
  });

  it('the Fig. 1 spectra fixed points (δ, ε, η) within 1 %', async () => {
    // 262144 nodes: the authors' ε at α = 4 is itself 0.86 % above ours at 10⁶ nodes (0.0042355,
    // two seeds), so our own error must stay well below the remaining 0.14 % (the default rule
    // controls e_test only; m̂ there moves by 0.25 % at 16384 nodes)
    for (const row of referenceData.fig1FixedPoints.filter((r) => [0.1, 0.5, 4, 40].includes(r.alpha))) {
      const result = await factorized.solve({ ...fig1, lambdaTilde: 0.01, alpha: row.alpha }, { samples: 262144 });
      const expected = { delta: Math.sqrt(row.q_hat) / row.m_hat, epsilon: 0.02 / row.m_hat, eta: row.m_hat / row.sigma_hat };
      for (const [key, value] of Object.entries(expected)) {
        expectClose(result.point[key as 'delta' | 'epsilon' | 'eta'], value, { relative: 0.01 }, `${key} at α = ${row.alpha}`);
      }
    }
  });

  it('the λ → 0⁺ curve within 2 % away from the interpolation peak', async () => {
    // α_interp = 0.1535; "away": outside [0.12, 0.23], where the authors' own curve is steep and noisy.
    const rows = referenceData.seLambda0.filter((r, i) => i % 4 === 0 && (r.alpha < 0.12 || r.alpha > 0.23));
    const results = await factorized.solveCurve(
      { ...fig1, lambdaTilde: 0 },
      rows.map((r) => r.alpha),
    );
    results.forEach((result, i) => {
      expect(result.status).toBe('converged');
      expectClose(result.point.testError, rows[i].test, { relative: 0.02 }, `λ → 0⁺ e_test at α = ${rows[i].alpha}`);
      if (rows[i].alpha < 0.1535) expect(result.point.trainLoss).toBe(0);
    });
  });
});

describe('cross-validated λ̃ vs the authors (κ₀ = 0.05, Δ = 0.05, T = 2)', () => {
  const cv = {
    target: container.get(TargetRegistry).get('mp').create({ kappa0: 0.05 }),
    noise: 0.05,
    T: 2,
    beta: 1,
    beta0: 1,
    kappa: 1,
    lambdaTilde: 0.01,
  };

  it('factorized (SE_L1) within 2 % for α ≥ 0.1', async () => {
    // Below 0.1 the curve drops from 0.126 to 0.02 within Δα = 0.07 and the stored points scatter more.
    const rows = referenceData.crossValidationFactorized
      .filter((r) => r.alpha >= 0.1)
      .filter((_, i, all) => i === 0 || i === all.length - 1);
    for (const row of rows) {
      const result = crossValidateLambda(factorized, factorized.context({ ...cv, alpha: row.alpha }), row.alpha);
      expectClose(result.testError, row.test, { relative: 0.02 }, `SE_L1 at α = ${row.alpha}`);
    }
  });

  it('direct (SE_L2) within 5 %, and its optimal λ̃ is twice the stored lreg in the stored convention', async () => {
    // The stored L2 values are each the minimum over 100 noisy (±1–2 %) evaluations, hence biased low
    // by about 1.5 noise widths: ours are 1.5–4.6 % above them. docs/theory.md §3.10 finds the same file
    // self-consistent to 2–3 % only.
    const direct = container.get(TheorySolverRegistry).get('se-direct');
    const rows = referenceData.crossValidationDirect.filter((_, i) => i === 70 || i === 127);
    for (const row of rows) {
      const result = await direct.crossValidate({ ...cv, alpha: row.alpha }, { variant: 'stored-theory' });
      expectClose(result.testError, row.test, { relative: 0.05 }, `SE_L2 at α = ${row.alpha}`);
      expect(result.lambdaTildeOptimal / row.lreg).toBeGreaterThan(0.5);
      expect(result.lambdaTildeOptimal / row.lreg).toBeLessThan(4);
    }
  });
});
