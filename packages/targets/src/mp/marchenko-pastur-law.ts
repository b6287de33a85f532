import {
  type Complex,
  cadd,
  cdiv,
  cmul,
  complex,
  cscale,
  csqrt,
  csub,
  type MarchenkoPasturForm,
  type SpectralLaw,
} from '@attention-hd/core';

/**
 * The exact limiting law of the MP target S₀ = W₀W₀ᵀ/√(r₀ d), r₀ = κ₀ d (docs/theory.md §2.3):
 * S₀ = s·X with s = √κ₀ and X = W₀W₀ᵀ/r₀ Marchenko–Pastur with ratio c = 1/κ₀ and mean 1.
 * Atom 1 − κ₀ at 0 (κ₀ < 1); continuous part on s[(1 − √c)², (1 + √c)²].
 */
export function marchenkoPasturLaw(kappa0: number): SpectralLaw & MarchenkoPasturForm {
  const s = Math.sqrt(kappa0);
  const c = 1 / kappa0;
  const a = (1 - Math.sqrt(c)) ** 2;
  const b = (1 + Math.sqrt(c)) ** 2;
  const atomMass = Math.max(0, 1 - kappa0);

  // G_X(w) = (w + c − 1 − √(w − a)·√(w − b)) / (2 c w), principal roots taken separately: their
  // product has its cut on [a, b] only and behaves like w at infinity (docs/theory.md §11.1).
  const stieltjesX = (w: Complex): Complex => {
    const root = cmul(csqrt(csub(w, complex(a))), csqrt(csub(w, complex(b))));
    return cdiv(csub(cadd(w, complex(c - 1)), root), cscale(w, 2 * c));
  };

  return {
    description: `Marchenko–Pastur target, κ₀ = ${kappa0}`,
    marchenkoPastur: { kappa0 },
    atoms:
      atomMass > 0
        ? { positions: Float64Array.of(0), weights: Float64Array.of(atomMass) }
        : { positions: new Float64Array(0), weights: new Float64Array(0) },
    continuousMass: 1 - atomMass,
    continuousSupport: [{ lo: s * a, hi: s * b }],
    density(x: number): number {
      const y = x / s;
      if (!(y > a && y < b)) return 0;
      return Math.sqrt((b - y) * (y - a)) / (2 * Math.PI * c * y) / s;
    },
    moment(k: number): number {
      // Narayana: E X^k = Σ_{j<k} c^j/(j+1) C(k, j) C(k−1, j); E S₀^k = s^k E X^k.
      if (k === 0) return 1;
      let sum = 0;
      for (let j = 0; j < k; j++) sum += (c ** j / (j + 1)) * binomial(k, j) * binomial(k - 1, j);
      return s ** k * sum;
    },
    stieltjes(z: Complex): Complex {
      return cscale(stieltjesX(cscale(z, 1 / s)), 1 / s);
    },
    stieltjesDerivative(z: Complex): Complex {
      // From c w G² − (w + c − 1) G + 1 = 0: G′ = (G − c G²)/(2 c w G − (w + c − 1)); S₀ = s X.
      const w = cscale(z, 1 / s);
      const g = stieltjesX(w);
      const numerator = csub(g, cscale(cmul(g, g), c));
      const denominator = csub(cscale(cmul(w, g), 2 * c), cadd(w, complex(c - 1)));
      return cscale(cdiv(numerator, denominator), 1 / (s * s));
    },
  };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
