import { Rng } from '@attention-hd/core';
import { describe, expect, it } from 'vitest';
import { UntiedParameterization } from './untied-parameterization.js';

const untied = new UntiedParameterization();
const shape = untied.shape(7, 0.6);
const theta = untied.initialParameters(shape, Rng.fromSeed(1, 'init'));

describe('untied parameterization', () => {
  it('has 2dp parameters and p = round(κd)', () => {
    expect(shape).toEqual({ d: 7, p: 4 });
    expect(theta.length).toBe(56);
  });

  it('scores x_aᵀSx_b with the untied S = W_Q W_Kᵀ/√(pd), which is not symmetric (h_ab ≠ h_ba)', () => {
    const { d } = shape;
    const T = 3;
    const X = Rng.fromSeed(2).fillNormal(new Float64Array(5 * T * d));
    const h = untied.preActivations(X, 5, T, theta, shape);
    const S = untied.toS(theta, shape);
    let traceS = 0;
    for (let i = 0; i < d; i++) traceS += S[i * d + i];
    // from S directly, entry by entry (independent of the factor path): 1e-12 is round-off
    for (let s = 0; s < 5; s++) {
      for (let a = 0; a < T; a++) {
        for (let b = 0; b < T; b++) {
          let dot = 0;
          for (let i = 0; i < d; i++)
            for (let j = 0; j < d; j++) dot += X[(s * T + a) * d + i] * S[i * d + j] * X[(s * T + b) * d + j];
          expect(Math.abs(h[(s * T + a) * T + b] - (dot - (a === b ? traceS : 0)) / Math.sqrt(d))).toBeLessThan(1e-12);
        }
      }
    }
    expect(Math.abs(h[1] - h[T])).toBeGreaterThan(1e-3);
  });

  it('with W_Q = W_K the penalty is dλ̃ Tr S = dλ̃‖S‖_* at λ̃ = 2√κλ (the tied model’s nuclear norm)', () => {
    const { d, p } = shape;
    const tied = Float64Array.from(theta);
    tied.copyWithin(d * p, 0, d * p);
    const S = untied.toS(tied, shape);
    let traceS = 0;
    for (let i = 0; i < d; i++) traceS += S[i * d + i];
    const lambda = 0.3;
    const lambdaTilde = untied.lambdaTilde(lambda, shape);
    expect(lambdaTilde).toBeCloseTo(2 * Math.sqrt(p / d) * lambda, 14);
    expect(Math.abs(untied.penalty(tied, shape, lambda) - d * lambdaTilde * traceS)).toBeLessThan(
      1e-12 * d * lambdaTilde * traceS,
    );
    expect(untied.lambdaFromTilde(lambdaTilde, shape)).toBeCloseTo(lambda, 14);
  });

  it('has the penalty gradient of central differences (exact on a quadratic up to round-off, 1e-7)', () => {
    const gradient = new Float64Array(theta.length);
    untied.addPenaltyGradient(theta, shape, 0.2, gradient);
    const h = 1e-6;
    for (const i of [0, 13, 40, 55]) {
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[i] += h;
      minus[i] -= h;
      const fd = (untied.penalty(plus, shape, 0.2) - untied.penalty(minus, shape, 0.2)) / (2 * h);
      expect(Math.abs(gradient[i] - fd)).toBeLessThan(1e-7);
    }
  });
});
