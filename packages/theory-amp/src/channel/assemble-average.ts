import type { ChannelAverage } from './channel-average.js';
import type { GaussianRule } from './gaussian-rule.js';
import { ruleStandardError } from './rule-error.js';

/** Per-node contributions (NaN in `qHat` marks a node left out). */
export interface PerNodeChannelValues {
  /** (2α/Σ²)‖p − z‖² */
  readonly qHat: Float64Array;
  /** the node's m̂ estimate (see hat-estimators) */
  readonly mHat: Float64Array;
  /** the node's Σ̂ estimate */
  readonly sigmaHat: Float64Array;
  /** ‖p − z‖²/(2Σ) + g(p) */
  readonly moreau: Float64Array;
}

/** Zeroed per-node arrays; `shared`: on SharedArrayBuffers, for the channel's worker threads. */
export function createPerNodeValues(count: number, shared = false): PerNodeChannelValues {
  const array = () => (shared ? new Float64Array(new SharedArrayBuffer(count * 8)) : new Float64Array(count));
  return { qHat: array(), mHat: array(), sigmaHat: array(), moreau: array() };
}

/**
 * The hats as weighted means of per-node contributions over the first `active` nodes, with their
 * integration errors and the per-replicate hats used for error propagation. Shared by every channel
 * implementation.
 */
export function assembleAverage(options: {
  rule: GaussianRule;
  active: number;
  values: PerNodeChannelValues;
  unconverged: number;
}): ChannelAverage {
  const { rule, active, values, unconverged } = options;
  const arrays = [values.qHat, values.mHat, values.sigmaHat, values.moreau];
  const means = [0, 0, 0, 0];
  let weight = 0;
  for (let s = 0; s < active; s++) {
    if (Number.isNaN(values.qHat[s])) continue;
    const w = rule.weights[s];
    weight += w;
    for (let k = 0; k < 4; k++) means[k] += w * arrays[k][s];
  }
  for (let k = 0; k < 4; k++) means[k] /= weight;
  // Nodes left out take the mean, so the replicate spread is not distorted by them.
  for (let s = 0; s < active; s++) {
    if (Number.isNaN(values.qHat[s])) for (let k = 0; k < 4; k++) arrays[k][s] = means[k];
  }
  return {
    qHat: means[0],
    mHat: means[1],
    sigmaHat: means[2],
    moreau: means[3],
    standardErrors: {
      qHat: ruleStandardError(rule, values.qHat, active),
      mHat: ruleStandardError(rule, values.mHat, active),
      sigmaHat: ruleStandardError(rule, values.sigmaHat, active),
    },
    unconverged,
    replicateHats: replicateHats(rule, active, values),
    replicateMoreau: replicateMeans(rule, active, values.moreau),
  };
}

/** M of each replicate alone (R); null for a deterministic rule. */
function replicateMeans(rule: GaussianRule, active: number, values: Float64Array): Float64Array | null {
  if (rule.kind === 'gauss-hermite') return null;
  const perReplicate = rule.kind === 'monte-carlo' ? Math.max(1, Math.floor(active / 16)) : rule.count / rule.replicates;
  const R = Math.floor(active / perReplicate);
  const out = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let sum = 0;
    for (let i = r * perReplicate; i < (r + 1) * perReplicate; i++) sum += values[i];
    out[r] = sum / perReplicate;
  }
  return out;
}

/** (q̂, m̂, Σ̂) of each replicate alone (R × 3); null for a deterministic rule. */
function replicateHats(rule: GaussianRule, active: number, values: PerNodeChannelValues): Float64Array | null {
  if (rule.kind === 'gauss-hermite') return null;
  const perReplicate = rule.kind === 'monte-carlo' ? Math.max(1, Math.floor(active / 16)) : rule.count / rule.replicates;
  const R = Math.floor(active / perReplicate);
  const out = new Float64Array(R * 3);
  const arrays = [values.qHat, values.mHat, values.sigmaHat];
  for (let r = 0; r < R; r++) {
    for (let k = 0; k < 3; k++) {
      let sum = 0;
      for (let i = r * perReplicate; i < (r + 1) * perReplicate; i++) sum += arrays[k][i];
      out[r * 3 + k] = sum / perReplicate;
    }
  }
  return out;
}
