import { ParameterError } from '@attention-hd/core';

/** The default Lindeberg threshold θ of `explicitModes` (docs/theory.md §5.4). */
export const LINDEBERG_THRESHOLD = 0.05;

/** The target's modes split into the K kept exactly and the rest integrated as a Gaussian. */
export interface ModeSplit {
  /** indices of the K explicit modes, largest |s_i| first */
  readonly explicit: readonly number[];
  /** indices of the d − K Gaussian modes */
  readonly rest: readonly number[];
  /** max_{i ∈ rest} s_i² / Σ_{i ∈ rest} s_i² (0 when the rest is empty or zero) */
  readonly lindebergRatio: number;
}

/**
 * K, the number of target modes whose token sums the exact-law channel keeps (docs/theory.md §5.4):
 * the smallest K such that no remaining mode carries more than θ of the remaining variance,
 * max_{i>K} s_i² ≤ θ Σ_{i>K} s_i² (Lindeberg's condition for the central limit of Σ_{i>K} s_i(y_ai y_bi − δ_ab)).
 * A power law s_i ∝ i^{−γ} needs K ≈ (γ-dependent constant)/θ at any d; MP targets a handful.
 */
export function explicitModes(s: Float64Array, threshold = LINDEBERG_THRESHOLD): ModeSplit {
  if (!(threshold > 0 && threshold <= 1)) throw new ParameterError('lindebergThreshold', threshold, '(0, 1]');
  const order = Array.from(s.keys()).sort((i, j) => Math.abs(s[j]) - Math.abs(s[i]));
  let restVariance = 0;
  for (const i of order) restVariance += s[i] * s[i];
  let K = 0;
  // rest = order[K…]; its largest mode is order[K]
  while (K < order.length && restVariance > 0 && s[order[K]] ** 2 > threshold * restVariance) {
    restVariance -= s[order[K]] ** 2;
    K++;
  }
  const rest = order.slice(K);
  const top = rest.length > 0 ? s[rest[0]] ** 2 : 0;
  return { explicit: order.slice(0, K), rest, lindebergRatio: restVariance > 0 ? top / restVariance : 0 };
}

/** The split with the K largest |s_i| explicit (K given). */
export function firstModes(s: Float64Array, K: number): ModeSplit {
  const order = Array.from(s.keys()).sort((i, j) => Math.abs(s[j]) - Math.abs(s[i]));
  const rest = order.slice(K);
  let restVariance = 0;
  for (const i of rest) restVariance += s[i] * s[i];
  return { explicit: order.slice(0, K), rest, lindebergRatio: restVariance > 0 ? s[rest[0]] ** 2 / restVariance : 0 };
}
