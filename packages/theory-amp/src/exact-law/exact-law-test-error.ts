import { ParameterError, Rng, requireInteger, type TestErrorEstimate } from '@attention-hd/core';
import { type ChannelKind, createOutput } from '../channel/create-output.js';
import { FlatSymmetric } from '../channel/flat-symmetric.js';
import { explicitModes, firstModes, LINDEBERG_THRESHOLD, type ModeSplit } from './explicit-modes.js';

/** A finite-d target and an estimator, both in the target's eigenbasis (S₀ = diag(s)). */
export interface ExactLawInstance {
  /** the target's eigenvalues s_i */
  readonly s: Float64Array;
  /** Ŝ, d×d row-major, in the basis where S₀ = diag(s) */
  readonly estimator: Float64Array;
  readonly T: number;
  readonly beta: number;
  readonly beta0: number;
  /** Δ, the label-noise variance */
  readonly noise: number;
  readonly channel?: ChannelKind;
}

export interface ExactLawOptions {
  /** token sequences drawn (default 200 000) */
  readonly samples?: number;
  readonly seed?: number;
  /** θ of the mode rule (explicitModes) */
  readonly lindebergThreshold?: number;
  /** K itself instead of the rule (the largest |s_i| first) */
  readonly modes?: number;
}

export interface ExactLawTestError extends TestErrorEstimate {
  /** K, the modes whose token sums were drawn exactly */
  readonly modes: number;
  /** the rule's ratio max_{i>K} s_i²/Σ_{i>K} s_i² */
  readonly lindebergRatio: number;
}

/**
 * e_test of Ŝ under the exact law of the tokens (docs/theory.md §5.4), by Monte Carlo over sequences:
 * with y = Oᵀx ~ N(0, I_d) split into the K explicit modes A and the rest B,
 *   h⁰_ab = Σ_{i∈A} s_i(y_ai y_bi − δ_ab)/√d + t_ab,
 *   h_ab  = (y_aAᵀŜ_AA y_bA − δ_ab Tr Ŝ_AA)/√d + l_ab + r_ab,
 * where, given y_A, (t, r) is the Gaussian limit of the B-mode quadratic forms (per flat component
 * N(0, [[Q_B, m_B], [m_B, q_B]]), Q_B = Σ_B s_i²/d, m_B = Σ_B s_i Ŝ_ii/d, q_B = ‖Ŝ_BB‖²_F/d) and
 * l_ab = (v_a·y_bB + v_b·y_aB)/√d, v_a = Ŝ_BA y_aA, is exactly Gaussian with the Gram matrix
 * w = (v_a·v_b) = y_Aᵀ(Ŝ_AB Ŝ_BA)y_A. K = 0 is the Gaussian channel of §3.1 at (Q₀, m, q) of Ŝ;
 * K = d draws every token coordinate (a plain Monte Carlo).
 */
export function exactLawTestError(instance: ExactLawInstance, options: ExactLawOptions = {}): ExactLawTestError {
  const { s, estimator, T, beta, beta0, noise } = instance;
  const d = s.length;
  if (estimator.length !== d * d) throw new ParameterError('estimator', `${estimator.length} entries`, `d² = ${d * d}`);
  const samples = requireInteger('samples', options.samples ?? 200_000, { min: 2 });
  const split =
    options.modes === undefined
      ? explicitModes(s, options.lindebergThreshold ?? LINDEBERG_THRESHOLD)
      : firstModes(s, requireInteger('modes', options.modes, { min: 0, max: d }));
  const parts = splitEstimator(s, estimator, split);
  const K = split.explicit.length;
  const flat = new FlatSymmetric(T);
  const L = flat.L;
  const output = createOutput(instance.channel ?? 'softmax', flat, beta);
  const labelOutput = createOutput(instance.channel ?? 'softmax', flat, beta0);
  const rng = Rng.fromSeed(options.seed ?? 1, 'exact-law-test-error');
  const rootD = Math.sqrt(d);
  const { sA, sAA, gAA, restQ0, restM, restQ } = parts;
  const tScale = Math.sqrt(restQ0);
  const rCommon = restQ0 > 0 ? restM / tScale : 0;
  const rOwn = Math.sqrt(Math.max(0, restQ - rCommon * rCommon));
  const noiseScale = Math.sqrt(noise / 2);
  let traceA = 0;
  let traceSA = 0;
  for (let k = 0; k < K; k++) {
    traceA += sA[k];
    traceSA += sAA[k * K + k];
  }

  const y = new Float64Array(T * K);
  const u = new Float64Array(T * K); // Ŝ_AA y_a
  const g = new Float64Array(T * K); // Ŝ_AB Ŝ_BA y_a
  const w = new Float64Array(T * T);
  const chol = new Float64Array(T * T);
  const zeta = new Float64Array(T * T);
  const gauss = new Float64Array(3 * L);
  const target = new Float64Array(L);
  const student = new Float64Array(L);
  const Y = new Float64Array(T * T);
  let sum = 0;
  let sumSquares = 0;
  for (let n = 0; n < samples; n++) {
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
    for (let a = 0; a < T; a++) {
      for (let b = a; b < T; b++) {
        const k = flat.index[a * T + b];
        const diagonal = a === b;
        let h0 = 0;
        let h = 0;
        for (let i = 0; i < K; i++) {
          h0 += sA[i] * y[a * K + i] * y[b * K + i];
          h += y[a * K + i] * u[b * K + i];
        }
        if (diagonal) {
          h0 -= traceA;
          h -= traceSA;
        }
        // l_ab = (Σ_c L_ac ζ_bc + L_bc ζ_ac)/√d (L lower-triangular)
        let linear = 0;
        for (let c = 0; c <= a; c++) linear += chol[a * T + c] * zeta[b * T + c];
        for (let c = 0; c <= b; c++) linear += chol[b * T + c] * zeta[a * T + c];
        const xi1 = gauss[3 * k];
        const xi2 = gauss[3 * k + 1];
        const restScale = diagonal ? Math.SQRT2 : 1;
        const t = restScale * tScale * xi1;
        const r = restScale * (rCommon * xi1 + rOwn * xi2);
        // flat coordinates: the diagonal entry divided by √2
        const toFlat = diagonal ? Math.SQRT1_2 : 1;
        target[k] = toFlat * (h0 / rootD + t) + noiseScale * gauss[3 * k + 2];
        student[k] = toFlat * ((h + linear) / rootD + r);
      }
    }
    labelOutput.value(target, 0, Y);
    const e = output.loss(student, Y, 0, null, null);
    sum += e;
    sumSquares += e * e;
  }
  const mean = sum / samples;
  const variance = Math.max(0, (sumSquares - samples * mean * mean) / (samples - 1));
  return { value: mean, standardError: Math.sqrt(variance / samples), modes: K, lindebergRatio: split.lindebergRatio };
}

interface EstimatorParts {
  readonly sA: Float64Array;
  readonly sAA: Float64Array;
  /** Ŝ_AB Ŝ_BA (K×K) */
  readonly gAA: Float64Array;
  readonly restQ0: number;
  readonly restM: number;
  readonly restQ: number;
}

function splitEstimator(s: Float64Array, S: Float64Array, split: ModeSplit): EstimatorParts {
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
