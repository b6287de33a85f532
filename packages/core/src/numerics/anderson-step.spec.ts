import { describe, expect, it } from 'vitest';
import { andersonStep } from './anderson-step.js';

describe('andersonStep (Anderson type II)', () => {
  // G(x) = A x + b with A's eigenvalues −1.6 and 0.5 (and a third coordinate that is a function of
  // the first two, as GAMP's g and V are of its state): plain iteration diverges along the first; the
  // fixed point is (I − A)⁻¹ b in closed form
  const map = (x: Float64Array): Float64Array => {
    const [u, v] = x;
    return Float64Array.from([-1.6 * u + 1, 0.5 * v + 2, 0.3 * u + 0.2 * v + 0.5]);
  };
  const fixedPoint = [1 / 2.6, 4, 0.3 / 2.6 + 0.8 + 0.5];

  it('solves a linear fixed point with an eigenvalue below −1, a zero-weight coordinate following with the same γ', () => {
    // the third coordinate has weight 0: it is left out of the fit and mixed with the coefficients of the other two
    const weights = Float64Array.from([1, 1, 0]);
    const xs: Float64Array[] = [];
    const gs: Float64Array[] = [];
    let x: Float64Array = new Float64Array(3);
    for (let iteration = 0; iteration < 40; iteration++) {
      const g = map(x);
      xs.push(x);
      gs.push(g);
      if (xs.length > 4) {
        xs.shift();
        gs.shift();
      }
      x = andersonStep(xs, gs, weights, 0.5) ?? x.map((value, i) => 0.5 * value + 0.5 * g[i]);
    }
    // exact arithmetic ends in 3 steps on a 2-D linear map; 1e-9 leaves room for the ridge and rounding
    for (let i = 0; i < 3; i++) expect(x[i]).toBeCloseTo(fixedPoint[i], 9);
    // without mixing, damping 0.5 gives −0.3 on the first mode (converges) but undamped −1.6 diverges
    let plain: Float64Array = new Float64Array(3);
    for (let iteration = 0; iteration < 40; iteration++) plain = map(plain);
    expect(Math.abs(plain[0] - fixedPoint[0])).toBeGreaterThan(1e6);
  });

  it('returns null without history', () => {
    const x = new Float64Array(2);
    expect(andersonStep([x], [Float64Array.from([1, 1])], Float64Array.from([1, 1]), 1)).toBeNull();
  });
});
