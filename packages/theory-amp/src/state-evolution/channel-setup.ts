import { activeDirections } from '../channel/active-directions.js';
import type { ChannelIntegrator } from '../channel/channel-integrator.js';
import { createChannelNodes } from '../channel/channel-nodes.js';
import { createOutput } from '../channel/create-output.js';
import { FlatSymmetric } from '../channel/flat-symmetric.js';
import { type GaussianRule, haltonRule, monteCarloRule, productGaussHermite } from '../channel/gaussian-rule.js';
import { GenericChannel } from '../channel/generic-channel.js';
import type { HatForms } from '../channel/hat-estimators.js';
import type { ProximalBranch } from '../channel/proximal-branch.js';
import { TwoTokenChannel } from '../channel/two-token-channel.js';
import type { ValidatedProblem } from './validate-problem.js';

export interface ChannelOptions {
  /** integration nodes (default 65536; the identity channel at T = 1 uses an exact rule) */
  readonly samples?: number;
  readonly seed?: number;
  /** force the generic implementation even where a closed-form one exists (for cross-checks) */
  readonly generic?: boolean;
  /** the proximal branch in the non-convex regime (default 'label', the paper's) */
  readonly branch?: ProximalBranch;
  /** how m̂ and Σ̂ are estimated per node (hat-estimators.ts; default 'auto') */
  readonly hatForms?: HatForms;
}

/**
 * The integration rule and channel for a problem. On the r active directions the channel is a
 * 2r-dimensional Gaussian integral: randomized quasi-Monte Carlo (shifted Halton, 16 replicates)
 * up to 12 dimensions, plain Monte Carlo beyond. The identity channel is a polynomial integrand:
 * a 6-point Gauss–Hermite product rule is exact (docs/theory.md §3.7's closed form to round-off). The T = 2
 * softmax uses the closed-form two-token channel.
 */
export function setUpChannel(problem: ValidatedProblem, q0: number, options: ChannelOptions = {}): ChannelIntegrator {
  const flat = new FlatSymmetric(problem.T);
  const softmax = problem.channel === 'softmax';
  const { basis, rank } = activeDirections(flat, softmax);
  const dims = 2 * rank;
  const seed = options.seed ?? 1;
  const samples = options.samples ?? 65536;
  let rule: GaussianRule;
  if (!softmax && dims <= 4) rule = productGaussHermite(dims, 6);
  else if (dims <= 12) rule = haltonRule(dims, samples, seed);
  else rule = monteCarloRule(dims, samples, seed);
  if (softmax && problem.T === 2 && !options.generic) {
    return new TwoTokenChannel(rule, q0, problem.noise, problem.beta, problem.beta0, options.branch, options.hatForms);
  }
  const student = createOutput(problem.channel, flat, problem.beta);
  const label = createOutput(problem.channel, flat, problem.beta0);
  const nodes = createChannelNodes({ rule, basis, rank, q0, noise: problem.noise, labelOutput: label });
  return new GenericChannel(
    nodes,
    student,
    softmax ? problem.beta0 / problem.beta : 1,
    !softmax,
    options.branch,
    options.hatForms,
  );
}
