import { choleskyFactor, choleskySolve, Rng } from '@attention-hd/core';
import { type ChannelKind, createOutput } from '../channel/create-output.js';
import type { FlatSymmetric } from '../channel/flat-symmetric.js';
import { ProximalNewton } from '../channel/proximal-newton.js';
import { ExactLawSampler, splitEstimator } from './exact-law-sampler.js';
import type { ModeSplit } from './explicit-modes.js';

export interface ExactLawChannelSetup {
  /** the target's eigenvalues s_i (S₀ = diag(s)) */
  readonly s: Float64Array;
  readonly split: ModeSplit;
  readonly T: number;
  readonly beta: number;
  readonly beta0: number;
  /** Δ */
  readonly noise: number;
  readonly channel: ChannelKind;
  /** token sequences per estimator draw */
  readonly samples: number;
  readonly seed: number;
}

/** The output side's hats under the exact law, with one m̂_i per explicit mode. */
export interface ExactLawHats {
  readonly qHat: number;
  readonly sigmaHat: number;
  /** m̂ of the Gaussian rest (the modes B) */
  readonly mHatRest: number;
  /** m̂_i of the explicit modes, in the order of split.explicit */
  readonly mHatModes: Float64Array;
  /**
   * ρ of the Onsager term along the explicit modes' off-diagonal entries (SelfRatios): R_ij's mean
   * keeps Σ̂(1 − ρ_ij)Ŝ_ij of the estimator's own entry (ρ = 1 under the Gaussian law)
   */
  readonly selfRatios: SelfRatios;
  /** Monte Carlo standard errors (over sequences and draws) */
  readonly standardErrors: {
    readonly qHat: number;
    readonly sigmaHat: number;
    readonly mHatRest: number;
    readonly mHatModes: Float64Array;
  };
  /** sequences whose proximal Newton did not converge or ended at a flat point (left out, counted) */
  readonly unconverged: number;
}

/**
 * The explicit modes whose pairs get their own ρ_il (the largest; a pair's cost per sequence is O(T⁴)
 * and the modes beyond carry each ≲ 5 % of Var h⁰): 16.
 */
export const SELF_PAIR_MODES = 16;

/**
 * ρ_ij = E⟨∂g/∂z, W_ij⟩/E tr ∂g/∂z with W_ij = (d/2) E_rest[∂z/∂Ŝ_ij ⊗ ∂z/∂Ŝ_ij]: the weight the
 * sample's own tokens put on the off-diagonal entry (i, j) of Ŝ in the Onsager term. Under the
 * Gaussian law W_ij's mean is the identity and ρ = 1: the term cancels Σ̂Ŝ_ij exactly.
 */
export interface SelfRatios {
  /** explicit mode i with any rest mode (K) */
  readonly rest: Float64Array;
  /**
   * explicit modes i ≠ l (K×K, symmetric; the diagonal is unused): computed among the first
   * SELF_PAIR_MODES, 1 beyond them (the SE then takes ρ_i ρ_l)
   */
  readonly pairs: Float64Array;
}

/**
 * The ERM state evolution's output side under the exact token law (docs/theory.md §5.4), for given
 * estimator draws Ŝ and Σ: over token sequences drawn by ExactLawSampler (common random numbers: the
 * same seed at every call), the proximal p of ‖h − z‖²/(2Σ) + ‖Y − σ(h)‖² at the student's z, and
 *   q̂ = (2α/Σ²) E‖p − z‖²,  Σ̂ = (2α/Σ) E tr[I − (I + Σ∇²g)⁻¹],
 *   m̂_B = 4α E tr[(I + Σ∇²g)⁻¹J_PᵀJ_Y]   (the derivative form: the rest enters the label through h⁰ only),
 *   m̂_i s_i = Σ̂ E Ŝ_ii + 2αd E⟨(p − z)/Σ, u_i⟩,  u_i = ∂h/∂Ŝ_ii = (y_ai y_bi − δ_ab)/√d  (i explicit),
 * the last being the mean of the prior side's observation R = Σ̂Ŝ + (2/d)Σ_μ A_μ*(g_μ) along mode i,
 * which under Gaussian (z⁰, z) reduces to m̂ s_i (Stein on both fields), and beyond it keeps what the
 * non-Gaussian top modes do to the gradient; and the Onsager ratios ρ of the off-diagonal entries
 * (SelfRatios).
 */
export class ExactLawChannel {
  readonly K: number;

  constructor(readonly setup: ExactLawChannelSetup) {
    this.K = setup.split.explicit.length;
  }

