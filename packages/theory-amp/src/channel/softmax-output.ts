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
  /** β·c_ab per entry: βH_ab = β c_ab v_k(a,b) */
  readonly #betaScale: Float64Array;
  readonly #P: Float64Array;

  constructor(
    readonly flat: FlatSymmetric,
    readonly beta: number,
  ) {
    const T = flat.T;
    this.#T = T;
    this.#betaScale = flat.scale.map((c) => beta * c);
    this.#P = new Float64Array(T * T);
  }

  value(v: Float64Array, offset: number, P: Float64Array): void {
    const T = this.#T;
    const { index } = this.flat;
    const betaScale = this.#betaScale;
    for (let a = 0; a < T; a++) {
      const row = a * T;
      let max = Number.NEGATIVE_INFINITY;
      for (let b = 0; b < T; b++) {
        const x = betaScale[row + b] * v[offset + index[row + b]];
        P[row + b] = x;
        if (x > max) max = x;
      }
      let sum = 0;
      for (let b = 0; b < T; b++) {
        const e = Math.exp(P[row + b] - max);
        P[row + b] = e;
        sum += e;
      }
      const inverse = 1 / sum;
      for (let b = 0; b < T; b++) P[row + b] *= inverse;
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
    const beta2 = beta * beta;
    let g = 0;
    for (let a = 0; a < T; a++) {
      const row = a * T;
      let rhoBar = 0;
      let squares = 0;
      for (let c = 0; c < T; c++) {
        const pc = P[row + c];
        const r = Y[yOffset + row + c] - pc;
        g += r * r;
        rhoBar += r * pc;
        squares += pc * pc;
      }
      if (gradient !== null) {
        for (let b = 0; b < T; b++) {
          const pb = P[row + b];
          const r = Y[yOffset + row + b] - pb;
          gradient[index[row + b]] += scale[row + b] * (-2 * beta * pb * (r - rhoBar));
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
        // Σ_c J_a[c][b] J_a[c][d] = β²(δ_bd P_b² − P_b P_d (P_b + P_d) + P_b P_d Σ_c P_c²): O(T²) per row,
        // not O(T³); each pair b ≤ d is added straight into both symmetric places (entries (a, b)
        // and (a, d) of a row are distinct flat coordinates when b ≠ d)
        for (let b = 0; b < T; b++) {
          const pb = P[row + b];
          const rb = Y[yOffset + row + b] - pb - rhoBar;
          const kb = index[row + b] * L;
          const cb = scale[row + b];
          // d = b
          const diagonal = 2 * beta2 * (pb * pb - 2 * pb * pb * pb + pb * pb * squares - pb * rb + 2 * pb * pb * rb);
          hessian[kb + index[row + b]] += cb * cb * diagonal;
          for (let d = b + 1; d < T; d++) {
            const pd = P[row + d];
            const rd = Y[yOffset + row + d] - pd - rhoBar;
            const pbd = pb * pd;
            const k = 2 * beta2 * pbd * (squares - pb - pd + rb + rd);
            const kd = index[row + d];
            const c = cb * scale[row + d] * k;
            hessian[kb + kd] += c;
            hessian[kd * L + index[row + b]] += c;
          }
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
