import type { TheoryResult } from '@attention-hd/core';
import type { ChannelIntegrator } from '../channel/channel-integrator.js';
import type { PriorSide } from '../prior/prior-side.js';

/**
 * Ŝ = 0 as a fixed point (the Θ(1) plateau R6 of docs/theory.md §5.3: λ so large that every eigenvalue is
 * thresholded). The SE iterates in log q, so q = 0 is out of its reach: an iteration that lands
 * there reports 'nan'. This checks the zero estimator directly: the hats at q = m = 0, Σ → 0⁺
 * (the student's pre-activations vanish, the proximal map is the identity) fed to the prior must
 * give q = 0 again, i.e. ε = 2λ̃/m̂ above the whole spectrum of S₀ + δZ. Returns null when the
 * check fails (the failure then stands as reported).
 */
export function zeroEstimatorPoint(
  alpha: number,
  q0: number,
  channel: ChannelIntegrator,
  prior: PriorSide,
): Omit<TheoryResult, 'seconds'> | null {
  // q = 0 itself is singular for the Stein-form hat estimators; q̂ and m̂ have converged to 6
  // digits by q = 10⁻⁸Q₀ (Σ̂ has no q → 0 limit and is reported as NaN, with η)
  const hats = channel.average({ q: 1e-8 * q0, m: 0, sigma: 1e-10, alpha });
  if (![hats.qHat, hats.mHat, hats.sigmaHat].every(Number.isFinite) || !(hats.mHat > 0)) return null;
  const update = prior.update(hats);
  if (update.q !== 0 || update.rankFraction !== 0) return null;
  const test = channel.testError(0, 0);
  return {
    point: {
      alpha,
      q: 0,
      m: 0,
      sigma: 0,
      qHat: hats.qHat,
      mHat: hats.mHat,
      sigmaHat: Number.NaN,
      delta: update.delta,
      epsilon: update.epsilon,
      eta: Number.NaN,
      testError: test.value,
      testErrorStdErr: test.standardError,
      trainLoss: alpha * hats.moreau,
      mseS: q0,
      rankFraction: 0,
      valid: true,
    },
    status: 'converged',
    iterations: 0,
    residual: 0,
    reason: `the zero estimator Ŝ = 0: at q = m = Σ = 0 the threshold ε = ${update.epsilon.toPrecision(4)} lies above the spectrum of S₀ + δZ (δ = ${update.delta.toPrecision(4)}), so Ŝ = 0 is a fixed point (the Θ(1) plateau)`,
  };
}
