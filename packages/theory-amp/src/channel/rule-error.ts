import type { GaussianRule } from './gaussian-rule.js';

/**
 * The integration error of Σ wᵢ fᵢ for a rule: the standard error of the mean for Monte Carlo, the
 * standard deviation of the replicate means over √R for randomized quasi-Monte Carlo, and 0 for a
 * Gauss–Hermite rule (used only where it is exact). `count`: the first nodes only (whole replicates).
 */
export function ruleStandardError(rule: GaussianRule, values: Float64Array, count = rule.count): number {
  if (rule.kind === 'gauss-hermite') return 0;
  const perReplicate = rule.count / rule.replicates;
  const R = Math.floor(count / perReplicate);
  let sum = 0;
  let sum2 = 0;
  for (let r = 0; r < R; r++) {
    let mean = 0;
    for (let i = r * perReplicate; i < (r + 1) * perReplicate; i++) mean += values[i];
    mean /= perReplicate;
    sum += mean;
    sum2 += mean * mean;
  }
  const mean = sum / R;
  return Math.sqrt(Math.max(0, sum2 / R - mean * mean) / (R - 1 || 1));
}
