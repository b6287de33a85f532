import {
  type EstimatorSample,
  ParameterError,
  Rng,
  requireInteger,
  sampleGoe,
  symmetricEigen,
  type TheoryPoint,
  type TheoryProblem,
} from '@attention-hd/core';
import { typicalTargetEigenvalues } from './finite-d-target.js';
import type { SpectralDenoiser } from './spectral-denoiser.js';

/**
 * Draws of an SE fixed point's estimator at finite d (docs/theory.md §5.4): in the target's eigenbasis,
 * Ŝ = η f(diag(s) + δZ) with Z ~ GOE(d) (the effective observation of the prior side, §3.3). The
 * point must be a result (converged); Ŝ = 0 (q = 0) needs no draw.
 */
export function sampleEstimators(
  problem: TheoryProblem,
  point: TheoryPoint,
  spectrum: SpectralDenoiser,
  draws: number,
  seed: number,
): EstimatorSample[] {
  const d = requireInteger('d', problem.d, { min: 2 });
  requireInteger('draws', draws, { min: 1, max: 1000 });
  if (!(point.q >= 0 && Number.isFinite(point.q))) {
    throw new ParameterError('point', `q = ${point.q}`, 'a fixed point (a converged result)');
  }
  const s = typicalTargetEigenvalues(problem.target.spectralLaw(d), d);
  const rng = Rng.fromSeed(seed, 'estimator-draws');
  return Array.from({ length: draws }, () => {
    const estimator = new Float64Array(d * d);
    const Z = sampleGoe(d, rng);
    if (point.q === 0) return { s, estimator };
    const M = Z;
    for (let k = 0; k < d * d; k++) M[k] *= point.delta;
    for (let i = 0; i < d; i++) M[i * d + i] += s[i];
    const { values, vectors } = symmetricEigen(M, d);
    if (vectors === undefined) throw new Error('symmetricEigen returned no eigenvectors');
    // the largest maxRank eigenvalues (the truncated denoiser keeps the top κd)
    const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a]);
    for (const k of order.slice(0, spectrum.maxRank)) {
      const weight = point.eta * spectrum.f(values[k]);
      if (weight === 0) continue;
      // eigenvector k is vectors[k·d …]
      for (let i = 0; i < d; i++) {
        const wi = weight * vectors[k * d + i];
        for (let j = 0; j < d; j++) estimator[i * d + j] += wi * vectors[k * d + j];
      }
    }
    return { s, estimator };
  });
}
