import { describe, expect, it } from 'vitest';
import { atomicLaw } from './atomic-law.js';

describe('atomicLaw', () => {
  it('normalizes weights and gives exact moments and transforms', () => {
    const law = atomicLaw([0, 1, 3], [2, 1, 1]); // masses 1/2, 1/4, 1/4
    expect(law.moment(0)).toBeCloseTo(1, 15);
    expect(law.moment(1)).toBeCloseTo(1, 15); // 1/4 + 3/4
    expect(law.moment(2)).toBeCloseTo(2.5, 15); // 1/4 + 9/4
    const z = { re: 0.3, im: 0.7 };
    // G(z) = Σ w/(z − a), computed with complex division by hand.
    let re = 0;
    let im = 0;
    for (const [a, w] of [
      [0, 0.5],
      [1, 0.25],
      [3, 0.25],
    ]) {
      const x = z.re - a;
      const r2 = x * x + z.im * z.im;
      re += (w * x) / r2;
      im += (-w * z.im) / r2;
    }
    expect(law.stieltjes(z).re).toBeCloseTo(re, 14);
    expect(law.stieltjes(z).im).toBeCloseTo(im, 14);
    // G′ against a central difference of G along the real direction (error O(h²) ≈ 1e-10).
    const h = 1e-5;
    const plus = law.stieltjes({ re: z.re + h, im: z.im });
    const minus = law.stieltjes({ re: z.re - h, im: z.im });
    expect(law.stieltjesDerivative(z).re).toBeCloseTo((plus.re - minus.re) / (2 * h), 8);
    expect(law.stieltjesDerivative(z).im).toBeCloseTo((plus.im - minus.im) / (2 * h), 8);
  });
});
