import type { Complex, SpectralLaw } from '@attention-hd/core';

/** The uniform law on [lo, hi]: density 1/(hi − lo), G(z) = log((z − lo)/(z − hi))/(hi − lo). */
export function uniformSpectrumLaw(lo: number, hi: number): SpectralLaw {
  const width = hi - lo;
  return {
    description: `uniform spectrum on [${lo}, ${hi}]`,
    atoms: { positions: new Float64Array(0), weights: new Float64Array(0) },
    continuousMass: 1,
    continuousSupport: [{ lo, hi }],
    density: (x) => (x > lo && x < hi ? 1 / width : 0),
    moment: (k) => (hi ** (k + 1) - lo ** (k + 1)) / ((k + 1) * width),
    stieltjes(z: Complex): Complex {
      // log w = ln|w| + i arg w with w = (z − lo)/(z − hi); the principal branch is right off [lo, hi].
      const aRe = z.re - lo;
      const bRe = z.re - hi;
      const y = z.im;
      const re = 0.5 * Math.log((aRe * aRe + y * y) / (bRe * bRe + y * y));
      const im = Math.atan2(y, aRe) - Math.atan2(y, bRe);
      return { re: re / width, im: im / width };
    },
    stieltjesDerivative(z: Complex): Complex {
      // G′ = (1/(z − lo) − 1/(z − hi))/width
      const inverse = (a: number) => {
        const r2 = a * a + z.im * z.im;
        return { re: a / r2, im: -z.im / r2 };
      };
      const p = inverse(z.re - lo);
      const q = inverse(z.re - hi);
      return { re: (p.re - q.re) / width, im: (p.im - q.im) / width };
    },
  };
}
