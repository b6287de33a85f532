import { ParameterError, Rng, trace } from '@attention-hd/core';
import { expectClose } from '@attention-hd/core/testing';
import { describe, expect, it } from 'vitest';
import { preActivationsFromMatrix } from '../data-model/pre-activations.js';
import { DirectParameterization } from './direct-parameterization.js';
import { FactorizedParameterization } from './factorized-parameterization.js';
import { packedIndex, packSymmetric, unpackSymmetric } from './packed-symmetric.js';

describe('factorized parameterization', () => {
  const factorized = new FactorizedParameterization();
  const shape = factorized.shape(40, 0.75);
  const W = factorized.initialParameters(shape, Rng.fromSeed(1, 'init'));

  it('has p = round(κd) and rejects κ ∉ (0, 1]', () => {
    expect(shape).toEqual({ d: 40, p: 30 });
    expect(factorized.parameterCount(shape)).toBe(1200);
    expect(() => factorized.shape(40, 1.5)).toThrow(ParameterError);
  });

  it('turns weight decay into a nuclear-norm penalty: λ‖W‖²_F = dλ̃ Tr S with λ̃ = √κλ', () => {
    const lambda = 0.013;
    const lambdaTilde = factorized.lambdaTilde(lambda, shape);
    expectClose(lambdaTilde, Math.sqrt(0.75) * lambda, { relative: 1e-15 }, 'λ̃');
    expectClose(factorized.lambdaFromTilde(lambdaTilde, shape), lambda, { relative: 1e-15 }, 'λ round trip');
    const S = factorized.toS(W, shape);
    expectClose(factorized.penalty(W, shape, lambda), shape.d * lambdaTilde * trace(S, shape.d), { relative: 1e-12 }, 'penalty');
  });

  it('computes h from W the same as from S = WWᵀ/√(pd)', () => {
    const n = 30;
    const T = 2;
    const X = Rng.fromSeed(2).fillNormal(new Float64Array(n * T * shape.d));
    const fromW = factorized.preActivations(X, n, T, W, shape);
    const fromS = preActivationsFromMatrix(X, n, T, shape.d, factorized.toS(W, shape));
    for (let i = 0; i < fromW.length; i++) expect(Math.abs(fromW[i] - fromS[i])).toBeLessThan(1e-12);
  });

  it('gives the same gradient from the panel N = MW as from a symmetric M (ScoreForm.panelGradient)', () => {
    const { d, p } = shape;
    const form = factorized.scoreForm(shape);
    const g = Rng.fromSeed(4).fillNormal(new Float64Array(d * d));
    const M = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) M[i * d + k] = g[i * d + k] + g[k * d + i];
    const N = new Float64Array(d * p);
    for (let i = 0; i < d; i++)
      for (let k = 0; k < d; k++) for (let j = 0; j < p; j++) N[i * p + j] += M[i * d + k] * W[k * p + j];
    const traceG = 0.37;
    const fromM = new Float64Array(d * p);
    const fromN = new Float64Array(d * p);
    form.gradient(W, Float64Array.from(M), traceG, fromM);
    form.panelGradient?.(W, N, traceG, fromN);
    expect(form.panelGradient).toBeDefined();
    let scale = 0;
    for (const x of fromM) scale = Math.max(scale, Math.abs(x));
    for (let i = 0; i < d * p; i++) expect(Math.abs(fromN[i] - fromM[i])).toBeLessThan(1e-12 * scale);
  });
});

describe('direct parameterization', () => {
  const direct = new DirectParameterization();
  const shape = direct.shape(25);
  const s = direct.initialParameters(shape, Rng.fromSeed(3, 'init'));

  it('trains the d(d+1)/2 entries of S = sym(s)/d', () => {
    expect(direct.parameterCount(shape)).toBe(325);
    const S = direct.toS(s, shape);
    expect(S[3 * 25 + 7]).toBe(S[7 * 25 + 3]);
    expectClose(S[3 * 25 + 7], s[packedIndex(3, 7, 25)] / 25, { relative: 1e-15 }, 'S₃₇');
    const roundTrip = packSymmetric(unpackSymmetric(s, 25), 25);
    expect(Array.from(roundTrip)).toEqual(Array.from(s));
  });

  it('has penalty λ√(pd)‖S‖²_F = dλ̃‖S‖²_F with λ̃ = λ', () => {
    const lambda = 0.02;
    const S = direct.toS(s, shape);
    let frob = 0;
    for (const x of S) frob += x * x;
    expect(direct.lambdaTilde(lambda)).toBe(lambda);
    expectClose(direct.penalty(s, shape, lambda), 25 * lambda * frob, { relative: 1e-13 }, 'penalty');
  });
});
