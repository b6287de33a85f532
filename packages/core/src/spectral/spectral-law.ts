import type { Complex } from '../numerics/complex.js';

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** Point masses as a struct of arrays (a finite-d law has d of them). */
export interface Atoms {
  readonly positions: Float64Array;
  readonly weights: Float64Array;
}

/**
 * A probability law on ℝ: the spectral law μ₀ of a target (limiting, or the exact finite-d atomic
 * law). This is all the theory needs from a target: the free convolution μ₀ ⊞ semicircle is built
 * from G₀ and G₀′, quadratures from the density, atoms and support.
 */
export interface SpectralLaw {
  readonly description: string;
  readonly atoms: Atoms;
  /** mass of the absolutely continuous part (1 − total atom mass) */
  readonly continuousMass: number;
  /** sorted, disjoint intervals carrying the continuous part (empty for a purely atomic law) */
  readonly continuousSupport: readonly Interval[];
  /** density of the continuous part (0 off its support) */
  density(x: number): number;
  /** exact raw moment ∫ xᵏ dμ */
  moment(k: number): number;
  /** Stieltjes transform G(z) = ∫ dμ(x)/(z − x), for z off the support (Im G < 0 when Im z > 0) */
  stieltjes(z: Complex): Complex;
  /** G′(z) = −∫ dμ(x)/(z − x)² */
  stieltjesDerivative(z: Complex): Complex;
}

/** Smallest and largest point of the support (atoms included). */
export function supportBounds(law: SpectralLaw): Interval {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const { positions, weights } = law.atoms;
  for (let i = 0; i < positions.length; i++) {
    if (weights[i] > 0) {
      lo = Math.min(lo, positions[i]);
      hi = Math.max(hi, positions[i]);
    }
  }
  for (const interval of law.continuousSupport) {
    lo = Math.min(lo, interval.lo);
    hi = Math.max(hi, interval.hi);
  }
  return { lo, hi };
}

/**
 * Capability of a law that is √κ₀ times a mean-one Marchenko–Pastur law of ratio 1/κ₀ (the MP
 * target, docs/theory.md §2.3): its free convolution with a semicircle has a closed form (§6.1).
 * A law declares it by carrying `marchenkoPastur`; consumers test with `hasMarchenkoPasturForm`.
 */
export interface MarchenkoPasturForm {
  readonly marchenkoPastur: { readonly kappa0: number };
}

export function hasMarchenkoPasturForm(law: SpectralLaw): law is SpectralLaw & MarchenkoPasturForm {
  const form = (law as Partial<MarchenkoPasturForm>).marchenkoPastur;
  return form !== undefined && typeof form.kappa0 === 'number';
}
