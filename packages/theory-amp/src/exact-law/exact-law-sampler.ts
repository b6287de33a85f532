import type { Rng } from '@attention-hd/core';
import { FlatSymmetric } from '../channel/flat-symmetric.js';
import type { ModeSplit } from './explicit-modes.js';

/** Ŝ in the pieces the exact-law sampler needs (docs/theory.md §5.4), A the explicit modes, B the rest. */
export interface EstimatorParts {
  /** s_i, i ∈ A */
  readonly sA: Float64Array;
  /** Ŝ_AA (K×K) */
  readonly sAA: Float64Array;
  /** Ŝ_AB Ŝ_BA (K×K) */
  readonly gAA: Float64Array;
  /** Q_B = Σ_B s_i²/d, m_B = Σ_B s_i Ŝ_ii/d, q_B = ‖Ŝ_BB‖²_F/d */
  readonly restQ0: number;
  readonly restM: number;
  readonly restQ: number;
}

export function splitEstimator(s: Float64Array, S: Float64Array, split: ModeSplit): EstimatorParts {
  const d = s.length;
  const A = split.explicit;
  const B = split.rest;
  const K = A.length;
  const sA = Float64Array.from(A, (i) => s[i]);
  const sAA = new Float64Array(K * K);
  const gAA = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      sAA[i * K + j] = S[A[i] * d + A[j]];
      let value = 0;
      for (const b of B) value += S[A[i] * d + b] * S[b * d + A[j]];
      gAA[i * K + j] = value;
    }
  }
  let restQ0 = 0;
  let restM = 0;
  let restQ = 0;
  for (const i of B) {
    restQ0 += s[i] * s[i];
    restM += s[i] * S[i * d + i];
    for (const j of B) restQ += S[i * d + j] ** 2;
  }
  return { sA, sAA, gAA, restQ0: restQ0 / d, restM: restM / d, restQ: restQ / d };
}

/**
 * One token sequence's pre-activations under the exact law (docs/theory.md §5.4), in flat coordinates:
 *   h⁰_ab = Σ_{i∈A} s_i(y_ai y_bi − δ_ab)/√d + t_ab,
 *   h_ab  = (y_aAᵀŜ_AA y_bA − δ_ab Tr Ŝ_AA)/√d + l_ab + r_ab,
 * (t, r) the Gaussian limit of the B-mode quadratic forms (per flat component
 * N(0, [[Q_B, m_B], [m_B, q_B]])), l_ab = (v_a·y_bB + v_b·y_aB)/√d with v_a = Ŝ_BA y_aA exactly
 * Gaussian given y_A (Gram matrix w = y_Aᵀ(Ŝ_AB Ŝ_BA)y_A = LLᵀ: l_ab ~ Σ_c L_ac ζ_bc + L_bc ζ_ac).
 */
export class ExactLawSampler {
  readonly flat: FlatSymmetric;
  readonly K: number;
  readonly #parts: EstimatorParts;
  readonly #rootD: number;
  readonly #traceA: number;
  readonly #traceSA: number;
  readonly #tScale: number;
  readonly #rCommon: number;
  readonly #rOwn: number;
  readonly #noiseScale: number;
  readonly #y: Float64Array;
  readonly #u: Float64Array;
  readonly #g: Float64Array;
  readonly #w: Float64Array;
  readonly #chol: Float64Array;
  readonly #zeta: Float64Array;
  readonly #gauss: Float64Array;

  constructor(
    parts: EstimatorParts,
    d: number,
    readonly T: number,
    /** Δ, the label-noise variance */
    noise: number,
  ) {
    this.flat = new FlatSymmetric(T);
    const K = parts.sA.length;
    this.K = K;
    this.#parts = parts;
    this.#rootD = Math.sqrt(d);
    let traceA = 0;
    let traceSA = 0;
    for (let k = 0; k < K; k++) {
      traceA += parts.sA[k];
      traceSA += parts.sAA[k * K + k];
    }
    this.#traceA = traceA;
    this.#traceSA = traceSA;
    this.#tScale = Math.sqrt(parts.restQ0);
    this.#rCommon = parts.restQ0 > 0 ? parts.restM / this.#tScale : 0;
    this.#rOwn = Math.sqrt(Math.max(0, parts.restQ - this.#rCommon * this.#rCommon));
    this.#noiseScale = Math.sqrt(noise / 2);
    this.#y = new Float64Array(T * K);
    this.#u = new Float64Array(T * K);
    this.#g = new Float64Array(T * K);
    this.#w = new Float64Array(T * T);
    this.#chol = new Float64Array(T * T);
    this.#zeta = new Float64Array(T * T);
    this.#gauss = new Float64Array(3 * this.flat.L);
  }

