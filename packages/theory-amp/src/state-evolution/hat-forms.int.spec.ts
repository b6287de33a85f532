import { createContainer, TargetRegistry, TheorySolverRegistry } from '@attention-hd/core';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import type { StateEvolutionSolverOptions } from '../solvers/state-evolution-solver.js';
import { theoryAmpModule } from '../theory-amp-module.js';

const container = createContainer([targetsModule, spectraModule, theoryAmpModule]);

// Large α, where Q₀q − m² is small and the Stein forms of m̂, Σ̂ are at their noisiest: the default
// estimators against the derivative (implicit-differentiation) forms, independently on 4× the nodes
// with another seed. The bound is 1 % on MSE_S; the reported MC errors must explain the
// difference (within 4 combined standard errors).
describe('hat estimators at α = 2 (κ₀ 0.3, Δ 0.2, λ̃ 0.005, T = 2)', () => {
  it('MSE_S within 1 % of a derivative-form solve at 4× the nodes, and within its reported MC error', async () => {
    const solver = container.get(TheorySolverRegistry).get('se-factorized');
    const target = container.get(TargetRegistry).get('mp').create({ kappa0: 0.3 });
    const problem = { target, alpha: 2, lambdaTilde: 0.005, noise: 0.2, T: 2, beta: 1, beta0: 1, kappa: 1 };
    const standard = await solver.solve(problem, { samples: 65536 });
    const derivativeForms: StateEvolutionSolverOptions = { samples: 262144, seed: 2, hatForms: 'derivative' };
    const derivative = await solver.solve(problem, derivativeForms);
    expect(standard.status).toBe('converged');
    expect(derivative.status).toBe('converged');
    const [a, b] = [standard.point.mseS, derivative.point.mseS];
    expect(Math.abs(a - b) / b).toBeLessThan(0.01);
    const sa = standard.monteCarloErrors?.mseS as number;
    const sb = derivative.monteCarloErrors?.mseS as number;
    expect(sa).toBeGreaterThan(0);
    expect(sb).toBeGreaterThan(0);
    expect(Math.abs(a - b)).toBeLessThan(4 * Math.hypot(sa, sb));
    // the bigger rule has the smaller error bar (about half: 4× the nodes)
    expect(sb).toBeLessThan(sa);
  }, 120_000);
});
