import type { ServiceIdentifier } from 'inversify';
import type { SolverStatus, SolverStatusCode } from '../numerics/solver-status.js';
import type { TargetModel } from './target.js';

/** One point of the high-dimensional limit: the paper's parameters (docs/theory.md §1). */
export interface TheoryProblem {
  readonly target: TargetModel;
  /** embedding dimension, needed only by finite-d laws (the power law) */
  readonly d?: number;
  /** α = n/d² */
  readonly alpha: number;
  /** λ̃ = √κ λ; 0 means the λ → 0⁺ limit */
  readonly lambdaTilde: number;
  /** Δ, the label-noise variance */
  readonly noise: number;
  /** T, the number of tokens */
  readonly T: number;
  /** β, β₀: student and target inverse temperatures */
  readonly beta: number;
  readonly beta0: number;
  /** κ = p/d of the student (the factorized claim needs κ ≥ the rank fraction) */
  readonly kappa: number;
}

/** The order parameters and observables at a fixed point (docs/theory.md §3.3–3.5). */
export interface TheoryPoint {
  readonly alpha: number;
  readonly q: number;
  readonly m: number;
  readonly sigma: number;
  readonly qHat: number;
  readonly mHat: number;
  readonly sigmaHat: number;
  /** δ = √q̂/m̂, ε = 2λ̃/m̂, η = m̂/Σ̂ */
  readonly delta: number;
  readonly epsilon: number;
  readonly eta: number;
  readonly testError: number;
  /** Monte-Carlo standard error of testError */
  readonly testErrorStdErr: number;
  /** Φ at the fixed point = lim L/d², penalty included */
  readonly trainLoss: number;
  /** ‖Ŝ − S₀‖²_F/d = Q₀ − 2m + q */
  readonly mseS: number;
  /** rank(Ŝ)/d = 1 − F_δ(ε) */
  readonly rankFraction: number;
  /** false when κ < rankFraction and the untruncated claim does not apply */
  readonly valid: boolean;
}

export interface TheoryOptions {
  /** Monte-Carlo samples for the output channel (given: fixed; absent: chosen by `mcError` where the solver can) */
  readonly samples?: number;
  /**
   * the relative Monte-Carlo standard error of e_test to reach when `samples` is absent (a solver
   * that adapts its node count says so in its docs; default 0.003)
   */
  readonly mcError?: number;
  readonly seed?: number;
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** a nearby fixed point to start from (continuation along a grid) */
  readonly warmStart?: TheoryPoint;
  /** one of the solver's `variants` (e.g. a penalty convention); default: its first */
  readonly variant?: string;
  /**
   * threads the solver may use (a solver that uses several says so in its docs; the numbers must
   * not depend on it); default: the solver's choice
   */
  readonly threads?: number;
  /**
   * how a solver whose equations can have several fixed points looks for them: 'starts' (its own
   * initialisations, the default), 'both-sides' (also continuation in α from below and from
   * above, several times the cost) or 'auto' (both sides only where the solver sees a sign that
   * its equations may have several solutions, e.g. a non-convex per-sample problem); a solver that
   * searches says how in its docs
   */
  readonly branchSearch?: 'starts' | 'both-sides' | 'auto';
}

/** The test error of an estimator, with its Monte-Carlo standard error. */
export interface TestErrorEstimate {
  readonly value: number;
  readonly standardError: number;
}

/** λ̃ chosen by minimising the predicted test error at fixed α (docs/theory.md §7). */
export interface CrossValidatedResult {
  readonly lambdaTildeOptimal: number;
  readonly testError: number;
  /** the fixed point at the optimal λ̃ */
  readonly result: TheoryResult;
  /** every (λ̃, e_test) evaluated, in order */
  readonly evaluations: readonly { readonly lambdaTilde: number; readonly testError: number; readonly status: string }[];
}

export interface TheoryResult extends SolverStatus {
  /** the fixed point; every field but alpha is NaN unless status is 'converged' */
  readonly point: TheoryPoint;
  /** the last iterate when status is not 'converged' (for diagnosis, not a result) */
  readonly lastIterate?: TheoryPoint;
  readonly seconds: number;
  /**
   * Monte Carlo standard errors of what the point reports (keys: q, m, sigma, mseS, testError and
   * the hats qHat, mHat, sigmaHat), where the solver integrates by MC; absent otherwise
   */
  readonly monteCarloErrors?: Readonly<Record<string, number>>;
  /**
   * every fixed point the solver found where there is more than one candidate, the selected one
   * included, and the rule's score of each (a solver that reports branches says which rule in its docs)
   */
  readonly branches?: readonly TheoryBranch[];
  /** the channel nodes the point was integrated on, where the solver chose them (TheoryOptions.mcError) */
  readonly samples?: number;
  /**
   * at the fixed point, on `nodes` channel nodes: how many have a per-sample problem with two local
   * minima (fresh starts from z and from the label point end apart), where the solver checks; more
   * than none means a non-convex channel, where the SE may have other fixed points
   */
  readonly proximalMinima?: { readonly twoMinima: number; readonly nodes: number };
}

/** One fixed point of a state evolution with several (TheoryResult.branches). */
export interface TheoryBranch {
  readonly q: number;
  readonly mseS: number;
  readonly testError: number;
  /** the selection rule's score relative to the selected branch (0 for it; lower is preferred) */
  readonly potential: number;
  /**
   * Φ at this fixed point, where the rule scores by it (the ERM's lim L(Ŵ)/d², penalty included:
   * `potential` is then Φ − Φ of the selected branch)
   */
  readonly phi?: number;
  /** a fixed point the iteration can converge to (an attracting one) */
  readonly stable: boolean;
  readonly selected: boolean;
}

