import {
  type ExactLawSolution,
  goldenSectionSearch,
  ParameterError,
  requireInteger,
  type TheoryPoint,
  type TheoryProblem,
  type TheorySolver,
} from '@attention-hd/core';
import { typicalTargetEigenvalues } from '../state-evolution/finite-d-target.js';
import type { ChannelChoice } from '../state-evolution/validate-problem.js';
import { type ExactLawOptions, type ExactLawTestError, exactLawTestError } from './exact-law-test-error.js';

export interface ExactLawAtPointOptions extends ExactLawOptions {
  /** GOE draws of the estimator (default 4); `samples` sequences per draw */
  readonly draws?: number;
}

export interface ExactLawAtPoint extends ExactLawTestError {
  readonly draws: number;
}

type Problem = TheoryProblem & { channel?: ChannelChoice };

/**
 * e_test of an SE fixed point's estimator under the exact data law (docs/theory.md §5.4): the mean over
 * `draws` GOE draws of Ŝ = η f(S₀ + δZ) of exactLawTestError. Its standard error is the larger of the
 * Monte Carlo one and the spread of the draws' means over √draws (the estimator's own finite-d
 * fluctuation).
 */
export function exactLawTestErrorAt(
  solver: TheorySolver,
  problem: Problem,
  point: TheoryPoint,
  options: ExactLawAtPointOptions = {},
): ExactLawAtPoint {
  if (solver.sampleEstimators === undefined) {
    throw new ParameterError('channelLaw', 'exact', `'gaussian' for the ${solver.id} solver (it has no estimator to sample)`);
  }
  const draws = requireInteger('draws', options.draws ?? 4, { min: 1, max: 1000 });
  const seed = options.seed ?? 1;
  const samples = solver.sampleEstimators(problem, point, draws, seed);
  const results = samples.map(({ s, estimator }, j) =>
    exactLawTestError(
      { s, estimator, T: problem.T, beta: problem.beta, beta0: problem.beta0, noise: problem.noise, channel: problem.channel },
      { ...options, seed: seed + 1000 * j },
    ),
  );
  const mean = results.reduce((a, r) => a + r.value, 0) / draws;
  const monteCarlo = Math.sqrt(results.reduce((a, r) => a + r.standardError ** 2, 0)) / draws;
  const spread = draws > 1 ? Math.sqrt(results.reduce((a, r) => a + (r.value - mean) ** 2, 0) / (draws - 1) / draws) : 0;
  return {
    value: mean,
    standardError: Math.max(monteCarlo, spread),
    modes: results[0].modes,
    lindebergRatio: results[0].lindebergRatio,
    draws,
  };
}

export interface ExactLawAtOptions extends ExactLawAtPointOptions {
  /** token sequences per draw in the exact-law SE's output channel (default 20 000) */
  readonly channelSamples?: number;
}

export interface ExactLaw extends ExactLawAtPoint {
  /**
   * true: the fixed point itself re-solved under the exact law (the solver's solveExactLaw; value is
   * its e_test); false: the Gaussian fixed point's estimator evaluated under it (a solver without one)
   */
  readonly trainingSide: boolean;
  /** the exact-law fixed point, when trainingSide */
  readonly solution?: ExactLawSolution;
}

/**
 * The exact token law at an SE fixed point (docs/theory.md §5.4): the exact-law state evolution where the
 * solver has one (the training side moves too), else the test error of the point's estimator draws
 * under the exact law.
 */
export function exactLawAt(
  solver: TheorySolver,
  problem: Problem,
  point: TheoryPoint,
  options: ExactLawAtOptions = {},
): ExactLaw {
  if (solver.solveExactLaw === undefined) return { ...exactLawTestErrorAt(solver, problem, point, options), trainingSide: false };
  const solution = solver.solveExactLaw(problem, point, {
    draws: options.draws,
    samples: options.channelSamples,
    testSamples: options.samples,
    seed: options.seed,
  });
  return {
    value: solution.testError,
    standardError: solution.testErrorStdErr,
    modes: solution.modes,
    lindebergRatio: solution.lindebergRatio,
    draws: solution.draws,
    trainingSide: true,
    solution,
  };
}

export interface ExactLawAsymptotic extends ExactLawTestError {
  /** c∞ under the exact law */
  readonly scale: number;
}

/**
 * e∞ under the exact law: the minimum over c of the exact-law e_test of Ŝ = cS₀ (the n → ∞ ERM, §5.3),
 * golden-section search with common random numbers (one seed), so the objective is smooth in c.
 */
export function exactLawAsymptoticError(problem: Problem, options: ExactLawOptions = {}): ExactLawAsymptotic {
  const d = requireInteger('d', problem.d, { min: 2 });
  const s = typicalTargetEigenvalues(problem.target.spectralLaw(d), d);
  const at = (c: number) => {
    const estimator = new Float64Array(d * d);
    for (let i = 0; i < d; i++) estimator[i * d + i] = c * s[i];
    const instance = { s, estimator, T: problem.T, beta: problem.beta, beta0: problem.beta0, noise: problem.noise };
    return exactLawTestError({ ...instance, channel: problem.channel }, options);
  };
  const scale = goldenSectionSearch((c) => at(c).value, 0, 2, 1e-4).x;
  return { ...at(scale), scale };
}
