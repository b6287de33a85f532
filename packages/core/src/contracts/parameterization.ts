import type { ServiceIdentifier } from 'inversify';
import type { Rng } from '../random/rng.js';
import type { ScoreForm } from './score-form.js';

/** Student size: embedding dimension d and width p (κ = p/d; p = d where the width is not free). */
export interface ModelShape {
  readonly d: number;
  readonly p: number;
}

/**
 * Extension point: an architecture — how the student's S is parameterized and penalized
 * (docs/theory.md §2.4–2.7). θ is the flat vector of trainable numbers. A parameterization owns its
 * model: the trainer and every compute backend reach it only through these methods (the backends
 * through `scoreForm`), so a new architecture is a new plugin and nothing else.
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
  /**
   * a θ with S(θ) = S where the parameterization can represent S (else null), for solvers that work
   * on S directly (GAMP); optional
   */
  fromS?(S: Float64Array, shape: ModelShape): Float64Array | null;
  /** the penalty term of L(θ) (not divided by d²) */
  penalty(theta: Float64Array, shape: ModelShape, lambda: number): number;
  /** adds ∂penalty/∂θ to `out` */
  addPenaltyGradient(theta: Float64Array, shape: ModelShape, lambda: number, out: Float64Array): void;
  /**
   * h(S(θ)) for n samples: X is [n, T, d] row-major, the result [n, T, T] with
   * h_ab = (x_aᵀ S x_b − δ_ab Tr S)/√d.
   */
  preActivations(X: Float64Array, n: number, T: number, theta: Float64Array, shape: ModelShape): Float64Array;
  /** how the compute backends form the scores and map ∂loss/∂S back to θ (see ScoreForm) */
  scoreForm(shape: ModelShape): ScoreForm;
  /** whether S(θ) is symmetric (the spectra of Ŝ are then eigenvalues, else singular values) */
  readonly symmetric: boolean;
}

export const Parameterization = Symbol.for('@attention-hd/core:Parameterization') as ServiceIdentifier<Parameterization>;
