import { Rng } from '@attention-hd/core';
import { describe, expect, it } from 'vitest';
import { histogram, learnedEigenvaluesFromFactor, singularValuesFromFactor } from './empirical-spectrum.js';
import { ksDistance } from './kolmogorov-smirnov.js';

describe('empirical spectra', () => {
  it('bins values, with a density that integrates to the fraction inside', () => {
    const h = histogram([0, 0.1, 0.5, 0.99, 1, 2], 0, 1, 4);
    expect(h.counts).toEqual([2, 0, 1, 2]); // bins [0, .25), [.25, .5), [.5, .75), [.75, 1]
    expect(h.outside).toBe(1);
    const integral = h.density.reduce((a, b) => a + b * 0.25, 0);
    expect(integral).toBeCloseTo(5 / 6, 15);
  });

  it('gets the spectrum of WWᵀ/√(pd) through the p × p Gram matrix when p < d', () => {
    const d = 30;
    const p = 12;
    const W = Rng.fromSeed(3).fillNormal(new Float64Array(d * p));
    const eigen = learnedEigenvaluesFromFactor(W, d, p);
    expect(eigen.length).toBe(d);
    expect(Array.from(eigen.slice(0, d - p)).every((x) => Math.abs(x) < 1e-12)).toBe(true);
    const singular = singularValuesFromFactor(W, d, p);
    for (let i = 0; i < p; i++) expect(singular[i] ** 2).toBeCloseTo(eigen[d - p + i], 12);
    // Tr Ŝ = ‖W‖²_F/√(pd)
    let frobenius = 0;
    for (const x of W) frobenius += x * x;
    expect(eigen.reduce((a, b) => a + b, 0)).toBeCloseTo(frobenius / Math.sqrt(p * d), 10);
  });
});

describe('Kolmogorov–Smirnov distance with an atom at zero', () => {
  // Law: atom 0.4 at 0, then uniform on (0, 1] with mass 0.6.
  const law = {
    cdf: (x: number) => (x < 0 ? 0 : Math.min(1, 0.4 + 0.6 * x)),
    cdfLeft: (x: number) => (x <= 0 ? 0 : Math.min(1, 0.4 + 0.6 * x)),
  };

  it('is 0 up to the sampling resolution for a perfect sample, zeros counted in the atom', () => {
    const n = 1000;
    const sample = [...Array(400).fill(1e-13), ...Array.from({ length: 600 }, (_, i) => (i + 1) / 600)];
    expect(ksDistance(sample, law)).toBeLessThanOrEqual(1 / n + 1e-12);
  });

  it('sees a wrong atom mass', () => {
    const sample = [...Array(200).fill(0), ...Array.from({ length: 800 }, (_, i) => (i + 1) / 800)];
    expect(ksDistance(sample, law)).toBeCloseTo(0.2, 2);
  });

  it('is about 1/√n for a random sample (Kolmogorov: 95 % quantile 1.36/√n)', () => {
    const rng = Rng.fromSeed(8);
    const n = 4000;
    const sample = Array.from({ length: n }, () => (rng.uniform() < 0.4 ? 0 : rng.uniform()));
    expect(ksDistance(sample, law)).toBeLessThan(1.63 / Math.sqrt(n)); // 99 % quantile
  });
});
