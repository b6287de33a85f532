import type { ResultRow } from '@attention-hd/core';
import { describe, expect, it } from 'vitest';
import { referenceAgreement } from './reference-overlay.js';

describe('referenceAgreement', () => {
  it('interpolates our theory in log α and reports relative deviations from the reference points', () => {
    // theory y = 1 + ln α is linear in log α, so the interpolation is exact; the reference points
    // sit 10 % above it (ours − theirs)/theirs = 1/1.1 − 1 = −0.0909…
    const theory: ResultRow[] = [0.1, 0.2, 0.4, 0.8].map((alpha) => ({
      method: 'theory',
      alpha,
      kappa: 1,
      testError: 3 + Math.log(alpha),
    }));
    const reference: ResultRow[] = [0.15, 0.3, 0.6, 2].map((alpha) => ({
      method: 'reference',
      alpha,
      kappa: 1,
      testError: 1.1 * (3 + Math.log(alpha)),
      source: 'simulation: test.csv',
    }));
    const [agreement] = referenceAgreement('learning-curve', [...theory, ...reference]);
    expect(agreement.points).toBe(3); // α = 2 lies outside the theory curve
    expect(agreement.medianRelativeDeviation).toBeCloseTo(1 - 1 / 1.1, 12);
    expect(agreement.maxRelativeDeviation).toBeCloseTo(1 - 1 / 1.1, 12);
    expect(agreement.meanSignedDeviation).toBeCloseTo(1 / 1.1 - 1, 12);
  });
});
