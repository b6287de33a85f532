import { requireInteger } from '@attention-hd/core';
import { activeDirections } from '../channel/active-directions.js';
import type { ChannelIntegrator } from '../channel/channel-integrator.js';
import { createChannelNodes } from '../channel/channel-nodes.js';
import { ChannelThreads, defaultChannelThreads } from '../channel/channel-threads.js';
import { createOutput } from '../channel/create-output.js';
import { FlatSymmetric } from '../channel/flat-symmetric.js';
import { type GaussianRule, monteCarloRule, productGaussHermite, sobolRule } from '../channel/gaussian-rule.js';
import { GenericChannel } from '../channel/generic-channel.js';
import type { HatForms } from '../channel/hat-estimators.js';
import type { ProximalBranch } from '../channel/proximal-branch.js';
import { SOBOL_MAX_DIMS } from '../channel/sobol-sequence.js';
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
  /**
   * threads that share the generic channel's per-node solves (T ≥ 3 softmax, identity T ≥ 2), from
   * TheoryOptions.threads; default defaultChannelThreads(). The numbers do not depend on it.
   */
  readonly threads?: number;
}

/** Below this many nodes a generic channel stays on one thread (a worker costs more than it saves). */
const PARALLEL_NODES = 4096;

/**
 * The integration rule and channel for a problem. On the r active directions the channel is a
 * 2r-dimensional Gaussian integral: randomized quasi-Monte Carlo (digitally shifted Sobol', 16
 * replicates) up to 64 dimensions (T ≤ 7), plain Monte Carlo beyond. The identity channel is a polynomial integrand:
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
  else if (dims <= SOBOL_MAX_DIMS) rule = sobolRule(dims, samples, seed);
  else rule = monteCarloRule(dims, samples, seed);
  if (softmax && problem.T === 2 && !options.generic) {
    return new TwoTokenChannel(rule, q0, problem.noise, problem.beta, problem.beta0, options.branch, options.hatForms);
  }
  const student = createOutput(problem.channel, flat, problem.beta);
  const label = createOutput(problem.channel, flat, problem.beta0);
  const asked =
    options.threads === undefined ? defaultChannelThreads() : requireInteger('threads', options.threads, { min: 1, max: 256 });
  const threads = rule.count >= PARALLEL_NODES ? asked : 1;
  if (threads > 1) ChannelThreads.get(threads - 1); // the workers start while the labels are computed
  const nodes = createChannelNodes({ rule, basis, rank, q0, noise: problem.noise, labelOutput: label, shared: threads > 1 });
  return new GenericChannel(
    nodes,
    student,
    softmax ? problem.beta0 / problem.beta : 1,
    !softmax,
    options.branch,
    options.hatForms,
    { threads, kind: problem.channel, beta: problem.beta },
  );
}
