import type { Interval, SemicircleConvolution } from '@attention-hd/core';

/** A law on [0, ∞) with an atom at 0 (what the learned spectra are). */
export interface SpectrumLaw {
  readonly atomAtZero: number;
  /** support of the part above 0 */
  readonly support: readonly Interval[];
  /** density of the part above 0 */
  density(x: number): number;
  /** P(X ≤ x) */
  cdf(x: number): number;
  /** P(X < x) (differs from cdf only at the atom) */
  cdfLeft(x: number): number;
}

/**
 * Claim 4.1 (docs/theory.md §4): Ŝ has, in law, η·ReLU(S₀ + δZ − ε). Its eigenvalue law is an atom
 * F_δ(ε) at 0 plus the part of μ_δ above ε shifted by −ε and scaled by η:
 * ν(ds) = F_δ(ε)δ₀ + (1/η) ρ_δ(s/η + ε) ds, and P(Ŝ ≤ s) = F_δ(ε + s/η) for s ≥ 0.
 */
export class LearnedSpectrum implements SpectrumLaw {
  readonly atomAtZero: number;
  readonly support: readonly Interval[];
  readonly rankFraction: number;
  /** (1/d) Tr Ŝ = η ∫ (y − ε)₊ dμ_δ */
  readonly meanEigenvalue: number;
  /** q = (1/d) Tr Ŝ² = η² J */
  readonly secondMoment: number;

  constructor(
    readonly convolution: SemicircleConvolution,
    readonly eta: number,
    readonly epsilon: number,
  ) {
    if (!(eta > 0)) throw new RangeError(`LearnedSpectrum: η must be > 0, got ${eta}`);
    const integrals = convolution.denoiserIntegrals(epsilon);
    this.atomAtZero = integrals.F;
    this.rankFraction = integrals.rankFraction;
    this.meanEigenvalue = eta * integrals.meanPositivePart;
    this.secondMoment = eta * eta * integrals.J;
    this.support = convolution.support
      .filter(({ hi }) => hi > epsilon)
      .map(({ lo, hi }) => ({ lo: eta * (Math.max(lo, epsilon) - epsilon), hi: eta * (hi - epsilon) }));
  }

  /** Separate intervals of the non-zero part (a bulk cut by ε counts as one). */
  get bulkCount(): number {
    return this.support.length;
  }

  density(s: number): number {
    return s > 0 ? this.convolution.density(s / this.eta + this.epsilon) / this.eta : 0;
  }

  cdf(s: number): number {
    return s < 0 ? 0 : this.convolution.cdf(this.epsilon + s / this.eta);
  }

  cdfLeft(s: number): number {
    return s <= 0 ? 0 : this.cdf(s);
  }

  /**
   * The law of the singular values of W/(pd)^{1/4}, x = √(eigenvalue of WᵀW/√(pd)) — what the
   * paper's histograms show (docs/theory.md §4.2, η included). W has p = κd columns, so the d-dimensional
   * law is rescaled by d/p: non-zero mass (1 − F_δ(ε))/κ, density (2x/(ηκ)) ρ_δ(x²/η + ε).
   * Needs κ ≥ the rank fraction (else the claim does not apply).
   */
  singularValues(kappa = 1): SpectrumLaw {
    if (!(kappa > 0 && kappa <= 1)) throw new RangeError(`singularValues: κ must be in (0, 1], got ${kappa}`);
    if (this.rankFraction > kappa + 1e-12) {
      throw new RangeError(
        `singularValues: κ = ${kappa} is below the rank fraction ${this.rankFraction}; Claim 4.1 needs κ ≥ rank`,
      );
    }
    const { eta, epsilon, convolution } = this;
    const atom = 1 - this.rankFraction / kappa;
    const F = this.atomAtZero;
    const cdf = (x: number) => (x < 0 ? 0 : atom + (convolution.cdf(epsilon + (x * x) / eta) - F) / kappa);
    return {
      atomAtZero: atom,
      support: this.support.map(({ lo, hi }) => ({ lo: Math.sqrt(lo), hi: Math.sqrt(hi) })),
      density: (x) => (x > 0 ? ((2 * x) / (eta * kappa)) * convolution.density((x * x) / eta + epsilon) : 0),
      cdf,
      cdfLeft: (x) => (x <= 0 ? 0 : cdf(x)),
    };
  }
}
