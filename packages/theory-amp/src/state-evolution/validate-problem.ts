import { requireInteger, requireNumber, requireOneOf, type TheoryProblem } from '@attention-hd/core';

export type ChannelChoice = 'softmax' | 'identity';

export interface ValidatedProblem extends TheoryProblem {
  readonly channel: ChannelChoice;
}

/** Checks a problem at the API edge; every message names the parameter and its allowed range. */
export function validateProblem(problem: TheoryProblem & { channel?: ChannelChoice }): ValidatedProblem {
  requireNumber('alpha', problem.alpha, { min: 0, minExclusive: true });
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
