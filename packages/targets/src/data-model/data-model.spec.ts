import { Rng } from '@attention-hd/core';
import { describe, expect, it } from 'vitest';
import { MarchenkoPasturTarget } from '../mp/marchenko-pastur-target.js';
import { dataModelStatistics } from './data-model-statistics.js';
import { generateDataset } from './dataset.js';
import { sampleLabelNoise } from './label-noise.js';
import { preActivationsFromFactor, preActivationsFromMatrix } from './pre-activations.js';
import { softmaxRows } from './softmax.js';

/** Mean and standard error of the variance estimate of the values (mean known to be 0). */
function varianceWithError(values: number[]): { variance: number; standardError: number } {
  const n = values.length;
  let m2 = 0;
  let m4 = 0;
  for (const v of values) {
    m2 += (v * v) / n;
    m4 += v ** 4 / n;
  }
  return { variance: m2, standardError: Math.sqrt((m4 - m2 * m2) / n) };
}

describe('pre-activations h(S) = (XSXᵀ − Tr S·I)/√d', () => {
  const d = 60;
  const target = new MarchenkoPasturTarget().create({ kappa0: 0.5 }).sample(d, Rng.fromSeed(1, 'teacher'));
  let q = 0;
  for (const x of target.S) q += (x * x) / d; // Q = Tr S²/d for this S

  it('is the same through the factor and through the matrix', () => {
    const n = 50;
    const T = 3;
    const X = Rng.fromSeed(2).fillNormal(new Float64Array(n * T * d));
    const fromMatrix = preActivationsFromMatrix(X, n, T, d, target.S);
    const factor = target.factor as { F: Float64Array; rank: number };
    const fromFactor = preActivationsFromFactor(X, n, T, d, factor.F, factor.rank, 1);
    for (let i = 0; i < fromMatrix.length; i++) expect(Math.abs(fromMatrix[i] - fromFactor[i])).toBeLessThan(1e-12);
  });

  it('has Var h_aa = 2Q and Var h_ab = Q (a ≠ b), within 5 standard errors', () => {
    // Exact for Gaussian tokens: Var(xᵀSx) = 2 Tr S², Var(x_aᵀ S x_b) = Tr S².
    const n = 20_000;
    const T = 3;
    const X = Rng.fromSeed(3).fillNormal(new Float64Array(n * T * d));
    const factor = target.factor as { F: Float64Array; rank: number };
    const h = preActivationsFromFactor(X, n, T, d, factor.F, factor.rank, 1);
    const diagonal: number[] = [];
    const offDiagonal: number[] = [];
    for (let s = 0; s < n; s++) {
      for (let a = 0; a < T; a++) {
        diagonal.push(h[s * T * T + a * T + a]);
        for (let b = a + 1; b < T; b++) offDiagonal.push(h[s * T * T + a * T + b]);
      }
    }
    const diag = varianceWithError(diagonal);
    const off = varianceWithError(offDiagonal);
    expect(Math.abs(diag.variance - 2 * q)).toBeLessThan(5 * diag.standardError);
    expect(Math.abs(off.variance - q)).toBeLessThan(5 * off.standardError);
    const mean = diagonal.reduce((a, b) => a + b, 0) / diagonal.length;
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt((2 * q) / diagonal.length));
  });
});

describe('label noise', () => {
  it('is symmetric with variance Δ on the diagonal and Δ/2 off it', () => {
    const n = 40_000;
    const T = 3;
    const noise = 0.5;
    const xi = sampleLabelNoise(n, T, noise, Rng.fromSeed(5));
    const diagonal: number[] = [];
    const offDiagonal: number[] = [];
    for (let s = 0; s < n; s++) {
      for (let a = 0; a < T; a++) {
        diagonal.push(xi[s * T * T + a * T + a]);
        for (let b = a + 1; b < T; b++) {
          expect(xi[s * T * T + a * T + b]).toBe(xi[s * T * T + b * T + a]);
          offDiagonal.push(xi[s * T * T + a * T + b]);
        }
      }
    }
    // Gaussian: the variance estimate has standard error σ²√(2/N).
    const diag = diagonal.reduce((a, v) => a + v * v, 0) / diagonal.length;
    const off = offDiagonal.reduce((a, v) => a + v * v, 0) / offDiagonal.length;
    expect(Math.abs(diag - noise)).toBeLessThan(5 * noise * Math.sqrt(2 / diagonal.length));
    expect(Math.abs(off - noise / 2)).toBeLessThan(5 * (noise / 2) * Math.sqrt(2 / offDiagonal.length));
  });
});

