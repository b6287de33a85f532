import type { FlatSymmetric } from './flat-symmetric.js';

/**
 * The output map of the model in flat coordinates, P = σ(H(v)) ∈ ℝ^{T×T}, with everything the
 * proximal Newton method and the hat equations need for g(v) = ‖Y − P(v)‖²_F (sum over T² entries):
 * the value, the gradient, the Hessian (L×L) and the Jacobian ∂P/∂v (T²×L), all analytic.
 */
export interface AttentionOutput {
  readonly flat: FlatSymmetric;
  /** P = σ(H(v)) for v[offset …] into P (T×T) */
  value(v: Float64Array, offset: number, P: Float64Array): void;
  /**
   * g = ‖Y − P‖² at v; writes ∇g into gradient (L), ∇²g into hessian (L×L) and ∂P/∂v into
   * jacobian (T²×L) when given. Y is read at Y[yOffset …].
   */
  loss(
    v: Float64Array,
    Y: Float64Array,
    yOffset: number,
    gradient: Float64Array | null,
    hessian: Float64Array | null,
    jacobian?: Float64Array | null,
  ): number;
  /** ∂P_e/∂v_k into jacobian[e·L + k] (T²×L) at v */
  jacobian(v: Float64Array, offset: number, jacobian: Float64Array): void;
}
