import type { ChannelAverage, ChannelOverlaps } from './channel-average.js';
import type { GaussianRule } from './gaussian-rule.js';
import type { TestErrorEstimate } from './test-error.js';

/**
 * The output side of the SE on fixed integration nodes: the hats and Moreau envelope at given
 * overlaps, and the test error of Claim 3.1 on the same pair law. Two implementations: the generic
 * one (any T, softmax or identity) and the closed-form two-token one (T = 2 softmax).
 */
export interface ChannelIntegrator {
  readonly rule: GaussianRule;
  average(overlaps: ChannelOverlaps): ChannelAverage;
  testError(q: number, m: number): TestErrorEstimate;
  /** forget the nodes' proximal warm starts (a cold start) */
  resetWarmStarts(): void;
  /** average over the first `replicates` replicates of the rule only (all by default) */
  useReplicates(replicates: number): void;
  /**
   * At these overlaps, on the first `maxNodes` active nodes: the per-sample proximal problem solved
   * afresh from z and from the label point (no warm starts, which are left as they are), and how
   * many nodes end in two distinct local minima — where the problem is not convex (docs/theory.md §3.4).
   */
  proximalMinima(overlaps: { q: number; m: number; sigma: number }, maxNodes: number): ProximalMinima;
}

export interface ProximalMinima {
  /** nodes where the two starts converge to distinct minima */
  readonly twoMinima: number;
  /** nodes looked at */
  readonly nodes: number;
}

/** two proximal solutions farther apart than this (relative, max-norm) are distinct minima */
export const DISTINCT_MINIMA = 1e-6;
