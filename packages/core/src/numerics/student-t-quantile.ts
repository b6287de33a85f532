import { brentRoot } from './brent.js';

/**
 * Student's t quantile: the t with P(T_ν ≤ t) = p, for ν > 0 degrees of freedom. The CDF is
 * 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 (regularised incomplete beta by its continued fraction),
 * inverted by Brent's method to round-off. Our own (about 60 lines) instead of a stdlib package that
 * pulls 223 dependencies for this one function; checked against the closed forms at ν = 1, 2, 4 and
 * published table values.
 */
export function studentTQuantile(p: number, nu: number): number {
  if (!(nu > 0) || Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  // upper tail q = 1 − p = ½ I_x(ν/2, ½) with x = ν/(ν + t²): solve for t ≥ 0 in the tail's own scale
  const q = 1 - p;
  const tail = (t: number) => 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), nu / 2, 0.5);
  let hi = 1;
  while (tail(hi) > q && hi < 1e300) hi *= 4;
  const root = brentRoot((t) => Math.log(tail(t)) - Math.log(q), 0, hi, { xTolerance: 0, relativeTolerance: 2 * Number.EPSILON });
  return root.values;
}

/** I_x(a, b), the regularised incomplete beta function (continued fraction, modified Lentz). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // the continued fraction converges fast for x < (a + 1)/(a + b + 2); use the symmetry otherwise
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    for (const numerator of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return h;
}

/** ln Γ(x) for x > 0: Lanczos (g = 7, 9 terms), relative error about 1e-15. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < g + 2; i++) sum += c[i] / (z + i);
  const t = z + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
