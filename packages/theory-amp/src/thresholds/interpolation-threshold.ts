import { brentRoot, expandBracket, type FreeConvolution, type SpectralLaw } from '@attention-hd/core';
import { alphaFromBar } from './effective-sample-ratio.js';
import type { ThresholdResult } from './threshold-result.js';

/**
 * The interpolation threshold of Corollary 3.2 (docs/theory.md §3.9) for λ → 0⁺:
 *   δ̄ solves Q₀ + Δ/2 = J(δ̄, 0) − (δ̄/2) ∂_δJ(δ̄, 0),   ᾱ_interp = ∂_δJ(δ̄, 0)/(4δ̄) = ∂_tJ(δ̄, 0)/2.
 * At Δ = 0, δ̄ = 0 and ᾱ = ∂_tJ(0⁺, 0)/2, which for a PSD target of rank fraction ρ is
 * (1 + 2ρ − ρ²)/4 (computed from μ₀ itself, not from that formula).
 */
export function interpolationThreshold(
  freeConvolution: FreeConvolution,
  law: SpectralLaw,
  noise: number,
  T: number,
  channel: 'softmax' | 'identity' = 'softmax',
): ThresholdResult {
  const q0 = law.moment(2);
  if (noise === 0) {
    const alphaBar = freeConvolution.convolveWithSemicircle(law, 0).denoiserIntegrals(0).dJdT / 2;
    return { alphaBar, alpha: alphaFromBar(alphaBar, T, channel), status: 'converged', details: { deltaBar: 0 } };
  }
  const f = (delta: number) => {
    const r = freeConvolution.convolveWithSemicircle(law, delta).denoiserIntegrals(0);
    return r.J - (delta / 2) * r.dJdDelta - q0 - noise / 2;
  };
  const bracket = expandBracket(f, 1e-3, 1, { lowerLimit: 1e-9, maxExpansions: 80 });
  if (bracket === null) {
    return { alphaBar: Number.NaN, alpha: Number.NaN, status: 'no-bracket', details: {} };
  }
  const root = brentRoot(f, Math.max(bracket[0], 1e-9), bracket[1], { xTolerance: 1e-13 });
  const deltaBar = root.values;
  const alphaBar = freeConvolution.convolveWithSemicircle(law, deltaBar).denoiserIntegrals(0).dJdT / 2;
  return {
    alphaBar,
    alpha: alphaFromBar(alphaBar, T, channel),
    status: root.status,
    details: { deltaBar, residual: root.residual, iterations: root.iterations },
  };
}
