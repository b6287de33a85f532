import type { SpectralLaw } from '@attention-hd/core';
import { type PredictedOutlier, predictOutliers } from './outliers.js';

export interface RecoveredMode extends PredictedOutlier {
  /** 1-based rank of the target eigenvalue (s₁ ≥ s₂ ≥ …) */
  readonly index: number;
  /** the crude BBP criterion of docs/theory.md §5.1: s_i > δ */
  readonly aboveNoise: boolean;
  /** separated from the bulk of S₀ + δZ and kept by the threshold (learned eigenvalue > 0) */
  readonly recovered: boolean;
}

export interface SequentialRecovery {
  readonly modes: readonly RecoveredMode[];
  /** K: the number of recovered modes */
  readonly recovered: number;
  /** the number of target eigenvalues above δ */
  readonly aboveNoise: number;
  /** separated (BBP) but cut by ε */
  readonly thresholded: number;
}

/**
 * Which target modes the ERM has learned at one SE point (docs/theory.md §5.1 "sequential spectral
 * recovery", §4.1 outliers): each isolated atom s_i of the finite-d law is an outlier of
 * S₀ + δZ if it passes the BBP condition, at the subordination position y_i with squared overlap
 * ω_i²; the learned eigenvalue is η(y_i − ε)₊. As n grows, δ falls and modes are recovered in
 * order of size.
 */
export function sequentialRecovery(
  law: SpectralLaw,
  point: { readonly delta: number; readonly eta: number; readonly epsilon: number },
): SequentialRecovery {
  const outliers = predictOutliers(law, point.delta, point.eta, point.epsilon, { maxWeight: 0.5 });
  const modes = outliers.map((o, k) => {
    const recovered = o.separated && o.learnedEigenvalue > 0;
    return { ...o, index: k + 1, aboveNoise: o.targetEigenvalue > point.delta, recovered };
  });
  return {
    modes,
    recovered: modes.filter((m) => m.recovered).length,
    aboveNoise: modes.filter((m) => m.aboveNoise).length,
    thresholded: modes.filter((m) => m.separated && !m.recovered).length,
  };
}
