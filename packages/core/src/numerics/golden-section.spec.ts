import { describe, expect, it } from 'vitest';
import { goldenSectionSearch } from './golden-section.js';

describe('goldenSectionSearch', () => {
  it('finds the minimum of (x − 0.3)² on [0, 2] to the tolerance, and of cos on [2, 4] at π', () => {
    expect(Math.abs(goldenSectionSearch((x) => (x - 0.3) ** 2, 0, 2, 1e-10).x - 0.3)).toBeLessThan(1e-10);
    // cos(π + h) = −1 + h²/2 rounds to −1 for |h| ≲ √ε ≈ 1e-8: no comparison can locate π closer
    expect(Math.abs(goldenSectionSearch(Math.cos, 2, 4, 1e-9).x - Math.PI)).toBeLessThan(3e-8);
  });

  it('returns a bracket no wider than the tolerance, and evaluates O(log(1/tol)) times', () => {
    let calls = 0;
    const { lo, hi } = goldenSectionSearch(
      (x) => {
        calls++;
        return Math.abs(x - 1.7);
      },
      0,
      10,
      1e-6,
    );
    expect(hi - lo).toBeLessThanOrEqual(1e-6);
    expect(lo).toBeLessThanOrEqual(1.7);
    expect(hi).toBeGreaterThanOrEqual(1.7);
    // (0.618)^k · 10 ≤ 1e-6 ⇔ k ≥ 33.5: two evaluations to start, one per step
    expect(calls).toBeLessThanOrEqual(37);
  });
});
