import { ParameterError } from '@attention-hd/core';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';

const settings = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

describe('Adam', () => {
  it('moves each coordinate by lr·g/(|g| + ε) on the first step (bias correction makes m̂ = g, v̂ = g²)', () => {
    const theta = Float64Array.of(1, -2, 0.5, 3);
    const g = Float64Array.of(4, -1e-3, 0, 1e-9);
    new Adam(4, settings).step(theta, g);
    const expected = [1, -2, 0.5, 3].map((t, i) => t - (0.1 * g[i]) / (Math.abs(g[i]) + 1e-8));
    for (let i = 0; i < 4; i++) expect(theta[i]).toBeCloseTo(expected[i], 15);
  });

  it('follows the torch.optim.Adam recursion over steps with changing gradients (hand-computed)', () => {
    // two steps, g₁ = 1, g₂ = −2, lr 0.1:
    // m₁ = 0.1, v₁ = 0.001 → θ₁ = −0.1(0.1/0.1)/(√(0.001/0.001) + ε)
    // m₂ = 0.09 − 0.2 = −0.11, v₂ = 0.000999 + 0.004 = 0.004999
    // θ₂ = θ₁ − 0.1·(−0.11/0.19)/(√(0.004999/0.001999) + ε)
    const theta = Float64Array.of(0);
    const adam = new Adam(1, settings);
    adam.step(theta, Float64Array.of(1));
    const theta1 = -0.1 / (1 + 1e-8);
    expect(theta[0]).toBeCloseTo(theta1, 15);
    adam.step(theta, Float64Array.of(-2));
    const theta2 = theta1 - (0.1 * (-0.11 / 0.19)) / (Math.sqrt(0.004999 / (1 - 0.999 ** 2)) + 1e-8);
    expect(theta[0]).toBeCloseTo(theta2, 14);
    expect(adam.steps).toBe(2);
  });

  it('rejects a non-positive learning rate and betas outside [0, 1)', () => {
    expect(() => new Adam(1, { ...settings, learningRate: 0 })).toThrow(ParameterError);
    expect(() => new Adam(1, { ...settings, learningRate: 0 })).toThrow(/lr/);
    expect(() => new Adam(1, { ...settings, beta1: 1 })).toThrow(/beta1/);
    expect(() => new Adam(1, { ...settings, beta2: -0.1 })).toThrow(/beta2/);
  });
});
