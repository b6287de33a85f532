import type { TheoryPoint } from '@attention-hd/core';

/** What a non-converged point reports: NaN everywhere but α, so it can never pass for a result. */
export function notAResult(alpha: number): TheoryPoint {
  const nan = Number.NaN;
  return {
    alpha,
    q: nan,
    m: nan,
    sigma: nan,
    qHat: nan,
    mHat: nan,
    sigmaHat: nan,
    delta: nan,
    epsilon: nan,
    eta: nan,
    testError: nan,
    testErrorStdErr: nan,
    trainLoss: nan,
    mseS: nan,
    rankFraction: nan,
    valid: false,
  };
}
