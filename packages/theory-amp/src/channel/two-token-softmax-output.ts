import type { AttentionOutput } from './attention-output.js';
import type { FlatSymmetric } from './flat-symmetric.js';

const SQRT2 = Math.SQRT2;

/**
 * The row-wise softmax for T = 2, in closed form (a fast path for the main setting; the generic
 * SoftmaxOutput gives the same numbers, checked in the tests). With flat v = (v₁₁, v₁₂, v₂₂) each row
 * depends on one difference: u₁ = H₁₁ − H₁₂ = √2v₁₁ − v₁₂ and u₂ = H₂₁ − H₂₂ = v₁₂ − √2v₂₂, so
 * P = [[s₁, 1 − s₁], [s₂, 1 − s₂]] with s_a = 1/(1 + e^{−βu_a}), and g, ∇g, ∇²g, ∂P/∂v are sums of
 * rank-one terms along a₁ = (√2, −1, 0) and a₂ = (0, 1, −√2).
 */
export class TwoTokenSoftmaxOutput implements AttentionOutput {
  constructor(
    readonly flat: FlatSymmetric,
    readonly beta: number,
  ) {
    if (flat.T !== 2) throw new RangeError(`TwoTokenSoftmaxOutput needs T = 2, got ${flat.T}`);
  }

  value(v: Float64Array, offset: number, P: Float64Array): void {
    const s1 = logistic(this.beta * (SQRT2 * v[offset] - v[offset + 1]));
    const s2 = logistic(this.beta * (v[offset + 1] - SQRT2 * v[offset + 2]));
    P[0] = s1;
    P[1] = 1 - s1;
    P[2] = s2;
    P[3] = 1 - s2;
  }

  loss(
    v: Float64Array,
    Y: Float64Array,
    yOffset: number,
    gradient: Float64Array | null,
    hessian: Float64Array | null,
    jacobian: Float64Array | null = null,
  ): number {
    const beta = this.beta;
    const s1 = logistic(beta * (SQRT2 * v[0] - v[1]));
    const s2 = logistic(beta * (v[1] - SQRT2 * v[2]));
    const r11 = Y[yOffset] - s1;
    const r12 = Y[yOffset + 1] - 1 + s1;
    const r21 = Y[yOffset + 2] - s2;
    const r22 = Y[yOffset + 3] - 1 + s2;
    const g = r11 * r11 + r12 * r12 + r21 * r21 + r22 * r22;
    if (gradient === null && hessian === null && jacobian === null) return g;
    // dg/ds = 2(r12 − r11), d²g/ds² = 4; ds/du = β s(1 − s), d²s/du² = β² s(1 − s)(1 − 2s)
    const e1 = 2 * (r12 - r11);
    const e2 = 2 * (r22 - r21);
    const d1 = beta * s1 * (1 - s1);
    const d2 = beta * s2 * (1 - s2);
    if (gradient !== null) {
      const g1 = e1 * d1;
      const g2 = e2 * d2;
      gradient[0] = SQRT2 * g1;
      gradient[1] = -g1 + g2;
      gradient[2] = -SQRT2 * g2;
    }
    if (hessian !== null) {
      const h1 = 4 * d1 * d1 + e1 * beta * d1 * (1 - 2 * s1);
      const h2 = 4 * d2 * d2 + e2 * beta * d2 * (1 - 2 * s2);
      // h1 a₁a₁ᵀ + h2 a₂a₂ᵀ
      hessian[0] = 2 * h1;
      hessian[1] = -SQRT2 * h1;
      hessian[2] = 0;
      hessian[3] = -SQRT2 * h1;
      hessian[4] = h1 + h2;
      hessian[5] = -SQRT2 * h2;
      hessian[6] = 0;
      hessian[7] = -SQRT2 * h2;
      hessian[8] = 2 * h2;
    }
    if (jacobian !== null) this.#jacobianFrom(d1, d2, jacobian);
    return g;
  }

  jacobian(v: Float64Array, offset: number, jacobian: Float64Array): void {
    const s1 = logistic(this.beta * (SQRT2 * v[offset] - v[offset + 1]));
    const s2 = logistic(this.beta * (v[offset + 1] - SQRT2 * v[offset + 2]));
    this.#jacobianFrom(this.beta * s1 * (1 - s1), this.beta * s2 * (1 - s2), jacobian);
  }

  /** ∂P/∂v (4 × 3): rows P₁₁ = d₁a₁, P₁₂ = −d₁a₁, P₂₁ = d₂a₂, P₂₂ = −d₂a₂. */
  #jacobianFrom(d1: number, d2: number, jacobian: Float64Array): void {
    jacobian[0] = SQRT2 * d1;
    jacobian[1] = -d1;
    jacobian[2] = 0;
    jacobian[3] = -SQRT2 * d1;
    jacobian[4] = d1;
    jacobian[5] = 0;
    jacobian[6] = 0;
    jacobian[7] = d2;
    jacobian[8] = -SQRT2 * d2;
    jacobian[9] = 0;
    jacobian[10] = -d2;
    jacobian[11] = SQRT2 * d2;
  }
}

function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
