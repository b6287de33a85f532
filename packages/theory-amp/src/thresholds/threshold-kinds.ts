import type { FreeConvolution, SpectralLaw } from '@attention-hd/core';
import { interpolationThreshold } from './interpolation-threshold.js';
import { bayesOptimalThreshold, directRecoveryThreshold, perfectRecoveryThreshold } from './perfect-recovery-threshold.js';
import type { ThresholdResult } from './threshold-result.js';

/** What a threshold needs: the target's law (its rank fraction is the mass away from 0), Δ and T. */
export interface ThresholdInputs {
  readonly freeConvolution: FreeConvolution;
  readonly law: SpectralLaw;
  readonly noise: number;
  readonly T: number;
}

export interface ThresholdKind {
  readonly id: string;
  readonly label: string;
  compute(inputs: ThresholdInputs): ThresholdResult;
}

/** The thresholds of Corollary 3.2 and Fig. 2 right (docs/theory.md §5), by id. */
export const thresholdKinds: readonly ThresholdKind[] = [
  {
    id: 'interp',
    label: 'interpolation (factorized, λ → 0⁺)',
    compute: ({ freeConvolution, law, noise, T }) => interpolationThreshold(freeConvolution, law, noise, T),
  },
  {
    id: 'perfect',
    label: 'perfect recovery (factorized, Δ = 0)',
    compute: ({ law, T }) => perfectRecoveryThreshold(rankFraction(law), T),
  },
  { id: 'bayes', label: 'Bayes-optimal recovery', compute: ({ law, T }) => bayesOptimalThreshold(rankFraction(law), T) },
  { id: 'direct', label: 'perfect recovery (direct)', compute: ({ T }) => directRecoveryThreshold(T) },
];

/** rank(S₀)/d: the mass of the law away from 0. */
export function rankFraction(law: SpectralLaw): number {
  let zeroMass = 0;
  law.atoms.positions.forEach((a, i) => {
    if (Math.abs(a) <= 1e-12) zeroMass += law.atoms.weights[i];
  });
  return 1 - zeroMass;
}
