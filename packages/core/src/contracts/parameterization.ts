import type { ServiceIdentifier } from 'inversify';
import type { Rng } from '../random/rng.js';

/** Student size: d×d S (direct) or W ∈ ℝ^{d×p} (factorized, κ = p/d). */
export interface ModelShape {
  readonly d: number;
  readonly p: number;
}

/**
 * Extension point: how the student's S is parameterized and penalized (THEORY §2.4–2.5).
 * θ is the flat vector of trainable numbers (W row-major for the factorized one; the packed upper
 * triangle for the direct one).
 */
export interface Parameterization {
  readonly id: string;
  readonly description: string;
  /** shape at embedding dimension d and width ratio κ = p/d */
  shape(d: number, kappa: number): ModelShape;
  parameterCount(shape: ModelShape): number;
  /** the effective regularisation λ̃ the theory uses, from the trainer's λ */
  lambdaTilde(lambda: number, shape: ModelShape): number;
  lambdaFromTilde(lambdaTilde: number, shape: ModelShape): number;
  /** i.i.d. N(0, scale²) initial θ, as in the paper's code */
  initialParameters(shape: ModelShape, rng: Rng, scale?: number): Float64Array;
  /** the d×d matrix S(θ), row-major */
  toS(theta: Float64Array, shape: ModelShape): Float64Array;
  /** the penalty term of L(θ) (not divided by d²) */
  penalty(theta: Float64Array, shape: ModelShape, lambda: number): number;
  /** adds ∂penalty/∂θ to `out` */
  addPenaltyGradient(theta: Float64Array, shape: ModelShape, lambda: number, out: Float64Array): void;
  /**
   * h(S(θ)) for n samples: X is [n, T, d] row-major, the result [n, T, T] with
   * h_ab = (x_aᵀ S x_b − δ_ab Tr S)/√d.
   */
  preActivations(X: Float64Array, n: number, T: number, theta: Float64Array, shape: ModelShape): Float64Array;
}

export const Parameterization = Symbol.for('@attention-hd/core:Parameterization') as ServiceIdentifier<Parameterization>;
