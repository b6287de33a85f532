/** The few complex operations the Stieltjes transforms need; a tiny helper instead of a library. */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

export const complex = (re: number, im = 0): Complex => ({ re, im });

export const cadd = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
export const csub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
export const cmul = (a: Complex, b: Complex): Complex => ({
  re: a.re * b.re - a.im * b.im,
  im: a.re * b.im + a.im * b.re,
});
export const cscale = (a: Complex, s: number): Complex => ({ re: a.re * s, im: a.im * s });

export function cdiv(a: Complex, b: Complex): Complex {
  // Smith's algorithm: no overflow for large |b|.
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const den = b.re + b.im * r;
    return { re: (a.re + a.im * r) / den, im: (a.im - a.re * r) / den };
  }
  const r = b.re / b.im;
  const den = b.re * r + b.im;
  return { re: (a.re * r + a.im) / den, im: (a.im * r - a.re) / den };
}

export const cinv = (a: Complex): Complex => cdiv({ re: 1, im: 0 }, a);

/**
 * Principal square root (branch cut on the negative real axis, Re ≥ 0). Only one component is
 * taken from a square root; the other is Im z/(2·that), so no cancellation when |Im z| ≪ |Re z|.
 */
export function csqrt(a: Complex): Complex {
  if (a.re === 0 && a.im === 0) return { re: 0, im: 0 };
  const modulus = Math.hypot(a.re, a.im);
  if (a.re >= 0) {
    const re = Math.sqrt((modulus + a.re) / 2);
    return { re, im: a.im / (2 * re) };
  }
  const im = Math.sqrt((modulus - a.re) / 2);
  return { re: Math.abs(a.im) / (2 * im), im: a.im < 0 ? -im : im };
}

export const cabs = (a: Complex): number => Math.hypot(a.re, a.im);