/** A draw of an SE's estimator at finite d, in the target's eigenbasis (docs/theory.md §5.4). */
export interface EstimatorSample {
  /** the target's eigenvalues s_i (S₀ = diag(s) in this basis) */
  readonly s: Float64Array;
  /** Ŝ, d×d row-major, in the same basis */
  readonly estimator: Float64Array;
}

/** Options of TheorySolver.solveExactLaw. */
export interface ExactLawSolveOptions {
  /** GOE draws of the estimator (the prior side's Monte Carlo; default 4) */
  readonly draws?: number;
  /** token sequences per draw in the output channel (default 20 000) */
  readonly samples?: number;
  /** token sequences per draw for the test error at the fixed point (default 200 000) */
  readonly testSamples?: number;
  readonly seed?: number;
}

/** A fixed point of the state evolution whose output channel uses the exact token law at finite d. */
export interface ExactLawSolution {
  readonly status: SolverStatusCode;
  readonly iterations: number;
  readonly residual: number;
  readonly reason: string;
  /** ‖Ŝ‖²_F/d and ⟨S₀, Ŝ⟩/d averaged over the draws, and Q₀ − 2m + q */
  readonly q: number;
  readonly m: number;
  readonly mseS: number;
  /** e_test under the exact law, with its standard error (Monte Carlo and the draws' spread) */
  readonly testError: number;
  readonly testErrorStdErr: number;
  /** K, the modes whose token sums are drawn exactly, and the Lindeberg ratio of the rest */
  readonly modes: number;
  readonly lindebergRatio: number;
  readonly draws: number;
  readonly samplesPerDraw: number;
  /** m̂_i/m̂ of the K explicit modes against the Gaussian rest's (1 for a Gaussian law), largest first */
  readonly mHatRatios: readonly number[];
  /** Ŝ_ii/s_i of the explicit modes, averaged over the draws */
  readonly modeRecovery: readonly number[];
}

/** Extension point: a solver of the state evolution for one parameterization. */
/** One iterate of a state evolution run as an iteration (q, m, Σ after `iteration` steps). */
export interface TrajectoryPoint {
  readonly iteration: number;
  readonly q: number;
  readonly m: number;
  readonly sigma: number;
  /** Q₀ − 2m + q */
  readonly mseS: number;
}

export interface TheorySolver {
  readonly id: string;
  /**
   * the Parameterization id whose ERM this solver predicts; absent for a solver that predicts no
   * trained model (the Bayes-optimal bound, which every estimator is measured against)
   */
  readonly parameterization?: string;
  readonly description: string;
  /** the values `TheoryOptions.variant` may take, the default first (empty: none) */
  readonly variants: readonly string[];
  solve(problem: TheoryProblem, options?: TheoryOptions): Promise<TheoryResult>;
  /** warm-started along `alphas` (in the given order) */
  solveCurve(
    problem: Omit<TheoryProblem, 'alpha'>,
    alphas: readonly number[],
    options?: TheoryOptions,
    onPoint?: (result: TheoryResult, index: number) => void,
  ): Promise<TheoryResult[]>;
  /** the fixed point at the λ̃ that minimises e_test at this α (problem.lambdaTilde is ignored) */
  crossValidate(problem: TheoryProblem, options?: TheoryOptions): Promise<CrossValidatedResult>;
  /**
   * e_test of an estimator with overlaps (q, m) under this solver's output channel at `problem`
   * (α and λ̃ do not enter): one channel set-up, then cheap evaluations
   */
  testErrorEstimator(problem: TheoryProblem, options?: TheoryOptions): (q: number, m: number) => TestErrorEstimate;
  /**
   * the state evolution run as an undamped iteration from (q, m, Σ) = `start`, `iterations` steps:
   * the per-iteration overlaps of the algorithm it tracks (GAMP); shorter if the map leaves its
   * domain. Absent for a solver with no such map.
   */
  trajectory?(
    problem: TheoryProblem,
    start: { readonly q: number; readonly m: number; readonly sigma: number },
    iterations: number,
    options?: TheoryOptions,
  ): Promise<readonly TrajectoryPoint[]>;
  /**
   * `draws` draws of the estimator the fixed point `point` describes at the problem's finite d
   * (Ŝ = η f(S₀ + δZ), Z GOE), for errors under the exact data law rather than the Gaussian channel.
   * Absent for a solver with no estimator (a bound). Same seed, same draws.
   */
  sampleEstimators?(problem: TheoryProblem, point: TheoryPoint, draws: number, seed: number): readonly EstimatorSample[];
  /**
   * the state evolution re-solved with the output channel under the exact token law at the problem's
   * finite d (per-mode hats along the target's top modes), from the Gaussian channel's fixed point
   * `point` (docs/theory.md §5.4). Absent where the solver has no such state evolution; the exact law
   * then gives the test error of `sampleEstimators`' draws only.
   */
  solveExactLaw?(problem: TheoryProblem, point: TheoryPoint, options?: ExactLawSolveOptions): ExactLawSolution;
  /** throws the ParameterError solveExactLaw would throw for `problem`, before any work (with solveExactLaw) */
  checkExactLaw?(problem: TheoryProblem): void;
}

export const TheorySolver = Symbol.for('@attention-hd/core:TheorySolver') as ServiceIdentifier<TheorySolver>;
