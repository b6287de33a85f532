import { brentRoot } from '@attention-hd/core';
import { alphaFromBar } from './effective-sample-ratio.js';
import type { ThresholdResult } from './threshold-result.js';

/**
 * Incomplete moments of the unit semicircle, P_k(x) = (1/2π) ∫_{−2}^{x} √(4 − t²) tᵏ dt, in closed
 * form through t = 2 sin θ, θ_x = arcsin(x/2).
 */
export function semicircleIncompleteMoment(k: 0 | 1 | 2, x: number): number {
  const clipped = Math.max(-2, Math.min(2, x));
  const theta = Math.asin(clipped / 2);
  switch (k) {
    case 0:
      return (2 * theta + Math.PI + Math.sin(2 * theta)) / (2 * Math.PI);
    case 1:
      return -((4 - clipped * clipped) ** 1.5) / (6 * Math.PI);
    case 2:
      return (2 * theta + Math.PI - 0.5 * Math.sin(4 * theta)) / (2 * Math.PI);
  }
}

/**
 * The perfect-recovery threshold (Δ = 0, λ → 0⁺) of Corollary 3.2 (docs/theory.md §3.9, reconstructed
 * from the authors' `ERM_eq`): c solves c − (1 − ρ)(c P₀(c) − P₁(c)) = 0 and
 * ᾱ_perf = ½ − ½(1 − ρ)²(P₂(c) − c P₁(c)), ρ the target's rank fraction (κ₀ for MP); ½ for ρ ≥ 1.
 */
export function perfectRecoveryThreshold(
  rankFraction: number,
  T: number,
  channel: 'softmax' | 'identity' = 'softmax',
): ThresholdResult {
  if (rankFraction >= 1) return { alphaBar: 0.5, alpha: alphaFromBar(0.5, T, channel), status: 'converged', details: {} };
  const rho = rankFraction;
  const P = semicircleIncompleteMoment;
  const root = brentRoot((c) => c - (1 - rho) * (c * P(0, c) - P(1, c)), 0, 2, { xTolerance: 1e-15 });
  const c = root.values;
  const alphaBar = 0.5 - 0.5 * (1 - rho) ** 2 * (P(2, c) - c * P(1, c));
  return { alphaBar, alpha: alphaFromBar(alphaBar, T, channel), status: root.status, details: { c } };
}

/** The Bayes-optimal recovery threshold plotted with it: ᾱ = ρ − ρ²/2 (ρ < 1), ½ otherwise. */
export function bayesOptimalThreshold(
  rankFraction: number,
  T: number,
  channel: 'softmax' | 'identity' = 'softmax',
): ThresholdResult {
  const alphaBar = rankFraction < 1 ? rankFraction - (rankFraction * rankFraction) / 2 : 0.5;
  return { alphaBar, alpha: alphaFromBar(alphaBar, T, channel), status: 'converged', details: {} };
}

/** Direct (Frobenius) perfect recovery: ᾱ = ½, the d²/2 parameters of a symmetric matrix. */
export function directRecoveryThreshold(T: number, channel: 'softmax' | 'identity' = 'softmax'): ThresholdResult {
  return { alphaBar: 0.5, alpha: alphaFromBar(0.5, T, channel), status: 'converged', details: {} };
}
