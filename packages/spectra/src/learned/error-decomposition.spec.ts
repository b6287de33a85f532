import { atomicLaw, Rng, sampleGoe, symmetricEigen } from '@attention-hd/core';
import { describe, expect, it } from 'vitest';
import { decomposeTestError } from './error-decomposition.js';

function powerLaw(gamma: number, d: number): Float64Array {
  let sum = 0;
  for (let i = 1; i <= d; i++) sum += i ** (-2 * gamma);
  return Float64Array.from({ length: d }, (_, k) => (Math.sqrt(d) * (k + 1) ** -gamma) / Math.sqrt(sum));
}

describe('error decomposition (docs/theory.md §5.2)', () => {
  const d = 300;
  const s = powerLaw(0.75, d);
  const law = atomicLaw(s);
  const setting = { delta: 0.5, epsilon: 0.3, eta: 0.9 };
  // q and m of Ŝ = η ReLU(S₀ + δZ − ε) from an independent draw (another seed than the decomposition's)
  const M = sampleGoe(d, Rng.fromSeed(99));
  for (let k = 0; k < d * d; k++) M[k] *= setting.delta;
  for (let i = 0; i < d; i++) M[i * d + i] += s[i];
  const { values, vectors } = symmetricEigen(M, d);
  let q = 0;
  let m = 0;
  for (let a = 0; a < d; a++) {
    const learned = setting.eta * Math.max(0, values[a] - setting.epsilon);
    q += (learned * learned) / d;
    for (let i = 0; i < d; i++) m += (learned * s[i] * (vectors as Float64Array)[a * d + i] ** 2) / d;
  }
  const point = { q, m, ...setting, testError: 0.2 };
  const parts = decomposeTestError(law, point, { testError: 0.08, scale: 0.87 }, { draws: 4, seed: 1 });

  it('has parts that sum to R_c and fractions that sum to 1 to 1e-12', () => {
    const { mse, fractions } = parts;
    expect(mse.total).toBeCloseTo(0.87 * 0.87 * law.moment(2) - 2 * 0.87 * m + q, 12);
    expect(Math.abs(mse.recovered + mse.unrecovered + mse.bulk - mse.total)).toBeLessThan(1e-12);
    const sum = fractions.asymptotic + fractions.overfitting + fractions.unrecovered + fractions.recovered;
    expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
  });

  it('has three non-negative parts, and a sampled diagonal consistent with the independent m', () => {
    expect(parts.mse.recovered).toBeGreaterThan(0);
    expect(parts.mse.unrecovered).toBeGreaterThan(0);
    expect(parts.mse.bulk).toBeGreaterThan(0);
    // Σ s_iŜ_ii/d of 4 draws against m of a fifth: fluctuations O(1/√d), measured 0.3 %
    expect(Math.abs(parts.mse.overlapCheck / m)).toBeLessThan(0.02);
  });

  it('puts Ŝ_ii of the top modes at the free-probability outlier η(y − ε)ω² (docs/theory.md §4.1)', () => {
    // independent: subordination position and BBP overlap vs the GOE-sampled diagonal; the bulk's
    // own share of Ŝ_ii is O(1/d) per mode, MC fluctuations O(1/√d): 5 %
    // Ŝ_kk sampled over 4 fresh draws
    const diagonal = new Float64Array(3);
    const rng = Rng.fromSeed(5);
    for (let t = 0; t < 4; t++) {
      const z = sampleGoe(d, rng);
      for (let j = 0; j < d * d; j++) z[j] *= setting.delta;
      for (let i = 0; i < d; i++) z[i * d + i] += s[i];
      const e = symmetricEigen(z, d);
      for (let a = 0; a < d; a++) {
        const learned = setting.eta * Math.max(0, e.values[a] - setting.epsilon);
        for (let k = 0; k < 3; k++) diagonal[k] += (learned * (e.vectors as Float64Array)[a * d + k] ** 2) / 4;
      }
    }
    parts.recovery.modes.slice(0, 3).forEach((mode, k) => {
      const predicted = mode.learnedEigenvalue * mode.overlap2;
      expect(Math.abs(diagonal[k] / predicted - 1), `mode ${k + 1}`).toBeLessThan(0.05);
    });
  });

  it('gives the zero estimator all of R_c as unrecovered error', () => {
    const zero = decomposeTestError(
      law,
      { q: 0, m: 0, delta: 3, eta: Number.NaN, epsilon: 20, testError: 0.3 },
      { testError: 0.08, scale: 0.87 },
    );
    expect(zero.mse.unrecovered).toBeCloseTo(0.87 * 0.87 * law.moment(2), 12);
    expect(zero.mse.bulk).toBeCloseTo(0, 12);
    expect(zero.recovery.recovered).toBe(0);
  });

  it('rejects an e∞ above e_test and a law that is not finite-d', () => {
    expect(() => decomposeTestError(law, point, { testError: 0.3, scale: 1 })).toThrow(/asymptotic.testError/);
    expect(() => decomposeTestError(atomicLaw([1, 2], [0.3, 0.7]), point, { testError: 0.1, scale: 1 })).toThrow(/finite-d law/);
  });
});
