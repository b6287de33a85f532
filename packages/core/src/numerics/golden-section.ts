/**
 * Golden-section search for a minimum of a unimodal f on [lo, hi]: shrinks the bracket by the golden
 * ratio per evaluation until it is narrower than `tolerance`, and returns it (x = its midpoint).
 * Ties (f₁ = f₂, e.g. two failed evaluations at +∞) move the bracket to the right.
 */
export function goldenSectionSearch(
  f: (x: number) => number,
  lo: number,
  hi: number,
  tolerance: number,
): { readonly lo: number; readonly hi: number; readonly x: number } {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let x1 = b - ratio * (b - a);
  let x2 = a + ratio * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  while (b - a > tolerance) {
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
  }
  return { lo: a, hi: b, x: (a + b) / 2 };
}
