import { ParameterError } from '@attention-hd/core';

export type ScalingRegimeId = 'R1' | 'R3' | 'R4' | 'R5' | 'R6' | 'below-d';

export interface ScalingRegime {
  readonly id: ScalingRegimeId;
  /** the rate of e_test − e₀ as plain text (Unicode, fractional powers as ^(…)): figures print it */
  readonly rate: string;
  /** predicted exponent of n at fixed λ, d: e₁ ∝ n^{−exponent}; NaN where the table gives none */
  readonly exponent: number;
}

/**
 * The regimes of the excess test error for a power-law target s_i ∝ √d i^{−γ} (docs/theory.md §5.3, Fig. 5),
 * in ℓ_n = log_d n and ℓ_λ = log_d λ̃. The boundaries:
 *   line A: ℓ_λ = ℓ_n/2 − 1 (noise bulk cut: ε ~ δ),
 *   line B: ℓ_λ = ℓ_n − 3/2 (the top mode thresholded away),
 *   line C: ℓ_λ = ℓ_n − γ − 3/2 (every mode kept),
 *   ℓ_n = 2 (interpolation, n ~ d²; R2 is this line, not a region).
 * Below n = d (ℓ_n < 1) under line A the table has no rate ('below-d').
 */
export function scalingRegime(logN: number, logLambda: number, gamma: number): ScalingRegime {
  if (!(gamma > 0.5)) throw new ParameterError('gamma', gamma, '(1/2, ∞)');
  if (logLambda > logN - 1.5) return { id: 'R6', rate: 'Θ(1): every mode thresholded, Ŝ = 0', exponent: 0 };
  if (logLambda > logN / 2 - 1) {
    if (logLambda > logN - gamma - 1.5) {
      return { id: 'R4', rate: '(λd^(3/2)/n)^(2−1/γ)', exponent: 2 - 1 / gamma };
    }
    return { id: 'R5', rate: '(λ d²/n)²', exponent: 2 };
  }
  if (logN < 1) return { id: 'below-d', rate: 'n < d: no rate in the table', exponent: Number.NaN };
  if (logN < 2) return { id: 'R1', rate: '(n/d)^(−1+1/(2γ))', exponent: 1 - 1 / (2 * gamma) };
  return { id: 'R3', rate: 'd²/n', exponent: 1 };
}

/** The boundary lines of the phase diagram as ℓ_λ(ℓ_n). */
export const scalingBoundaries = {
  A: (logN: number) => logN / 2 - 1,
  B: (logN: number) => logN - 1.5,
  C: (logN: number, gamma: number) => logN - gamma - 1.5,
  /** the interpolation line ℓ_n = 2 */
  interpolation: 2,
} as const;
