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
}
