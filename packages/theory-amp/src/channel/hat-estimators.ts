/**
 * How m̂ and Σ̂ are estimated per node (docs/theory.md §3.4, with what we found). Both follow from
 * M(Σ, m, q) = E min_h[‖h − z‖²/(2Σ) + g(h)] with the nodes' pair law (y, z): z = E(m a/√V + s_y b),
 * y = E√V a, V = Q₀ + Δ/2, s_y = √(q − m²/V), a and b standard normal.
 * - Stein (integration-by-parts) forms, needing only p − z:
 *     m̂ = (2α/Σ) E⟨Eᵀ(p − z), a/√V − m b/(V s_y)⟩,   Σ̂ = −(2α/(Σ s_y)) E⟨Eᵀ(p − z), b⟩.
 *   Exact even where the proximal map jumps between branches (the non-convex, large-Σ regime near
 *   interpolation); there the derivative forms miss the jumps: at α = 0.245, λ̃ = 1e-5 they give
 *   m̂ 13 % low, and the Stein form reproduces the authors' 0.01308 (ours 0.01317).
 * - Derivative (implicit-differentiation) forms: m̂ = 4α E tr[(I + Σ∇²g)⁻¹J_PᵀJ_Y],
 *   Σ̂ = (2α/Σ) E tr[I − (I + Σ∇²g)⁻¹]: lower variance, exact when p is smooth (convex prox).
 * The Stein weight is 1 except where s_y²/q is small (only with Δ ≈ 0 at large α, where Σ is
 * small and the prox convex, so both forms agree); a smooth step in between keeps the SE map
 * continuous. Convex outputs (identity) use the derivative forms throughout.
 */
/** 'auto': the switch above; 'stein' or 'derivative': one form everywhere (for cross-checks). */
export type HatForms = 'auto' | 'stein' | 'derivative';

export function steinWeight(q: number, m: number, variance: number, convex: boolean, forms: HatForms = 'auto'): number {
  if (forms === 'stein') return 1;
  if (convex || forms === 'derivative') return 0;
  const ratio = (q - (m * m) / variance) / Math.max(q, 1e-300);
  const t = Math.min(1, Math.max(0, (ratio - 0.01) / 0.04));
  return t * t * (3 - 2 * t);
}
