import { atomicLaw, Rng, symmetricEigen, symmetricEigenvalues } from '@attention-hd/core';
import { expectClose } from '@attention-hd/core/testing';
import { MarchenkoPasturTarget, marchenkoPasturLaw, PowerLawTarget } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { SemicircleFreeConvolution } from '../convolution/semicircle-free-convolution.js';
import { ksDistance } from '../empirical/kolmogorov-smirnov.js';
import { fig1FixedPoints, lambdaTilde } from '../fixtures/fig1-fixed-points.js';
import { LearnedSpectrum } from './learned-spectrum.js';
import { predictOutliers } from './outliers.js';

const service = new SemicircleFreeConvolution();
const mp = marchenkoPasturLaw(0.5);

/** δ = √q̂/m̂, ε = 2λ̃/m̂, η = m̂/Σ̂ (docs/theory.md §3.3). */
function denoiserParameters(point: { qHat: number; mHat: number; sigmaHat: number }) {
  return { delta: Math.sqrt(point.qHat) / point.mHat, epsilon: (2 * lambdaTilde) / point.mHat, eta: point.mHat / point.sigmaHat };
}

/** GOE(d): Z = (G + Gᵀ)/√(2d), semicircle on [−2, 2]. */
function goe(d: number, rng: Rng): Float64Array {
  const g = rng.fillNormal(new Float64Array(d * d));
  const z = new Float64Array(d * d);
  const scale = 1 / Math.sqrt(2 * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) z[i * d + j] = (g[i * d + j] + g[j * d + i]) * scale;
  return z;
}

describe('Claim 4.1 at the Fig. 1 fixed points (docs/theory.md §9 E)', () => {
  for (const point of fig1FixedPoints) {
    it(`α = ${point.alpha}: rank ${point.rank}, ${point.edges} edges, mean eigenvalue ${point.meanEigenvalue}, q = η²J`, () => {
      const { delta, epsilon, eta } = denoiserParameters(point);
      const convolution = service.convolveWithSemicircle(mp, delta);
      const spectrum = new LearnedSpectrum(convolution, eta, epsilon);
      // The table prints three decimals for the rank and four significant digits for the mean.
      expect(Math.abs(spectrum.rankFraction - point.rank)).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(convolution.support.length * 2).toBe(point.edges);
      expect(Math.abs(spectrum.meanEigenvalue - point.meanEigenvalue)).toBeLessThan(1e-3);
      // The stored q is the authors' damped Monte-Carlo iterate (0.2·old + 0.8·new), consistent with
      // the stored hats only up to their MC noise: 1e-5 at α = 4, 1.5e-3 at α = 40. Tolerance 2e-3.
      expectClose(spectrum.secondMoment, point.q, { relative: 2e-3 }, 'q = η²J');
      expectClose(spectrum.atomAtZero + spectrum.rankFraction, 1, { absolute: 1e-14 }, 'atom + rank');
    });
  }

  it('has two bulks above ε at α = 40 and one at α = 4', () => {
    const bulks = [fig1FixedPoints[2], fig1FixedPoints[3]].map((p) => {
      const { delta, epsilon, eta } = denoiserParameters(p);
      return new LearnedSpectrum(service.convolveWithSemicircle(mp, delta), eta, epsilon).bulkCount;
    });
    expect(bulks).toEqual([1, 2]);
  });
});

describe('the predicted law against random matrices (independent of theory-amp)', () => {
  it('η ReLU(S₀ + δZ − ε) at d = 1000 has KS distance < 0.03 to Claim 4.1 (α = 0.5 and α = 4)', () => {
    const d = 1000;
    const S0 = new MarchenkoPasturTarget().create({ kappa0: 0.5 }).sample(d, Rng.fromSeed(1, 'teacher')).S;
    const Z = goe(d, Rng.fromSeed(1, 'goe'));
    for (const point of [fig1FixedPoints[1], fig1FixedPoints[2]]) {
      const { delta, epsilon, eta } = denoiserParameters(point);
      const M = new Float64Array(d * d);
      for (let i = 0; i < d * d; i++) M[i] = S0[i] + delta * Z[i];
      const learned = symmetricEigenvalues(M, d).map((y) => eta * Math.max(0, y - epsilon));
      const spectrum = new LearnedSpectrum(service.convolveWithSemicircle(mp, delta), eta, epsilon);
      const ks = ksDistance(learned, spectrum, 0);
      expect(ks).toBeLessThan(0.03);
      // and the singular values of the equivalent W (κ = 1): x = √eigenvalue
      expect(ksDistance(learned.map(Math.sqrt), spectrum.singularValues(1), 0)).toBeLessThan(0.03);
    }
  }, 60_000); // two d = 1000 eigendecompositions: ~3 s alone, more on a loaded 2-core CI machine
});

describe('outliers of isolated target eigenvalues (BBP)', () => {
  it('match the closed form for a spike on δ₀: y = s + t(1 − w)/s, overlap² = 1 − t(1 − w)/s²', () => {
    const w = 1 / 500;
    const s = 2;
    const delta = 0.9;
    const t = delta * delta;
    const [outlier] = predictOutliers(atomicLaw([0, s], [1 - w, w]), delta, 1, 0.1);
    expect(outlier.separated).toBe(true);
    expectClose(outlier.position, s + (t * (1 - w)) / s, { relative: 1e-14 }, 'position');
    expectClose(outlier.overlap2, 1 - (t * (1 - w)) / (s * s), { relative: 1e-14 }, 'overlap²');
    expectClose(outlier.learnedEigenvalue, outlier.position - 0.1, { relative: 1e-14 }, 'η(y − ε)');
    const [below] = predictOutliers(atomicLaw([0, 0.5], [1 - w, w]), delta, 1, 0);
    expect(below.separated).toBe(false); // s = 0.5 < δ = 0.9
  });

  it('predict the top eigenvalues and eigenvector overlaps of S₀ + δZ for a power law at d = 400', () => {
    // Finite d: positions fluctuate by O(δ/√d) and overlaps by O(1/√d); tolerances 2 % and 0.08.
    const d = 400;
    const delta = 0.6;
    const target = new PowerLawTarget().create({ gamma: 1.5 });
    const sample = target.sample(d, Rng.fromSeed(2, 'teacher'));
    const Z = goe(d, Rng.fromSeed(2, 'goe'));
    const M = new Float64Array(d * d);
    for (let i = 0; i < d * d; i++) M[i] = sample.S[i] + delta * Z[i];
    const { values, vectors } = symmetricEigen(M, d);
    const predicted = predictOutliers(target.spectralLaw(d), delta, 1, 0).filter((o) => o.separated);
    expect(predicted.length).toBeGreaterThanOrEqual(3);
    const F = (sample.factor as { F: Float64Array }).F; // column k = √s_k × the target eigenvector
    for (let k = 0; k < 3; k++) {
      const observed = values[d - 1 - k];
      expectClose(observed, predicted[k].position, { relative: 0.02 }, `outlier ${k}`);
      // overlap² of the observed eigenvector with target eigenvector k
      let dot = 0;
      for (let i = 0; i < d; i++)
        dot += (vectors as Float64Array)[(d - 1 - k) * d + i] * (F[i * d + k] / Math.sqrt(predicted[k].targetEigenvalue));
      expect(Math.abs(dot * dot - predicted[k].overlap2)).toBeLessThan(0.08);
    }
  });
});