  average(estimators: readonly Float64Array[], sigma: number, alpha: number): ExactLawHats {
    const { s, split, T, beta, beta0, noise, samples, seed } = this.setup;
    const d = s.length;
    const K = this.K;
    const kind = this.setup.channel;
    const convex = kind === 'identity';
    const probe = new ExactLawSampler(splitEstimator(s, estimators[0], split), d, T, noise);
    const flat = probe.flat;
    const L = flat.L;
    const T2 = T * T;
    const output = createOutput(kind, flat, beta);
    const labelOutput = createOutput(kind, flat, beta0);
    const labelStartScale = kind === 'softmax' ? beta0 / beta : 1;
    const newton = new ProximalNewton(output);
    const target = new Float64Array(L);
    const student = new Float64Array(L);
    const modes = new Float64Array(K * L);
    const Y = new Float64Array(T2);
    const labelJacobian = new Float64Array(T2 * L);
    const h = new Float64Array(L);
    const other = new Float64Array(L);
    const a = new Float64Array(L * L);
    const factor = new Float64Array(L * L);
    const inverse = new Float64Array(L * L);
    const column = new Float64Array(L);
    // per-sequence sums and sums of squares: q̂, Σ̂, m̂_B, then 2αd⟨g, u_i⟩ per mode
    const terms = 3 + K;
    const sum = new Float64Array(terms);
    const sumSquares = new Float64Array(terms);
    const value = new Float64Array(terms);
    const diagonalMean = new Float64Array(K);
    // Σ_kk′ (A⁻¹ − I)_kk′ W_kk′ per explicit mode with a rest mode, and per pair of explicit modes
    const selfRest = new Float64Array(K);
    const selfPairs = new Float64Array(K * K);
    let selfBase = 0;
    let counted = 0;
    let unconverged = 0;
    estimators.forEach((estimator, j) => {
      const sampler = j === 0 ? probe : new ExactLawSampler(splitEstimator(s, estimator, split), d, T, noise);
      for (let i = 0; i < K; i++) diagonalMean[i] += estimator[split.explicit[i] * d + split.explicit[i]] / estimators.length;
      const rng = Rng.fromSeed(seed + 1000 * j, 'exact-law-channel');
      for (let n = 0; n < samples; n++) {
        sampler.draw(rng, target, student, modes);
        labelOutput.value(target, 0, Y);
        // the lower of the two minima from z and from the label point (the softmax loss is not convex)
        h.set(student);
        let solution = newton.solve(student, 0, sigma, Y, 0, h);
        let { objective, converged } = solution;
        if (!convex) {
          for (let k = 0; k < L; k++) other[k] = labelStartScale * target[k];
          solution = newton.solve(student, 0, sigma, Y, 0, other);
          if (solution.objective < objective) {
            ({ objective, converged } = solution);
            h.set(other);
          } else {
            // the curvature below must be at h
            converged = newton.solve(student, 0, sigma, Y, 0, h).converged && converged;
          }
        }
        // A = I + Σ∇²g(p): tr A⁻¹ and tr(A⁻¹ J_Pᵀ J_Y)
        const curvature = newton.curvature();
        for (let i = 0; i < L * L; i++) a[i] = sigma * curvature[i];
        for (let k = 0; k < L; k++) a[k * L + k] += 1;
        if (!converged || !choleskyFactor(a, L, factor)) {
          unconverged++;
          continue;
        }
        for (let c = 0; c < L; c++) {
          column.fill(0);
          column[c] = 1;
          choleskySolve(factor, L, column, column);
          for (let i = 0; i < L; i++) inverse[i * L + c] = column[i];
        }
        let inverseTrace = 0;
        for (let k = 0; k < L; k++) inverseTrace += inverse[k * L + k];
        labelOutput.jacobian(target, 0, labelJacobian);
        const outputJacobian = newton.outputJacobian();
        let trace = 0;
        for (let k = 0; k < L; k++) {
          for (let l = 0; l < L; l++) {
            let b = 0;
            for (let e = 0; e < T2; e++) b += outputJacobian[e * L + l] * labelJacobian[e * L + k];
            trace += inverse[k * L + l] * b;
          }
        }
        accumulateSelfTerms(sampler.lastY, inverse, flat, K, Math.min(K, SELF_PAIR_MODES), selfRest, selfPairs);
        for (let k = 0; k < L; k++) selfBase += inverse[k * L + k] - 1;
        let square = 0;
        for (let k = 0; k < L; k++) square += (h[k] - student[k]) ** 2;
        value[0] = ((2 * alpha) / (sigma * sigma)) * square;
        value[1] = ((2 * alpha) / sigma) * (L - inverseTrace);
        value[2] = 4 * alpha * trace;
        for (let i = 0; i < K; i++) {
          let projection = 0;
          for (let k = 0; k < L; k++) projection += (h[k] - student[k]) * modes[i * L + k];
          value[3 + i] = ((2 * alpha * d) / sigma) * projection;
        }
        for (let t = 0; t < terms; t++) {
          sum[t] += value[t];
          sumSquares[t] += value[t] * value[t];
        }
        counted++;
      }
    });
    const mean = (t: number) => sum[t] / counted;
    const standardError = (t: number) =>
      Math.sqrt(Math.max(0, (sumSquares[t] - counted * mean(t) ** 2) / Math.max(1, counted - 1)) / counted);
    const sigmaHat = mean(1);
    const mHatModes = new Float64Array(K);
    const modeErrors = new Float64Array(K);
    for (let i = 0; i < K; i++) {
      const si = s[split.explicit[i]];
      mHatModes[i] = (sigmaHat * diagonalMean[i] + mean(3 + i)) / si;
      modeErrors[i] = Math.hypot(diagonalMean[i] * standardError(1), standardError(3 + i)) / Math.abs(si);
    }
    for (let i = 0; i < K; i++) selfRest[i] /= selfBase;
    for (let i = 0; i < K; i++) {
      for (let l = 0; l < i; l++) {
        // beyond the first SELF_PAIR_MODES modes the pairs keep the Gaussian law's ρ = 1
        selfPairs[i * K + l] = i < SELF_PAIR_MODES ? selfPairs[i * K + l] / selfBase : 1;
        selfPairs[l * K + i] = selfPairs[i * K + l];
      }
    }
    return {
      selfRatios: { rest: selfRest, pairs: selfPairs },
      qHat: mean(0),
      sigmaHat,
      mHatRest: mean(2),
      mHatModes,
      standardErrors: { qHat: standardError(0), sigmaHat: standardError(1), mHatRest: standardError(2), mHatModes: modeErrors },
      unconverged,
    };
  }
}