describe('row-wise softmax', () => {
  it('has rows that sum to 1 and is invariant to a constant shift of a row', () => {
    const T = 4;
    const H = Rng.fromSeed(6).fillNormal(new Float64Array(10 * T * T), 3);
    const A = softmaxRows(H, 10, T, 1.7);
    const shifted = Float64Array.from(H);
    for (let row = 0; row < 10 * T; row++) for (let b = 0; b < T; b++) shifted[row * T + b] += row * 0.37 - 5;
    const B = softmaxRows(shifted, 10, T, 1.7);
    for (let row = 0; row < 10 * T; row++) {
      let sum = 0;
      for (let b = 0; b < T; b++) {
        sum += A[row * T + b];
        expect(Math.abs(A[row * T + b] - B[row * T + b])).toBeLessThan(1e-15);
      }
      expect(Math.abs(sum - 1)).toBeLessThan(1e-15);
    }
  });

  it('is stable for huge inputs and uniform at β → 0', () => {
    const big = softmaxRows(Float64Array.of(1000, 999, 0, 0), 1, 2, 1);
    expect(big[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 14);
    const flat = softmaxRows(Float64Array.of(3, -2, 0.5, 7), 1, 2, 1e-12);
    expect(flat[0]).toBeCloseTo(0.5, 10);
  });
});

describe('generateDataset', () => {
  const d = 20;
  const target = new MarchenkoPasturTarget().create({ kappa0: 0.5 }).sample(d, Rng.fromSeed(1, 'teacher'));
  const base = { target, n: 5000, T: 3, noise: 0.5, beta0: 1, rng: Rng.fromSeed(9, 'data') } as const;

  it('is reproducible, and float32 storage holds the rounded float64 numbers', () => {
    const a = generateDataset({ ...base, output: 'seq2lab' });
    const b = generateDataset({ ...base, rng: Rng.fromSeed(9, 'data'), output: 'seq2lab' });
    const c = generateDataset({ ...base, rng: Rng.fromSeed(9, 'data'), output: 'seq2lab', precision: 'float32' });
    expect(Array.from(a.Y)).toEqual(Array.from(b.Y));
    expect(c.X).toBeInstanceOf(Float32Array);
    for (let i = 0; i < 500; i++) expect(c.X[i]).toBe(Math.fround(a.X[i]));
    for (let i = 0; i < 500; i++) expect(c.Y[i]).toBe(Math.fround(a.Y[i]));
  });

  it('gives attention rows summing to 1 (seq2lab) and y = A X (seq2seq) on the same draws', () => {
    const labels = generateDataset({ ...base, rng: Rng.fromSeed(10), output: 'seq2lab' });
    const sequences = generateDataset({ ...base, rng: Rng.fromSeed(10), output: 'seq2seq' });
    const T = base.T;
    for (let s = 0; s < 50; s++) {
      for (let a = 0; a < T; a++) {
        let rowSum = 0;
        for (let b = 0; b < T; b++) rowSum += labels.Y[(s * T + a) * T + b];
        expect(Math.abs(rowSum - 1)).toBeLessThan(1e-14);
        for (let k = 0; k < d; k++) {
          let expected = 0;
          for (let b = 0; b < T; b++) expected += labels.Y[(s * T + a) * T + b] * labels.X[(s * T + b) * d + k];
          expect(Math.abs(sequences.Y[(s * T + a) * d + k] - expected)).toBeLessThan(1e-13);
        }
      }
    }
  });

  it('rejects bad sizes with the parameter name', () => {
    expect(() => generateDataset({ ...base, n: 0, output: 'seq2lab' })).toThrow('invalid n = 0');
    expect(() => generateDataset({ ...base, T: 0, output: 'seq2lab' })).toThrow('invalid T = 0');
  });
});

describe('dataModelStatistics (what `attention-hd sample` prints)', () => {
  it('reproduces 2Q, Q, Δ, Δ/2 within 5 standard errors and MP moments within 2 % at d = 400', () => {
    const stats = dataModelStatistics({
      target: new MarchenkoPasturTarget().create({ kappa0: 0.5 }),
      d: 400,
      n: 4000,
      T: 2,
      noise: 0.5,
      beta0: 1,
      rng: Rng.fromSeed(1),
    });
    // Exact law: √κ₀, 1 + κ₀ (independent closed forms, not the code's law).
    expect(Math.abs(stats.spectralMoments[0].empirical / Math.sqrt(0.5) - 1)).toBeLessThan(0.02);
    expect(Math.abs(stats.spectralMoments[1].empirical / 1.5 - 1)).toBeLessThan(0.02);
    for (const compared of [
      stats.preActivationVariance.diagonal,
      stats.preActivationVariance.offDiagonal,
      stats.noiseVariance.diagonal,
      stats.noiseVariance.offDiagonal,
    ]) {
      expect(Math.abs(compared.empirical - compared.exact)).toBeLessThan(5 * (compared.standardError as number));
    }
    expect(stats.preActivationVariance.diagonal.exact).toBeCloseTo(2 * stats.q, 15);
    expect(stats.noiseVariance.offDiagonal.exact).toBe(0.25);
    expect(stats.attentionRowSumError).toBeLessThan(1e-14);
  });
});
