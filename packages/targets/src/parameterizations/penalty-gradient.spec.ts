import { Rng } from '@attention-hd/core';
import { describe, expect, it } from 'vitest';
import { DirectParameterization } from './direct-parameterization.js';
import { FactorizedParameterization } from './factorized-parameterization.js';

// The trainers add ∂penalty/∂θ through addPenaltyGradient; it must be the gradient of penalty().
// Central differences with h = 1e-6 on a quadratic are exact up to round-off (~1e-10 relative).
describe.each([
  ['factorized', new FactorizedParameterization(), 0.6],
  ['direct', new DirectParameterization(), 1],
] as const)('%s penalty gradient', (_name, parameterization, kappa) => {
  it('equals central differences of penalty() (1e-7 relative)', () => {
    const shape = parameterization.shape(9, kappa);
    const theta = parameterization.initialParameters(shape, Rng.fromSeed(4, 'init'), 1);
    const lambda = 0.37;
    const gradient = new Float64Array(theta.length).fill(0.25);
    parameterization.addPenaltyGradient(theta, shape, lambda, gradient);
    const h = 1e-6;
    for (let i = 0; i < theta.length; i++) {
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[i] += h;
      minus[i] -= h;
      const fd = (parameterization.penalty(plus, shape, lambda) - parameterization.penalty(minus, shape, lambda)) / (2 * h);
      // 0.25: addPenaltyGradient adds to what is there
      expect(Math.abs(gradient[i] - 0.25 - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
    }
  });
});
