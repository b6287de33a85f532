import { describe, expect, it } from 'vitest';
import { logGamma, regularizedIncompleteBeta, studentTQuantile } from './student-t-quantile.js';

// Expected values from closed forms of the t distribution (ν = 1: tan(π(p − ½)); ν = 2:
// (2p − 1)√(2/(4p(1 − p))); ν = 4: 2 sign(p − ½)√(q − 1), q = cos(arccos(√(4p(1 − p)))/3)/√(4p(1 − p)))
// and from published tables (4-digit t-tables; the normal limit 1.959963984540054).
describe('studentTQuantile', () => {
  const closedForms: [number, (p: number) => number][] = [
    [1, (p) => Math.tan(Math.PI * (p - 0.5))],
    [2, (p) => (2 * p - 1) * Math.sqrt(2 / (4 * p * (1 - p)))],
    [
      4,
      (p) => {
        const alpha = 4 * p * (1 - p);
        const q = Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha);
        return Math.sign(p - 0.5) * 2 * Math.sqrt(q - 1);
      },
    ],
  ];
  it.each(closedForms)('matches the closed form at ν = %i to 1e-12 relative', (nu, exact) => {
    for (const p of [0.001, 0.05, 0.3, 0.6, 0.9, 0.975, 0.995, 0.9999]) {
      const expected = exact(p);
      expect(Math.abs(studentTQuantile(p, nu) - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
    }
  });

  it('matches published table values (4 decimals) and tends to the normal quantile', () => {
    const table: [number, number, number][] = [
      [0.975, 3, 3.1824],
      [0.975, 5, 2.5706],
      [0.975, 10, 2.2281],
      [0.975, 30, 2.0423],
      [0.95, 7, 1.8946],
      [0.995, 20, 2.8453],
      [0.9, 15, 1.3406],
    ];
    for (const [p, nu, value] of table) expect(Math.abs(studentTQuantile(p, nu) - value)).toBeLessThan(5e-5);
    expect(Math.abs(studentTQuantile(0.975, 1e7) - 1.959963984540054)).toBeLessThan(1e-6);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(0.025, 10)).toBe(-studentTQuantile(0.975, 10));
    expect(studentTQuantile(1.5, 3)).toBeNaN();
  });

  it('has the building blocks right: ln Γ(n) = ln (n−1)!, I_x(1, 1) = x, I_x(a, 1) = xᵃ', () => {
    expect(Math.abs(logGamma(10) - Math.log(362880))).toBeLessThan(1e-13 * Math.log(362880));
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    for (const x of [0.1, 0.5, 0.93]) {
      expect(Math.abs(regularizedIncompleteBeta(x, 1, 1) - x)).toBeLessThan(1e-14);
      expect(Math.abs(regularizedIncompleteBeta(x, 3.5, 1) - x ** 3.5)).toBeLessThan(1e-14);
    }
  });
});
