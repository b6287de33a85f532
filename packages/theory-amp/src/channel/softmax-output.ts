import type { AttentionOutput } from './attention-output.js';
import type { FlatSymmetric } from './flat-symmetric.js';

/**
 * Row-wise softmax at inverse temperature β (docs/theory.md §2.2) in flat coordinates. Per row a, with
 * r = Y − P, ρ̄_a = Σ_c r_ac P_ac and J_a[c][b] = ∂P_ac/∂H_ab = β P_ac(δ_cb − P_ab):
 *   ∂g/∂H_ab = −2β P_ab (r_ab − ρ̄_a),
 *   ∂²g/∂H_ab∂H_ad = 2 Σ_c J_a[c][b] J_a[c][d] − 2β²[δ_bd P_ab(r_ab − ρ̄_a) − P_ab P_ad(r_ab + r_ad − 2ρ̄_a)],
 * then mapped to v by H_ab = c_ab v_k(a,b). Rows do not interact.
 */
export class SoftmaxOutput implements AttentionOutput {
  readonly #T: number;
  readonly #H: Float64Array;
  readonly #P: Float64Array;
  readonly #K: Float64Array; // row Hessian in H coordinates

  constructor(
    readonly flat: FlatSymmetric,
    readonly beta: number,
  ) {
    const T = flat.T;
    this.#T = T;
    this.#H = new Float64Array(T * T);
    this.#P = new Float64Array(T * T);
    this.#K = new Float64Array(T * T);
  }

  value(v: Float64Array, offset: number, P: Float64Array): void {
    const T = this.#T;
    this.flat.toMatrix(v, offset, this.#H);
    for (let a = 0; a < T; a++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let b = 0; b < T; b++) max = Math.max(max, this.beta * this.#H[a * T + b]);
      let sum = 0;
      for (let b = 0; b < T; b++) {
        const e = Math.exp(this.beta * this.#H[a * T + b] - max);
        P[a * T + b] = e;
        sum += e;
      }
      for (let b = 0; b < T; b++) P[a * T + b] /= sum;
    }
  }

  loss(
    v: Float64Array,
    Y: Float64Array,
    yOffset: number,
    gradient: Float64Array | null,
    hessian: Float64Array | null,
    jacobian: Float64Array | null = null,
  ): number {
    const T = this.#T;
    const L = this.flat.L;
    const { index, scale } = this.flat;
    const beta = this.beta;
    const P = this.#P;
    this.value(v, 0, P);
    if (gradient !== null) gradient.fill(0);
    if (hessian !== null) hessian.fill(0);
    if (jacobian !== null) jacobian.fill(0);
    let g = 0;
    for (let a = 0; a < T; a++) {
      const row = a * T;
      let rhoBar = 0;
      for (let c = 0; c < T; c++) {
        const r = Y[yOffset + row + c] - P[row + c];
        g += r * r;
        rhoBar += r * P[row + c];
      }
      if (gradient !== null) {
        for (let b = 0; b < T; b++) {
          const r = Y[yOffset + row + b] - P[row + b];
          gradient[index[row + b]] += scale[row + b] * (-2 * beta * P[row + b] * (r - rhoBar));
        }
      }
      if (jacobian !== null) {
        for (let c = 0; c < T; c++) {
          for (let b = 0; b < T; b++) {
            const J = beta * P[row + c] * ((c === b ? 1 : 0) - P[row + b]);
            jacobian[(row + c) * L + index[row + b]] += scale[row + b] * J;
          }
        }
      }
      if (hessian !== null) {
        const K = this.#K;
        // Σ_c J_a[c][b] J_a[c][d] = β²(δ_bd P_b² − P_b P_d (P_b + P_d) + P_b P_d Σ_c P_c²): O(T²) per row,
        // not O(T³) (the T ≥ 3 channel spends most of its time here)
        let squares = 0;
        for (let c = 0; c < T; c++) squares += P[row + c] * P[row + c];
        const beta2 = beta * beta;
        for (let b = 0; b < T; b++) {
          const pb = P[row + b];
          const rb = Y[yOffset + row + b] - pb;
          for (let d = b; d < T; d++) {
            const pd = P[row + d];
            const rd = Y[yOffset + row + d] - pd;
            const same = b === d;
            const gaussNewton = beta2 * ((same ? pb * pb : 0) - pb * pd * (pb + pd) + pb * pd * squares);
            const curvature = (same ? pb * (rb - rhoBar) : 0) - pb * pd * (rb + rd - 2 * rhoBar);
            const k = 2 * gaussNewton - 2 * beta2 * curvature;
            K[b * T + d] = k;
            K[d * T + b] = k;
          }
        }
        for (let b = 0; b < T; b++) {
          const kb = index[row + b];
          const cb = scale[row + b];
          for (let d = 0; d < T; d++) hessian[kb * L + index[row + d]] += cb * scale[row + d] * K[b * T + d];
        }
      }
    }
    return g;
  }

  jacobian(v: Float64Array, offset: number, jacobian: Float64Array): void {
    const T = this.#T;
    const L = this.flat.L;
    const { index, scale } = this.flat;
    const P = this.#P;
    this.value(v, offset, P);
    jacobian.fill(0);
    for (let a = 0; a < T; a++) {
      const row = a * T;
      for (let c = 0; c < T; c++) {
        for (let b = 0; b < T; b++) {
          const d = this.beta * P[row + c] * ((c === b ? 1 : 0) - P[row + b]);
          jacobian[(row + c) * L + index[row + b]] += scale[row + b] * d;
        }
      }
    }
  }
}
