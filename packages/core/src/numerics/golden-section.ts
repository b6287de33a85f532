export interface GoldenSectionOptions {
  /** stop at most after this many steps (default: until the bracket is narrow enough) */
  readonly maxIterations?: number;
  /**
   * stop early at the first evaluated point where this holds (checked at the two points of the
   * bracket after every step, the lower first), e.g. "f is below a level"
   */
  readonly until?: (x: number, fx: number) => boolean;
}

export interface GoldenSectionResult {
  readonly lo: number;
  readonly hi: number;
  /** the bracket's midpoint */
  readonly x: number;
  /** the point where `until` held, or null */
  readonly found: number | null;
}

/**
 * Golden-section search for a minimum of a unimodal f on [lo, hi]: shrinks the bracket by the golden
 * ratio per evaluation until it is no wider than `tolerance` (a number, or a function of the
 * bracket's lower end for a relative width). Ties (f₁ = f₂, e.g. two failed evaluations at +∞) move
 * the bracket to the right. The one copy every package uses (cross-validated λ̃, e∞, Biane's gaps).
 */
export function goldenSectionSearch(
  f: (x: number) => number,
  lo: number,
  hi: number,
  tolerance: number | ((lo: number) => number),
  options: GoldenSectionOptions = {},
): GoldenSectionResult {
  const ratio = (Math.sqrt(5) - 1) / 2;
  const width = typeof tolerance === 'number' ? () => tolerance : tolerance;
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const until = options.until;
  let a = lo;
  let b = hi;
  let x1 = b - ratio * (b - a);
  let x2 = a + ratio * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  const check = () => (until === undefined ? null : until(x1, f1) ? x1 : until(x2, f2) ? x2 : null);
  let found = check();
  for (let i = 0; i < maxIterations && found === null && b - a > width(a); i++) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - ratio * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + ratio * (b - a);
      f2 = f(x2);
    }
    found = check();
  }
  return { lo: a, hi: b, x: (a + b) / 2, found };
}
