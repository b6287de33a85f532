import { ParameterError, type SpectralLaw } from '@attention-hd/core';
import { type SequentialRecovery, sequentialRecovery } from './sequential-recovery.js';

/**
 * The pieces of R_c = ‖Ŝ − cS₀‖²_F/d = c²Q₀ − 2cm + q, the distance to the n → ∞ estimator cS₀
 * (THEORY §5.2; c = 1 gives ‖Ŝ − S₀‖²/d). They sum to R_c exactly.
 */
export interface MseDecomposition {
  readonly scale: number;
  readonly total: number;
  /** recovered modes: Σ_{i ≤ K} (ŝ_i² − 2cŝ_i s_i ω_i² + c²s_i²)/d, ŝ_i = η(y_i − ε) */
  readonly recovered: number;
  /** …of which shrinkage (ŝ_i − cs_i)²/d … */
  readonly recoveredShrinkage: number;
  /** …and misalignment 2cŝ_i s_i (1 − ω_i²)/d */
  readonly recoveredMisalignment: number;
  /** unrecovered target modes: c²(Q₀ − Σ_{i ≤ K} s_i²/d) = c²Σ_{i > K} s_i²/d */
  readonly unrecovered: number;
  /**
   * noise bulk: the rest, (q − q_K) − 2c(m − m_K): its own norm minus twice what it catches of the
   * target (of the unrecovered modes, and of the recovered ones' parts that their outliers miss);
   * negative when the bulk carries more signal than noise
   */
  readonly bulk: number;
}

/** Shares of e_test (THEORY §5.2, Fig. 3 bottom); the four fractions sum to 1. */
export interface ErrorDecomposition {
  readonly testError: number;
  /** e∞, the n → ∞ error (label noise; THEORY §5.2's e₀) */
  readonly asymptoticError: number;
  readonly mse: MseDecomposition;
  /** e∞/e_test, and e₁ = e_test − e∞ split in proportion to the pieces of R_c */
  readonly fractions: {
    readonly asymptotic: number;
    readonly overfitting: number;
    readonly unrecovered: number;
    readonly recovered: number;
  };
  readonly recovery: SequentialRecovery;
}

/**
 * The error decomposition of THEORY §5.2, defined so that its parts sum exactly to the total.
 * The paper's e₁ = c₁E_over + E_under + E_approx + c₂E_mismatch has constants c₁, c₂ that are not in
 * our sources, so we do not guess them. Instead, with cS₀ the n → ∞ estimator (c = 1 without label
 * noise, c∞ < 1 with it; theory-amp's asymptoticTestError):
 *  1. R_c = c²Q₀ − 2cm + q is split exactly: the recovered modes are the BBP outliers kept by ε, each
 *     with its predicted learned eigenvalue ŝ_i and overlap ω_i² (§4.1), giving q_K = Σŝ_i²/d and
 *     m_K = Σŝ_i s_i ω_i²/d; the unrecovered modes contribute c²Σ_{i>K} s_i²/d; the noise bulk is the
 *     remainder (q − q_K) − 2c(m − m_K), i.e. everything in (q, m) that the outliers do not carry.
 *  2. e₁ = e_test − e∞ is shared in proportion to these pieces. Near Ŝ = cS₀ the test error is
 *     linear in the deviation of (q, m), so this is the first-order attribution; away from small
 *     error it is a convention (the paper calls its own decomposition "qualitative").
 */
export function decomposeTestError(
  law: SpectralLaw,
  point: {
    readonly q: number;
    readonly m: number;
    readonly delta: number;
    readonly eta: number;
    readonly epsilon: number;
    readonly testError: number;
  },
  asymptotic: { readonly testError: number; readonly scale: number },
): ErrorDecomposition {
  const e = point.testError;
  if (!(e > 0)) throw new ParameterError('testError', e, 'a test error > 0');
  const floor = asymptotic.testError;
  if (!(floor >= 0 && floor <= e)) throw new ParameterError('asymptotic.testError', floor, `[0, testError = ${e}]`);
  const c = asymptotic.scale;
  if (!(c > 0 && Number.isFinite(c))) throw new ParameterError('asymptotic.scale', c, '(0, ∞)');
  const recovery = sequentialRecovery(law, point);
  let qK = 0;
  let mK = 0;
  let shrinkage = 0;
  let misalignment = 0;
  let recoveredTarget = 0;
  for (const mode of recovery.modes) {
    if (!mode.recovered) continue;
    const s = mode.targetEigenvalue;
    const learned = mode.learnedEigenvalue;
    qK += mode.weight * learned * learned;
    mK += mode.weight * learned * s * mode.overlap2;
    shrinkage += mode.weight * (learned - c * s) ** 2;
    misalignment += mode.weight * 2 * c * learned * s * (1 - mode.overlap2);
    recoveredTarget += mode.weight * s * s;
  }
  const q0 = law.moment(2);
  const total = c * c * q0 - 2 * c * point.m + point.q;
  const recovered = qK - 2 * c * mK + c * c * recoveredTarget;
  // everything of Q₀ not in a recovered mode (atoms and any continuous part of the law)
  const unrecovered = c * c * (q0 - recoveredTarget);
  const bulk = point.q - qK - 2 * c * (point.m - mK);
  const mse = {
    scale: c,
    total,
    recovered,
    recoveredShrinkage: shrinkage,
    recoveredMisalignment: misalignment,
    unrecovered,
    bulk,
  };
  const excess = e - floor;
  const share = (part: number) => (total > 0 ? (excess * part) / total / e : 0);
  return {
    testError: e,
    asymptoticError: floor,
    mse,
    fractions: {
      asymptotic: floor / e,
      overfitting: share(bulk),
      unrecovered: share(unrecovered),
      recovered: share(recovered),
    },
    recovery,
  };
}
