/**
 * Roots of a real cubic a x³ + b x² + c x + d (a ≠ 0), in closed form (Cardano with the
 * cancellation-free choice of the cube root, trigonometric form for three real roots), then one
 * Newton polish on the original cubic. Our own: it runs once per quadrature node of the MP ⊞ SC
 * density and must not allocate.
 */
export interface CubicRoots {
  /** number of real roots returned in re[0..] with im = 0: 1 (plus a complex pair) or 3 */
  realCount: 1 | 3;
  /** roots: re[i] + i·im[i]; with one real root, index 1 and 2 hold the pair (im[1] > 0 > im[2]) */
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export function createCubicRoots(): CubicRoots {
  return { realCount: 1, re: new Float64Array(3), im: new Float64Array(3) };
}

const SQRT3_OVER_2 = Math.sqrt(3) / 2;

export function solveCubic(a: number, b: number, c: number, d: number, out: CubicRoots = createCubicRoots()): CubicRoots {
  const B = b / a;
  const C = c / a;
  const D = d / a;
  const shift = B / 3;
  // Depressed cubic y³ + p y + q = 0 with x = y − B/3.
  const p = C - B * shift;
  const q = (2 * B * B * B) / 27 - (B * C) / 3 + D;
  const halfQ = q / 2;
  const thirdP = p / 3;
  const discriminant = halfQ * halfQ + thirdP * thirdP * thirdP;
  if (discriminant > 0) {
    // One real root and a complex pair. u = ∛(−q/2 − sign(q)√Δ) avoids cancellation; v = −p/(3u).
    const root = Math.sqrt(discriminant);
    const u = Math.cbrt(halfQ >= 0 ? -halfQ - root : -halfQ + root);
    const v = u === 0 ? 0 : -thirdP / u;
    out.realCount = 1;
    out.re[0] = polishReal(u + v - shift, B, C, D);
    out.im[0] = 0;
    const pairRe = -(u + v) / 2 - shift;
    const pairIm = SQRT3_OVER_2 * Math.abs(u - v);
    polishComplex(pairRe, pairIm, B, C, D, out);
    return out;
  }
  // Three real roots: y_k = 2√(−p/3) cos(φ/3 − 2πk/3).
  const r = Math.sqrt(Math.max(0, -thirdP));
  const cosine = r === 0 ? 0 : Math.max(-1, Math.min(1, -halfQ / (r * r * r)));
  const phi = Math.acos(cosine);
  out.realCount = 3;
  for (let k = 0; k < 3; k++) {
    out.re[k] = polishReal(2 * r * Math.cos((phi - 2 * Math.PI * k) / 3) - shift, B, C, D);
    out.im[k] = 0;
  }
  return out;
}

function polishReal(x: number, B: number, C: number, D: number): number {
  const f = ((x + B) * x + C) * x + D;
  const df = (3 * x + 2 * B) * x + C;
  if (df === 0) return x;
  const next = x - f / df;
  const fNext = ((next + B) * next + C) * next + D;
  return Math.abs(fNext) <= Math.abs(f) ? next : x;
}

/** One complex Newton step on z³ + Bz² + Cz + D at z = x + iy (kept only if it reduces |f|). */
function polishComplex(x: number, y: number, B: number, C: number, D: number, out: CubicRoots): void {
  const evaluate = (re: number, im: number): [number, number, number, number] => {
    // f = ((z + B) z + C) z + D, f′ = (3z + 2B) z + C
    let fr = re + B;
    let fi = im;
    [fr, fi] = [fr * re - fi * im + C, fr * im + fi * re];
    [fr, fi] = [fr * re - fi * im + D, fr * im + fi * re];
    let dr = 3 * re + 2 * B;
    let di = 3 * im;
    [dr, di] = [dr * re - di * im + C, dr * im + di * re];
    return [fr, fi, dr, di];
  };
  const [fr, fi, dr, di] = evaluate(x, y);
  const den = dr * dr + di * di;
  let re = x;
  let im = y;
  if (den > 0) {
    const stepRe = (fr * dr + fi * di) / den;
    const stepIm = (fi * dr - fr * di) / den;
    const [gr, gi] = evaluate(x - stepRe, y - stepIm);
    if (gr * gr + gi * gi < fr * fr + fi * fi) {
      re = x - stepRe;
      im = y - stepIm;
    }
  }
  out.re[1] = re;
  out.im[1] = Math.abs(im);
  out.re[2] = re;
  out.im[2] = -Math.abs(im);
}
