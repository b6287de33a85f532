/**
 * How a parameterization's attention scores are computed on a compute backend (docs/theory.md §2.7).
 * S(θ) = c·L Rᵀ with L, R ∈ ℝ^{d×q}; per sample, with the panels P = X L and Q = X R,
 *   h_ab = (c·P_a·Q_b − δ_ab Tr S)/√d.
 * `right` says what R is, so a backend forms only the panels it needs:
 * - 'tied':     R = L (S = cLLᵀ, symmetric; Q = P),
 * - 'identity': R = I and q = d (S = cL; L must be symmetric; Q = X),
 * - 'separate': R is its own matrix (S = cLRᵀ, in general not symmetric).
 * With G_μ = ∂loss/∂h_μ (T×T), ∂loss/∂S = (M − Σ_μ tr G_μ · I)/√d with M = Σ_μ X_μᵀ G_μ X_μ. For a
 * symmetric S only the symmetric part of M matters, so a backend may symmetrise G and fill just the
 * upper triangle of M; for 'separate' it must return the whole M.
 */
export type ScoreRight = 'tied' | 'identity' | 'separate';

export interface ScoreForm {
  readonly d: number;
  /** q, the columns of L (and R) */
  readonly columns: number;
  /** c in S = c·L Rᵀ */
  readonly scale: number;
  readonly right: ScoreRight;
  /** writes L(θ) (and R(θ) when right is 'separate'; R is null otherwise) and returns Tr S */
  factors(theta: Float64Array, L: Float64Array, R: Float64Array | null): number;
  /**
   * ∂loss/∂θ into `out` from M = Σ_μ X_μᵀ G_μ X_μ (may be overwritten; for a symmetric S only its
   * upper triangle is read) and traceG = Σ_μ tr G_μ
   */
  gradient(theta: Float64Array, M: Float64Array, traceG: number, out: Float64Array): void;
  /**
   * Optional, tied forms only: ∂loss/∂θ from the panel N = Σ_μ X_μᵀ Ĝ_μ P_μ = M̂ L (d × q, Ĝ the
   * symmetric part of G, P = X L) instead of M. A backend may take it when q < d: the backward
   * product costs n·T·d·q multiply-adds instead of n·T·d², and the host's M·L (d²q) disappears.
   */
  panelGradient?(theta: Float64Array, N: Float64Array, traceG: number, out: Float64Array): void;
}

/** true when S = c·L Rᵀ is symmetric, so the kernels may work with the symmetric part of G. */
export function isSymmetricScore(form: Pick<ScoreForm, 'right'>): boolean {
  return form.right !== 'separate';
}
