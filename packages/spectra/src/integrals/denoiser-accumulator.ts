import type { DenoiserIntegrals } from '@attention-hd/core';

/**
 * The denoiser integrals from quadrature nodes of μ_δ above ε: positions x_k, probability masses
 * w_k (= ρ_δ(x_k)·dx) and Hilbert transforms H_k. Shared by every free-convolution method, so the
 * formulas of docs/theory.md §3.4 live in one place:
 * J = Σ w (x−ε)², ∂_εJ = −2Σ w (x−ε), ∂_tJ = 2Σ w (x−ε) H, m/η = Σ w (x−ε)(x − 2tH), over x > max(ε, cutoff).
 */
export function accumulateDenoiserIntegrals(
  delta: number,
  epsilon: number,
  x: Float64Array,
  w: Float64Array,
  H: Float64Array,
  count: number,
  /** only nodes with x > cutoff count (the truncated denoiser); default ε */
  cutoff = epsilon,
): DenoiserIntegrals {
  const t = delta * delta;
  let J = 0;
  let positivePart = 0;
  let firstMoment = 0;
  let heat = 0;
  let mass = 0;
  for (let k = 0; k < count; k++) {
    if (!(x[k] > cutoff)) continue;
    const excess = x[k] - epsilon;
    const wk = w[k];
    mass += wk;
    positivePart += wk * excess;
    J += wk * excess * excess;
    firstMoment += wk * x[k] * excess;
    heat += wk * excess * H[k];
  }
  const dJdT = 2 * heat;
  return {
    delta,
    epsilon,
    J,
    dJdEpsilon: -2 * positivePart,
    dJdT,
    dJdDelta: 2 * delta * dJdT,
    meanPositivePart: positivePart,
    firstMomentPositivePart: firstMoment,
    overlap: firstMoment - t * dJdT,
    F: 1 - mass,
    rankFraction: mass,
  };
}
