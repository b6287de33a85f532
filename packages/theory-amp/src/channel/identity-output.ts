import type { AttentionOutput } from './attention-output.js';
import type { FlatSymmetric } from './flat-symmetric.js';

/**
 * The identity output P = H(v) (linear attention; with T = 1 the quadratic-network channel of
 * docs/theory.md §3.7, whose hat equations are in closed form): g = ‖Y − H(v)‖², ∇²g = 4 I.
 */
export class IdentityOutput implements AttentionOutput {
  constructor(readonly flat: FlatSymmetric) {}

  value(v: Float64Array, offset: number, P: Float64Array): void {
    this.flat.toMatrix(v, offset, P);
  }

  loss(
    v: Float64Array,
    Y: Float64Array,
    yOffset: number,
    gradient: Float64Array | null,
    hessian: Float64Array | null,
    jacobian: Float64Array | null = null,
  ): number {
    const { T, L, index, scale } = this.flat;
    if (gradient !== null) gradient.fill(0);
    let g = 0;
    for (let e = 0; e < T * T; e++) {
      const r = Y[yOffset + e] - scale[e] * v[index[e]];
      g += r * r;
      if (gradient !== null) gradient[index[e]] += -2 * scale[e] * r;
    }
    if (hessian !== null) {
      hessian.fill(0);
      for (let e = 0; e < T * T; e++) hessian[index[e] * L + index[e]] += 2 * scale[e] * scale[e];
    }
    if (jacobian !== null) this.jacobian(v, 0, jacobian);
    return g;
  }

  jacobian(_v: Float64Array, _offset: number, jacobian: Float64Array): void {
    const { T, L, index, scale } = this.flat;
    jacobian.fill(0);
    for (let e = 0; e < T * T; e++) jacobian[e * L + index[e]] = scale[e];
  }
}
