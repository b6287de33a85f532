import { requireInteger, requireNumber, requireOneOf, type TheoryProblem } from '@attention-hd/core';

export type ChannelChoice = 'softmax' | 'identity';

export interface ValidatedProblem extends TheoryProblem {
  readonly channel: ChannelChoice;
}

/**
 * The largest α the solvers accept: by α = 10⁴ the fixed point is the n → ∞ one to 1e-6 (measured:
 * e_test 0.074849 at 10⁴, 0.074846 at 10⁶ and 10⁸ for Fig. 1's setting), and far beyond, α d²
 * overflows every n a simulation could have while the hats overflow double precision.
 */
export const ALPHA_MAX = 1e6;

/** Checks a problem at the API edge; every message names the parameter and its allowed range. */
export function validateProblem(problem: TheoryProblem & { channel?: ChannelChoice }): ValidatedProblem {
  requireNumber('alpha', problem.alpha, { min: 0, minExclusive: true, max: ALPHA_MAX });
  requireNumber('lambdaTilde', problem.lambdaTilde, { min: 0 });
  requireNumber('noise', problem.noise, { min: 0 });
  const channel = requireOneOf('channel', problem.channel ?? 'softmax', ['softmax', 'identity']);
  requireInteger('T', problem.T, channel === 'softmax' ? { min: 2, max: 12 } : { min: 1, max: 12 });
  requireNumber('beta', problem.beta, { min: 0, minExclusive: true });
  requireNumber('beta0', problem.beta0, { min: 0, minExclusive: true });
  requireNumber('kappa', problem.kappa, { min: 0, minExclusive: true, max: 1 });
  if (problem.target.finiteDimensional) requireInteger('d', problem.d, { min: 1 });
  return { ...problem, channel };
}
