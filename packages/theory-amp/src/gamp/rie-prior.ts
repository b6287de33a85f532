import {
  type Complex,
  cadd,
  cdiv,
  complex,
  cscale,
  csub,
  type FreeConvolution,
  type SpectralLaw,
  symmetricEigen,
} from '@attention-hd/core';
import { rieMmse } from '../prior/rie-mmse.js';
import type { GampPrior } from './gamp-prior.js';
import { spectralMatrix } from './spectral-matrix.js';

/**
 * The Bayes-optimal prior of GAMP (docs/theory.md §3.12, §3.14): R = S₀ + √t Z with t = Σ_r d/2, and the
 * rotationally invariant estimator keeps R's eigenvectors and maps each eigenvalue λ to
 * λ − 2t Re G_t(λ + iη), G_t the Stieltjes transform of μ₀ ⊞ SC(t) (the known prior's law) by the
 * subordination G_t(z) = G₀(ω), ω = z − t G₀(ω) (Newton, continued along the sorted eigenvalues).
 * η = (λ_max − λ_min)/d, a few eigenvalue spacings: on the real axis H_t has infinite slope at the
 * support's edges, where finite-d eigenvalues fluctuate, and GAMP then does not settle. The
 * divergence is returned through its expectation: V = Σ_r div/d = mmse(t) (I-MMSE).
 */
export class RiePrior implements GampPrior {
  readonly description = 'rotationally invariant estimator (Bayes-optimal for a rotationally invariant S₀)';

  constructor(
    private readonly free: FreeConvolution,
    private readonly law: SpectralLaw,
    readonly d: number,
  ) {}

  denoise(R: Float64Array, sigmaR: number, out: Float64Array): number {
    const d = this.d;
    const t = (sigmaR * d) / 2;
    const { values, vectors } = symmetricEigen(R, d);
    const O = vectors as Float64Array;
    const eta = (values[d - 1] - values[0]) / d;
    const xi = new Float64Array(d);
    let omega: Complex = complex(values[0], eta + t); // Im ω ≥ Im z: a start in the right half-plane
    for (let k = 0; k < d; k++) {
      omega = this.#subordination(complex(values[k], eta), t, omega);
      xi[k] = values[k] - 2 * t * this.law.stieltjes(omega).re;
    }
    spectralMatrix(O, xi, d, out);
    return (rieMmse(this.free, this.law, t) * d) / sigmaR;
  }

  /** ω with ω = z − t G₀(ω), Im ω > 0: Newton from `start`, fixed-point steps where Newton leaves the half-plane. */
  #subordination(z: Complex, t: number, start: Complex): Complex {
    let omega = start;
    for (let iteration = 0; iteration < 200; iteration++) {
      const g = this.law.stieltjes(omega);
      const residual = csub(cadd(omega, cscale(g, t)), z);
      if (Math.hypot(residual.re, residual.im) < 1e-13 * (1 + Math.hypot(z.re, z.im))) return omega;
      const slope = cadd(complex(1), cscale(this.law.stieltjesDerivative(omega), t));
      const next = csub(omega, cdiv(residual, slope));
      // the fixed-point map ω ← z − tG₀(ω) keeps Im ω ≥ Im z; Newton is used while it stays there
      omega = next.im >= z.im ? next : csub(z, cscale(g, t));
    }
    return omega;
  }
}
