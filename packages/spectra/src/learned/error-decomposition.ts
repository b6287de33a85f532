import { ParameterError, type SpectralLaw } from '@attention-hd/core';
import { learnedDiagonal } from './learned-diagonal.js';
import { type SequentialRecovery, sequentialRecovery } from './sequential-recovery.js';

/**
 * The pieces of R_c = ‖Ŝ − cS₀‖²_F/d = c²Q₀ − 2cm + q, the distance to the n → ∞ estimator cS₀,
 * in the target's eigenbasis (docs/theory.md §5.2); all three are ≥ 0 and they sum to R_c exactly.
 */
export interface MseDecomposition {
  readonly scale: number;
  readonly total: number;
  /** recovered modes (i ≤ K): Σ (Ŝ_ii − cs_i)²/d: shrinkage, and the misalignment that lowers Ŝ_ii */
  readonly recovered: number;
  /** unrecovered modes (i > K): Σ (Ŝ_ii − cs_i)²/d, ≈ c²s_i² each when the bulk catches nothing of them */
  readonly unrecovered: number;
  /** the rest: Σ_{i≠j} Ŝ_ij²/d, what Ŝ puts off the target's diagonal — the noise bulk (overfitting) */
  readonly bulk: number;
  /** Σ s_i Ŝ_ii/d − m and Σ Ŝ_ii²/d ≤ q: checks of the sampled diagonal against the SE's m, q */
  readonly overlapCheck: number;
}

/** Shares of e_test (docs/theory.md §5.2, Fig. 3 bottom); the four fractions sum to 1. */
export interface ErrorDecomposition {
  readonly testError: number;
  /** e∞, the n → ∞ error (label noise; docs/theory.md §5.2's e₀) */
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
 * The error decomposition of docs/theory.md §5.2, defined so that its parts sum exactly to the total.
 * The paper's e₁ = c₁E_over + E_under + E_approx + c₂E_mismatch has constants c₁, c₂ that are not in
 * our sources, so we do not guess them. Instead, with cS₀ the n → ∞ estimator (c = 1 without label
 * noise, c∞ < 1 with it; theory-amp's asymptoticTestError):
 *  1. R_c = c²Q₀ − 2cm + q is split in the target's eigenbasis: ‖Ŝ − cS₀‖² = Σ_i (Ŝ_ii − cs_i)² +
 *     Σ_{i≠j} Ŝ_ij². The diagonal terms are grouped into the K recovered modes (BBP outliers kept by
 *     ε, §4.1) and the rest; the off-diagonal part is the bulk's noise (overfitting), taken as the
 *     remainder R_c − diagonal so the sum is exact. Ŝ_ii = ⟨u_i, η ReLU(S₀ + δZ − ε) u_i⟩ is averaged
 *     over `draws` GOE matrices at the SE's (δ, ε, η) (it concentrates at large d); `overlapCheck`
 *     compares Σ s_iŜ_ii/d with the SE's m.
 *  2. e₁ = e_test − e∞ is shared in proportion to these pieces. Near Ŝ = cS₀ the test error is
 *     linear in the deviation of (q, m), so this is the first-order attribution; away from small
 *     error it is a convention (the paper calls its own decomposition "qualitative").
 * Needs a finite-d law: d atoms of weight 1/d (the power law).
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
  options: { draws?: number; seed?: number } = {},
): ErrorDecomposition {
  const e = point.testError;
  if (!(e > 0)) throw new ParameterError('testError', e, 'a test error > 0');
  const floor = asymptotic.testError;
  if (!(floor >= 0 && floor <= e)) throw new ParameterError('asymptotic.testError', floor, `[0, testError = ${e}]`);
  const c = asymptotic.scale;
  if (!(c > 0 && Number.isFinite(c))) throw new ParameterError('asymptotic.scale', c, '(0, ∞)');
  const { positions, weights } = law.atoms;
  const d = positions.length;
  if (d < 2 || law.continuousSupport.length > 0 || weights.some((w) => Math.abs(w * d - 1) > 1e-12)) {
    throw new ParameterError('law', law.description, 'a finite-d law: d ≥ 2 atoms of weight 1/d and no continuous part');
  }
  const recovery = sequentialRecovery(law, point);
  const recoveredAtoms = new Set(recovery.modes.filter((mode) => mode.recovered).map((mode) => mode.targetEigenvalue));
  // Ŝ = 0 (q = 0, the zero estimator) has a zero diagonal; no sampling needed (η is undefined there)
  const sampled =
    point.q > 0 ? learnedDiagonal(Float64Array.from(positions), point, options) : { diagonal: new Float64Array(d), m: 0 };
  let recovered = 0;
  let unrecovered = 0;
  let overlap = 0;
  for (let i = 0; i < d; i++) {
    const term = weights[i] * (sampled.diagonal[i] - c * positions[i]) ** 2;
    if (recoveredAtoms.has(positions[i])) recovered += term;
    else unrecovered += term;
    overlap += weights[i] * positions[i] * sampled.diagonal[i];
  }
  const total = c * c * law.moment(2) - 2 * c * point.m + point.q;
  const bulk = total - recovered - unrecovered;
  const mse = { scale: c, total, recovered, unrecovered, bulk, overlapCheck: overlap - point.m };
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
