import { describe, expect, it } from 'vitest';
import { cdiv, cmul, csqrt } from './complex.js';

describe('complex helpers', () => {
  it('takes principal square roots without cancellation near the real axis', () => {
    // √(4 + iy) = 2 + iy/4 + O(y²); √(−4 + iy) = y/4 + 2i (upper side of the cut), −2i below it.
    expect(csqrt({ re: 4, im: 1e-12 })).toEqual({ re: 2, im: 2.5e-13 });
    const upper = csqrt({ re: -4, im: 1e-12 });
    expect(upper.re).toBeCloseTo(2.5e-13, 25);
    expect(upper.im).toBe(2);
    expect(csqrt({ re: -4, im: -1e-12 }).im).toBe(-2);
    const z = { re: -1.3, im: 0.7 };
    const r = csqrt(z);
    const square = cmul(r, r);
    expect(square.re).toBeCloseTo(z.re, 15);
    expect(square.im).toBeCloseTo(z.im, 15);
    expect(r.re).toBeGreaterThanOrEqual(0);
  });

  it('divides without overflow (Smith)', () => {
    const q = cdiv({ re: 1e300, im: 1e300 }, { re: 1e300, im: 1e300 });
    expect(q.re).toBeCloseTo(1, 15);
    expect(q.im).toBeCloseTo(0, 15);
  });
});
