/**
 * Which minimiser the proximal map returns when the loss makes it non-convex (large Σ: small λ̃
 * near interpolation).
 * - 'label' (default): the local minimum reached from the pre-activation that reproduces the
 *   label, tracked by warm starts along the SE iterations — the paper's choice (BFGS from
 *   z⁰ + 0.01·noise, docs/theory.md §6.2). It is the branch the authors' Adam runs follow: at λ = 1e-5,
 *   α ≈ 0.31, Adam gives e_test 0.286, this branch ≈ 0.29, the other 0.247.
 * - 'lowest': the lower of the minima reached from z and from the label point.
 * Away from that regime (e.g. λ̃ = 0.01) the two coincide.
 */
export type ProximalBranch = 'label' | 'lowest';
