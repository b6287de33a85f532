import {
  goldenSectionSearch,
  type TestErrorEstimate,
  type TheoryOptions,
  type TheoryProblem,
  type TheorySolver,
} from '@attention-hd/core';

export interface AsymptoticTestError extends TestErrorEstimate {
  /** c∞: Ŝ → c∞ S₀ as n → ∞ (q = c∞²Q₀, m = c∞Q₀) */
  readonly scale: number;
  /** e_test at Ŝ = S₀ (q = m = Q₀), ≥ value */
  readonly atTarget: number;
}

/**
 * e∞, the n → ∞ limit of e_test at any λ with λd²/n → 0: the ERM then minimises the population
 * loss, which for the square loss on noisy softmax labels is e_test itself. Over estimators aligned
 * with S₀ (q = c²Q₀, m = cQ₀; misalignment only adds error) the minimiser is c∞ < 1 when Δ > 0:
 * a softmax of noisy pre-activations is best fitted by a damped one. So e∞ is below e_test(S₀), and
 * e_test − e_test(S₀) would turn negative at large n; the excess of the scaling laws is e_test − e∞.
 * Golden-section search over c ∈ [0, 2] on the solver's own channel nodes (same samples and seed as
 * the SE, so the excess carries no independent integration noise).
 */
export function asymptoticTestError(
  solver: TheorySolver,
  problem: TheoryProblem,
  options: TheoryOptions = {},
): AsymptoticTestError {
  const estimate = solver.testErrorEstimator(problem, options);
  const q0 = problem.target.spectralLaw(problem.d).moment(2);
  const at = (c: number) => estimate(c * c * q0, c * q0);
  const scale = goldenSectionSearch((c) => at(c).value, 0, 2, 1e-10).x;
  return { ...at(scale), scale, atTarget: at(1).value };
}
