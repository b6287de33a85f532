import type { ServiceIdentifier } from 'inversify';
import type { SolverStatus } from '../numerics/solver-status.js';
import type { TargetModel } from './target.js';

/** One point of the high-dimensional limit: the paper's parameters (THEORY §1). */
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

/** The order parameters and observables at a fixed point (THEORY §3.3–3.5). */
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
  /** Monte-Carlo samples for the output channel */
  readonly samples?: number;
  readonly seed?: number;
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** a nearby fixed point to start from (continuation along a grid) */
  readonly warmStart?: TheoryPoint;
}

export interface TheoryResult extends SolverStatus {
  /** the fixed point; every field but alpha is NaN unless status is 'converged' */
  readonly point: TheoryPoint;
  /** the last iterate when status is not 'converged' (for diagnosis, not a result) */
  readonly lastIterate?: TheoryPoint;
  readonly seconds: number;
}

/** Extension point: a solver of the state evolution for one parameterization. */
export interface TheorySolver {
  readonly id: string;
  /** the Parameterization id whose ERM this solver describes */
  readonly parameterization: string;
  readonly description: string;
  solve(problem: TheoryProblem, options?: TheoryOptions): Promise<TheoryResult>;
  /** warm-started along `alphas` (in the given order) */
  solveCurve(
    problem: Omit<TheoryProblem, 'alpha'>,
    alphas: readonly number[],
    options?: TheoryOptions,
    onPoint?: (result: TheoryResult, index: number) => void,
  ): Promise<TheoryResult[]>;
}

export const TheorySolver = Symbol.for('@attention-hd/core:TheorySolver') as ServiceIdentifier<TheorySolver>;
