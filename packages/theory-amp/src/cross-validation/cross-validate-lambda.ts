import { type CrossValidatedResult, goldenSectionSearch, type TheoryPoint, type TheoryResult } from '@attention-hd/core';
import type { CurveContext, StateEvolutionSolver } from '../solvers/state-evolution-solver.js';

export interface CrossValidationOptions {
  /** search interval for λ̃ (default [1e-6, 1]) */
  readonly lambdaRange?: readonly [number, number];
  /** points of the initial log-spaced scan (default 13) */
  readonly gridPoints?: number;
  /** stop the golden-section refinement when the bracket is this narrow in log₁₀ λ̃ (default 0.01) */
  readonly logTolerance?: number;
}

export type CrossValidationResult = CrossValidatedResult;

/**
 * The cross-validated λ̃ of docs/theory.md §7 in the theory: the minimum over λ̃ of the SE test error at fixed
 * α — a log-spaced scan (warm-started from large λ̃ down), then golden-section search on log λ̃
 * around the best scan point. The channel nodes are shared, so e_test is a smooth function of λ̃.
 */
export function crossValidateLambda(
  solver: StateEvolutionSolver,
  context: CurveContext,
  alpha: number,
  options: CrossValidationOptions = {},
): CrossValidationResult {
  const [lo, hi] = options.lambdaRange ?? [1e-6, 1];
  const gridPoints = options.gridPoints ?? 13;
  const tolerance = options.logTolerance ?? 0.01;
  const evaluations: { lambdaTilde: number; testError: number; status: string }[] = [];
  const results = new Map<number, TheoryResult>();
  let scanning = true;
  let warm: TheoryPoint | undefined;
  const evaluate = (logLambda: number): number => {
    const lambdaTilde = 10 ** logLambda;
    const at = { ...context, problem: { ...context.problem, lambdaTilde } };
    // the scan continues from the previous λ̃; the refinement from the nearest converged λ̃ (the last
    // scan point, λ̃ = 1e-6, is a poor start there: at α = 0.05 every refinement point went to NaN)
    const start = scanning ? warm : nearestConverged(results, logLambda);
    let result = solver.solvePoint(at, alpha, start);
    if (result.status !== 'converged' && start !== undefined) {
      // a warm start can lead off the branch: retry from the solver's own cold starts
      const cold = solver.solvePoint(at, alpha, undefined);
      if (cold.status === 'converged') result = cold;
    }
    const value = result.status === 'converged' ? result.point.testError : Number.POSITIVE_INFINITY;
    if (result.status === 'converged') warm = result.point;
    evaluations.push({ lambdaTilde, testError: result.point.testError, status: result.status });
    results.set(logLambda, result);
    return value;
  };
  const logs = Array.from(
    { length: gridPoints },
    (_, i) => Math.log10(hi) - ((Math.log10(hi) - Math.log10(lo)) * i) / (gridPoints - 1),
  );
  const values = logs.map(evaluate);
  scanning = false;
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  // golden section on [log λ̃ of the neighbours of the best scan point]; every evaluation is kept
  goldenSectionSearch(evaluate, logs[Math.min(best + 1, logs.length - 1)], logs[Math.max(best - 1, 0)], tolerance);
  let bestLog = Number.NaN;
  let bestValue = Number.POSITIVE_INFINITY;
  for (const [log, result] of results) {
    if (result.status === 'converged' && result.point.testError < bestValue) {
      bestValue = result.point.testError;
      bestLog = log;
    }
  }
  const result = results.get(bestLog) ?? [...results.values()][0];
  return { lambdaTildeOptimal: 10 ** bestLog, testError: bestValue, result, evaluations };
}

/** The converged fixed point at the λ̃ nearest (in log λ̃) to `logLambda`, if any. */
function nearestConverged(results: ReadonlyMap<number, TheoryResult>, logLambda: number): TheoryPoint | undefined {
  let best: TheoryPoint | undefined;
  let distance = Number.POSITIVE_INFINITY;
  for (const [log, result] of results) {
    if (result.status === 'converged' && Math.abs(log - logLambda) < distance) {
      distance = Math.abs(log - logLambda);
      best = result.point;
    }
  }
  return best;
}
