import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile.js';

describe('normalQuantile (AS241)', () => {
  it('inverts the normal CDF, checked against erfc-based reference values', () => {
    // Φ⁻¹ at p = 0.975, 0.5, 1e-10 and 0.999: classical tabulated quantiles.
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 13);
    expect(normalQuantile(0.025)).toBeCloseTo(-normalQuantile(0.975), 15);
  });

  it('is the inverse of Φ computed by an independent series (Φ(x) = ½ + φ(x)Σ x^{2k+1}/(2k+1)!!)', () => {
    const phi = (x: number) => {
      let term = x;
      let sum = x;
      for (let k = 1; k < 200; k++) {
        term *= (x * x) / (2 * k + 1);
        sum += term;
      }
      return 0.5 + (Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI)) * sum;
    };
    for (const p of [0.01, 0.1, 0.3, 0.42, 0.6, 0.9, 0.99]) expect(phi(normalQuantile(p))).toBeCloseTo(p, 14);
  });
});
