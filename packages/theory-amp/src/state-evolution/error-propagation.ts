import type { ChannelAverage } from '../channel/channel-average.js';
import type { ChannelIntegrator } from '../channel/channel-integrator.js';
import type { PriorSide } from '../prior/prior-side.js';

/**
 * The integration error of the channel moves the fixed point itself. Linearly: with P the prior map
 * (hats → overlaps) and H the channel map (overlaps → hats), a hat error ξ shifts the fixed point by
 * dx = (I − DP·DH)⁻¹ DP ξ. ξ's covariance comes from the spread of the rule's replicates; DP and DH
 * from finite differences (3 prior evaluations, and 3 channel evaluations on the first 2 replicates
 * — a Jacobian for an error bar needs no more). The result: the standard errors this gives q, m, Σ
 * and MSE_S = Q₀ − 2m + q, and what it adds to e_test through ∂e_test/∂(q, m).
 */
export interface PropagatedErrors {
  readonly testError: number;
  readonly q: number;
  readonly m: number;
  readonly sigma: number;
  readonly mseS: number;
}

const NONE: PropagatedErrors = { testError: 0, q: 0, m: 0, sigma: 0, mseS: 0 };
const UNKNOWN: PropagatedErrors = { testError: Number.NaN, q: Number.NaN, m: Number.NaN, sigma: Number.NaN, mseS: Number.NaN };

export function propagatedErrors(options: {
  alpha: number;
  x: readonly [number, number, number];
  channelAtFixedPoint: ChannelAverage;
  channel: ChannelIntegrator;
  prior: PriorSide;
}): PropagatedErrors {
  const { alpha, x, channelAtFixedPoint: at, channel, prior } = options;
  const replicates = at.replicateHats;
  if (replicates === null) return NONE;
  const R = replicates.length / 3;
  if (R < 2) return UNKNOWN;
  // Covariance of the hats' estimate: the covariance of the replicate values over R.
  const mean = [0, 0, 0];
  for (let r = 0; r < R; r++) for (let i = 0; i < 3; i++) mean[i] += replicates[r * 3 + i] / R;
  const cov = new Float64Array(9);
  for (let r = 0; r < R; r++) {
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++)
        cov[i * 3 + j] += ((replicates[r * 3 + i] - mean[i]) * (replicates[r * 3 + j] - mean[j])) / ((R - 1) * R);
    }
  }
  const hats = [at.qHat, at.mHat, at.sigmaHat];
  const base = prior.update({ qHat: hats[0], mHat: hats[1], sigmaHat: hats[2] });
  const overlapsOf = (u: { q: number; m: number; sigma: number }) => [u.q, u.m, u.sigma];
  // DP: ∂(q, m, Σ)/∂(q̂, m̂, Σ̂), forward differences of relative size 1e-5.
  const DP = new Float64Array(9);
  for (let j = 0; j < 3; j++) {
    const step = 1e-5 * Math.abs(hats[j]);
    const shifted = [...hats];
    shifted[j] += step;
    const moved = overlapsOf(prior.update({ qHat: shifted[0], mHat: shifted[1], sigmaHat: shifted[2] }));
    const origin = overlapsOf(base);
    for (let i = 0; i < 3; i++) DP[i * 3 + j] = (moved[i] - origin[i]) / step;
  }
  // DH: ∂(hats)/∂(q, m, Σ) on the same nodes (their warm starts make these evaluations cheap).
  const DH = new Float64Array(9);
  channel.useReplicates(2);
  const coarse = channel.average({ q: x[0], m: x[1], sigma: x[2], alpha });
  const coarseHats = [coarse.qHat, coarse.mHat, coarse.sigmaHat];
  for (let j = 0; j < 3; j++) {
    const step = 1e-5 * Math.abs(x[j]);
    const shifted = [...x];
    shifted[j] += step;
    const moved = channel.average({ q: shifted[0], m: shifted[1], sigma: shifted[2], alpha });
    const movedHats = [moved.qHat, moved.mHat, moved.sigmaHat];
    for (let i = 0; i < 3; i++) DH[i * 3 + j] = (movedHats[i] - coarseHats[i]) / step;
  }
  channel.useReplicates(channel.rule.replicates);
  // M = (I − DP·DH)⁻¹ DP, Cov(x*) = M cov Mᵀ.
  const A = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += DP[i * 3 + k] * DH[k * 3 + j];
      A[i * 3 + j] = (i === j ? 1 : 0) - s;
    }
  }
  const M = solve3(A, DP);
  if (M === null) return UNKNOWN;
  const covX = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) s += M[i * 3 + k] * cov[k * 3 + l] * M[j * 3 + l];
      covX[i * 3 + j] = s;
    }
  }
  // ∂e_test/∂q and ∂e_test/∂m on the test-error nodes (the same nodes: the difference is smooth).
  const [q, m] = x;
  const e0 = channel.testError(q, m).value;
  const hq = 1e-5 * q;
  const hm = 1e-5 * Math.abs(m);
  const gq = (channel.testError(q + hq, m).value - e0) / hq;
  const gm = (channel.testError(q, m + hm).value - e0) / hm;
  const variance = gq * gq * covX[0] + 2 * gq * gm * covX[1] + gm * gm * covX[4];
  const sd = (v: number) => Math.sqrt(Math.max(0, v));
  return {
    testError: sd(variance),
    q: sd(covX[0]),
    m: sd(covX[4]),
    sigma: sd(covX[8]),
    mseS: sd(covX[0] + 4 * covX[4] - 4 * covX[1]),
  };
}

/** X = A⁻¹B for 3×3 matrices (Gaussian elimination with partial pivoting); null if singular. */
function solve3(a: Float64Array, b: Float64Array): Float64Array | null {
  const A = Array.from({ length: 3 }, (_, i) => [a[i * 3], a[i * 3 + 1], a[i * 3 + 2], b[i * 3], b[i * 3 + 1], b[i * 3 + 2]]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (A[p][c] === 0) return null;
    [A[c], A[p]] = [A[p], A[c]];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = A[r][c] / A[c][c];
      for (let k = c; k < 6; k++) A[r][k] -= f * A[c][k];
    }
  }
  const x = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) x[i * 3 + j] = A[i][3 + j] / A[i][i];
  return x;
}
