import type { SpectralLaw } from '@attention-hd/core';
import { cosineGaussNodes } from '../integrals/cosine-gauss-nodes.js';

export interface PredictedOutlier {
  /** the target eigenvalue s (an atom of μ₀) */
  readonly targetEigenvalue: number;
  /** its mass in μ₀ (1/d for a finite-d law) */
  readonly weight: number;
  /** BBP: t ∫ dμ_rest(a)/(s − a)² < 1 — the mode separates from the bulk of S₀ + δZ */
  readonly separated: boolean;
  /** y = s + t G_rest(s): the eigenvalue of S₀ + δZ it produces (subordination) */
  readonly position: number;
  /** squared overlap of that eigenvector with the target's: 1 − t ∫ dμ_rest/(s − a)² */
  readonly overlap2: number;
  /** η (y − ε)₊: the eigenvalue of Ŝ (0 if thresholded away) */
  readonly learnedEigenvalue: number;
}

/**
 * Isolated target eigenvalues and what the denoiser makes of them (docs/theory.md §4.1): with
 * μ_rest = μ₀ without the atom at s, an eigenvalue s of S₀ gives an eigenvalue of S₀ + δZ at
 * y = ψ_t(s) = s + t G_rest(s) if 1 − t h_rest(s) > 0 (BBP), with squared overlap 1 − t h_rest(s),
 * where h_rest(s) = ∫dμ_rest/(s − a)². Considered: atoms of weight ≤ `maxWeight` (macroscopic atoms
 * such as MP's 1 − κ₀ at 0 are bulk, not spikes) lying outside the continuous support.
 */
export function predictOutliers(
  law: SpectralLaw,
  delta: number,
  eta: number,
  epsilon: number,
  options: { maxWeight?: number } = {},
): PredictedOutlier[] {
  const t = delta * delta;
  const maxWeight = options.maxWeight ?? 0.05;
  const { positions, weights } = law.atoms;
  // The continuous part's contribution by quadrature (s is outside its support: smooth integrand).
  const nodes = 200;
  const cx = new Float64Array(nodes * law.continuousSupport.length);
  const cw = new Float64Array(cx.length);
  law.continuousSupport.forEach(({ lo, hi }, k) => {
    cosineGaussNodes(lo, hi, nodes, cx, cw, k * nodes);
    for (let i = k * nodes; i < (k + 1) * nodes; i++) cw[i] *= law.density(cx[i]);
  });
  const outliers: PredictedOutlier[] = [];
  for (let i = 0; i < positions.length; i++) {
    const s = positions[i];
    if (!(weights[i] > 0 && weights[i] <= maxWeight)) continue;
    if (law.continuousSupport.some(({ lo, hi }) => s >= lo && s <= hi)) continue;
    let g = 0;
    let h = 0;
    for (let j = 0; j < positions.length; j++) {
      if (j === i || positions[j] === s) continue;
      const gap = s - positions[j];
      g += weights[j] / gap;
      h += weights[j] / (gap * gap);
    }
    for (let k = 0; k < cx.length; k++) {
      const gap = s - cx[k];
      g += cw[k] / gap;
      h += cw[k] / (gap * gap);
    }
    const overlap2 = 1 - t * h;
    const position = s + t * g;
    outliers.push({
      targetEigenvalue: s,
      weight: weights[i],
      separated: overlap2 > 0,
      position,
      overlap2: Math.max(0, overlap2),
      learnedEigenvalue: eta * Math.max(0, position - epsilon),
    });
  }
  return outliers.sort((a, b) => b.targetEigenvalue - a.targetEigenvalue);
}