  /** y_A of the last sequence drawn (T×K, row a = token a) */
  get lastY(): Float64Array {
    return this.#y;
  }

  /**
   * Draws one sequence: the noisy target pre-activation h⁰ + √(Δ/2)ξ into `target` (L), the student's h
   * into `student` (L), and, when `modes` is given, u_i = (y_ai y_bi − δ_ab)/√d of each explicit mode
   * in flat coordinates into modes[i·L + k] (the direction ∂h/∂Ŝ_ii, for the per-mode hats).
   */
  draw(rng: Rng, target: Float64Array, student: Float64Array, modes?: Float64Array): void {
    const { T, K } = this;
    const { sA, sAA, gAA } = this.#parts;
    const y = this.#y;
    const u = this.#u;
    const g = this.#g;
    const w = this.#w;
    const chol = this.#chol;
    const zeta = this.#zeta;
    const gauss = this.#gauss;
    rng.fillNormal(y);
    rng.fillNormal(zeta);
    rng.fillNormal(gauss);
    for (let a = 0; a < T; a++) {
      for (let i = 0; i < K; i++) {
        let ui = 0;
        let gi = 0;
        for (let j = 0; j < K; j++) {
          ui += sAA[i * K + j] * y[a * K + j];
          gi += gAA[i * K + j] * y[a * K + j];
        }
        u[a * K + i] = ui;
        g[a * K + i] = gi;
      }
    }
    for (let a = 0; a < T; a++) {
      for (let b = 0; b <= a; b++) {
        let value = 0;
        for (let i = 0; i < K; i++) value += y[a * K + i] * g[b * K + i];
        w[a * T + b] = value;
      }
    }
    gramCholesky(w, T, chol);
    const flat = this.flat;
    const L = flat.L;
    const rootD = this.#rootD;
    for (let a = 0; a < T; a++) {
      for (let b = a; b < T; b++) {
        const k = flat.index[a * T + b];
        const diagonal = a === b;
        // flat coordinates: the diagonal entry divided by √2
        const toFlat = diagonal ? Math.SQRT1_2 : 1;
        let h0 = 0;
        let h = 0;
        for (let i = 0; i < K; i++) {
          const product = y[a * K + i] * y[b * K + i];
          h0 += sA[i] * product;
          h += y[a * K + i] * u[b * K + i];
          if (modes !== undefined) modes[i * L + k] = (toFlat * (diagonal ? product - 1 : product)) / rootD;
        }
        if (diagonal) {
          h0 -= this.#traceA;
          h -= this.#traceSA;
        }
        // l_ab = (Σ_c L_ac ζ_bc + L_bc ζ_ac)/√d (L lower-triangular)
        let linear = 0;
        for (let c = 0; c <= a; c++) linear += chol[a * T + c] * zeta[b * T + c];
        for (let c = 0; c <= b; c++) linear += chol[b * T + c] * zeta[a * T + c];
        const xi1 = gauss[3 * k];
        const xi2 = gauss[3 * k + 1];
        const restScale = diagonal ? Math.SQRT2 : 1;
        const t = restScale * this.#tScale * xi1;
        const r = restScale * (this.#rCommon * xi1 + this.#rOwn * xi2);
        target[k] = toFlat * (h0 / rootD + t) + this.#noiseScale * gauss[3 * k + 2];
        student[k] = toFlat * ((h + linear) / rootD + r);
      }
    }
  }
}

/**
 * The lower Cholesky factor of the PSD Gram matrix w (lower triangle read), with a pivot that
 * rounding leaves ≤ 0 set to 0 (w may be singular: rank ≤ min(T, K)).
 */
function gramCholesky(w: Float64Array, T: number, out: Float64Array): void {
  out.fill(0);
  for (let a = 0; a < T; a++) {
    for (let b = 0; b <= a; b++) {
      let value = w[a * T + b];
      for (let c = 0; c < b; c++) value -= out[a * T + c] * out[b * T + c];
      if (a === b) {
        out[a * T + a] = value > 0 ? Math.sqrt(value) : 0;
      } else {
        out[a * T + b] = out[b * T + b] > 0 ? value / out[b * T + b] : 0;
      }
    }
  }
}
