import type { SolverResult } from './solver-status.js';

export interface BrentOptions {
  /** absolute tolerance on the root (default 1e-14) */
  readonly xTolerance?: number;
  /** relative tolerance on the root (default 4 ulp) */
  readonly relativeTolerance?: number;
  readonly maxIterations?: number;
}

/**
 * Brent's method (inverse quadratic interpolation + secant + bisection) for f(x) = 0 on [a, b] with a
 * sign change. Our own (a standard 40-line algorithm) so that it returns a status object and runs in
 * float64 inner loops without allocation. `residual` is |f(root)|.
 */
export function brentRoot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  options: BrentOptions = {},
): SolverResult<number> {
  const xTolerance = options.xTolerance ?? 1e-14;
  const relativeTolerance = options.relativeTolerance ?? 4 * Number.EPSILON;
  const maxIterations = options.maxIterations ?? 200;
  let a = lower;
  let b = upper;
  let fa = f(a);
  let fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) {
    return {
      values: Number.NaN,
      status: 'nan',
      iterations: 0,
      residual: Number.NaN,
      reason: 'f is NaN at an end of the bracket',
    };
  }
  if (fa === 0) return { values: a, status: 'converged', iterations: 0, residual: 0, reason: 'f(lower) = 0' };
  if (fb === 0) return { values: b, status: 'converged', iterations: 0, residual: 0, reason: 'f(upper) = 0' };
  if (fa * fb > 0) {
    return {
      values: Number.NaN,
      status: 'no-bracket',
      iterations: 0,
      residual: Math.min(Math.abs(fa), Math.abs(fb)),
      reason: `no sign change on [${lower}, ${upper}]: f = ${fa}, ${fb}`,
    };
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolerance = 2 * relativeTolerance * Math.abs(b) + 0.5 * xTolerance;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tolerance || fb === 0) {
      return { values: b, status: 'converged', iterations: iteration, residual: Math.abs(fb), reason: 'bracket below tolerance' };
    }
    if (Math.abs(e) >= tolerance && Math.abs(fa) > Math.abs(fb)) {
      // Interpolation step (secant if a == c, else inverse quadratic).
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tolerance * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tolerance ? d : m > 0 ? tolerance : -tolerance;
    fb = f(b);
    if (Number.isNaN(fb)) {
      return { values: b, status: 'nan', iterations: iteration, residual: Number.NaN, reason: `f is NaN at x = ${b}` };
    }
  }
  return {
    values: b,
    status: 'max-iterations',
    iterations: maxIterations,
    residual: Math.abs(fb),
    reason: 'iteration cap reached',
  };
}

/**
 * Expands [lower, upper] geometrically until f changes sign (at most `maxExpansions` times); returns
 * the bracket or null. For monotone problems where only a starting interval is known.
 */
export function expandBracket(
  f: (x: number) => number,
  lower: number,
  upper: number,
  options: { factor?: number; maxExpansions?: number; lowerLimit?: number; upperLimit?: number } = {},
): [number, number] | null {
  const factor = options.factor ?? 2;
  const maxExpansions = options.maxExpansions ?? 60;
  const lowerLimit = options.lowerLimit ?? Number.NEGATIVE_INFINITY;
  const upperLimit = options.upperLimit ?? Number.POSITIVE_INFINITY;
  let a = lower;
  let b = upper;
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < maxExpansions; i++) {
    if (fa * fb <= 0) return [a, b];
    const width = b - a;
    if (Math.abs(fa) < Math.abs(fb)) {
      a = Math.max(lowerLimit, a - factor * width);
      fa = f(a);
    } else {
      b = Math.min(upperLimit, b + factor * width);
      fb = f(b);
    }
  }
  return fa * fb <= 0 ? [a, b] : null;
}
