import { ParameterError, Rng, requireInteger, type TestErrorEstimate } from '@attention-hd/core';
import { type ChannelKind, createOutput } from '../channel/create-output.js';
import { ExactLawSampler, splitEstimator } from './exact-law-sampler.js';
import { explicitModes, firstModes, LINDEBERG_THRESHOLD } from './explicit-modes.js';

/** A finite-d target and an estimator, both in the target's eigenbasis (S₀ = diag(s)). */
export interface ExactLawInstance {
  /** the target's eigenvalues s_i */
  readonly s: Float64Array;
  /** Ŝ, d×d row-major, in the basis where S₀ = diag(s) */
  readonly estimator: Float64Array;
  readonly T: number;
  readonly beta: number;
  readonly beta0: number;
  /** Δ, the label-noise variance */
  readonly noise: number;
  readonly channel?: ChannelKind;
}

export interface ExactLawOptions {
  /** token sequences drawn (default 200 000) */
  readonly samples?: number;
  readonly seed?: number;
  /** θ of the mode rule (explicitModes) */
  readonly lindebergThreshold?: number;
  /** K itself instead of the rule (the largest |s_i| first) */
  readonly modes?: number;
}

export interface ExactLawTestError extends TestErrorEstimate {
  /** K, the modes whose token sums were drawn exactly */
  readonly modes: number;
  /** the rule's ratio max_{i>K} s_i²/Σ_{i>K} s_i² */
  readonly lindebergRatio: number;
}

/**
 * e_test of Ŝ under the exact law of the tokens (docs/theory.md §5.4), by Monte Carlo over sequences:
 * with y = Oᵀx ~ N(0, I_d) split into the K explicit modes A and the rest B,
 *   h⁰_ab = Σ_{i∈A} s_i(y_ai y_bi − δ_ab)/√d + t_ab,
 *   h_ab  = (y_aAᵀŜ_AA y_bA − δ_ab Tr Ŝ_AA)/√d + l_ab + r_ab,
 * where, given y_A, (t, r) is the Gaussian limit of the B-mode quadratic forms (per flat component
 * N(0, [[Q_B, m_B], [m_B, q_B]]), Q_B = Σ_B s_i²/d, m_B = Σ_B s_i Ŝ_ii/d, q_B = ‖Ŝ_BB‖²_F/d) and
 * l_ab = (v_a·y_bB + v_b·y_aB)/√d, v_a = Ŝ_BA y_aA, is exactly Gaussian with the Gram matrix
 * w = (v_a·v_b) = y_Aᵀ(Ŝ_AB Ŝ_BA)y_A. K = 0 is the Gaussian channel of §3.1 at (Q₀, m, q) of Ŝ;
 * K = d draws every token coordinate (a plain Monte Carlo).
 */
export function exactLawTestError(instance: ExactLawInstance, options: ExactLawOptions = {}): ExactLawTestError {
  const { s, estimator, T, beta, beta0, noise } = instance;
  const d = s.length;
  if (estimator.length !== d * d) throw new ParameterError('estimator', `${estimator.length} entries`, `d² = ${d * d}`);
  const samples = requireInteger('samples', options.samples ?? 200_000, { min: 2 });
  const split =
    options.modes === undefined
      ? explicitModes(s, options.lindebergThreshold ?? LINDEBERG_THRESHOLD)
      : firstModes(s, requireInteger('modes', options.modes, { min: 0, max: d }));
  const sampler = new ExactLawSampler(splitEstimator(s, estimator, split), d, T, noise);
  const flat = sampler.flat;
  const output = createOutput(instance.channel ?? 'softmax', flat, beta);
  const labelOutput = createOutput(instance.channel ?? 'softmax', flat, beta0);
  const rng = Rng.fromSeed(options.seed ?? 1, 'exact-law-test-error');
  const target = new Float64Array(flat.L);
  const student = new Float64Array(flat.L);
  const Y = new Float64Array(T * T);
  let sum = 0;
  let sumSquares = 0;
  for (let n = 0; n < samples; n++) {
    sampler.draw(rng, target, student);
    labelOutput.value(target, 0, Y);
    const e = output.loss(student, Y, 0, null, null);
    sum += e;
    sumSquares += e * e;
  }
  const mean = sum / samples;
  const variance = Math.max(0, (sumSquares - samples * mean * mean) / (samples - 1));
  return { value: mean, standardError: Math.sqrt(variance / samples), modes: sampler.K, lindebergRatio: split.lindebergRatio };
}