/**
 * Adds Σ_kk′ (A⁻¹ − I)_kk′ W_kk′ for each explicit mode with a rest coordinate (its expectation over
 * that coordinate) and for each pair of explicit modes, W built from ∂z_ab/∂Ŝ_ij = c_ab(y_ai y_bj +
 * y_aj y_bi)/√d (c = 1/√2 on the diagonal, the flat coordinates), normalised so that a Gaussian y_i
 * gives the identity.
 */
function accumulateSelfTerms(
  y: Float64Array,
  inverse: Float64Array,
  flat: FlatSymmetric,
  K: number,
  pairModes: number,
  rest: Float64Array,
  pairs: Float64Array,
): void {
  const { T, L, index } = flat;
  for (let a = 0; a < T; a++) {
    for (let b = a; b < T; b++) {
      const k = index[a * T + b];
      const ck = a === b ? Math.SQRT1_2 : 1;
      for (let a2 = 0; a2 < T; a2++) {
        for (let b2 = a2; b2 < T; b2++) {
          const k2 = index[a2 * T + b2];
          const jacobian = inverse[k * L + k2] - (k === k2 ? 1 : 0);
          if (jacobian === 0) continue;
          const weight = (jacobian * ck * (a2 === b2 ? Math.SQRT1_2 : 1)) / 2;
          for (let i = 0; i < K; i++) {
            const yai = y[a * K + i];
            const ybi = y[b * K + i];
            const ya2i = y[a2 * K + i];
            const yb2i = y[b2 * K + i];
            // E over the rest coordinate j of (y_ai y_bj + y_aj y_bi)(y_a′i y_b′j + y_a′j y_b′i)
            const restWeight =
              (b === b2 ? yai * ya2i : 0) +
              (b === a2 ? yai * yb2i : 0) +
              (a === b2 ? ybi * ya2i : 0) +
              (a === a2 ? ybi * yb2i : 0);
            rest[i] += weight * restWeight;
            for (let l = 0; l < Math.min(i, pairModes); l++) {
              const yal = y[a * K + l];
              const ybl = y[b * K + l];
              const pairWeight = (yai * ybl + yal * ybi) * (ya2i * y[b2 * K + l] + y[a2 * K + l] * yb2i);
              pairs[i * K + l] += weight * pairWeight;
            }
          }
        }
      }
    }
  }
}
