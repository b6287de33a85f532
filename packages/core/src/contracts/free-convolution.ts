import type { ServiceIdentifier } from 'inversify';
import type { Interval, SpectralLaw } from '../spectral/spectral-law.js';

/**
 * The one-dimensional integrals of the spectral soft-threshold denoiser against μ_δ = μ₀ ⊞ SC(δ²)
 * (docs/theory.md §3.3–3.4), all at one (δ, ε). With t = δ² and H = Re G_δ the Hilbert transform:
 */
export interface DenoiserIntegrals {
  readonly delta: number;
  readonly epsilon: number;
  /** J = ∫ (x − ε)₊² dμ_δ */
  readonly J: number;
  /** ∂J/∂ε = −2 ∫ (x − ε)₊ dμ_δ */
  readonly dJdEpsilon: number;
  /** ∂J/∂t = 2 ∫ (x − ε)₊ H(x) dμ_δ */
  readonly dJdT: number;
  /** ∂J/∂δ = 2δ ∂J/∂t */
  readonly dJdDelta: number;
  /** ∫ (x − ε)₊ dμ_δ */
  readonly meanPositivePart: number;
  /** ∫ x (x − ε)₊ dμ_δ */
  readonly firstMomentPositivePart: number;
  /** m/η = ∫ (x − ε)₊ (x − 2tH(x)) dμ_δ = J − (δ/2)∂_δJ − (ε/2)∂_εJ */
  readonly overlap: number;
  /** F_δ(ε) = μ_δ((−∞, ε]) */
  readonly F: number;
  /** 1 − F_δ(ε): the rank fraction of η ReLU(S₀ + δZ − ε) */
  readonly rankFraction: number;
}

/** μ_δ = μ₀ ⊞ SC(δ²) at one δ: its density, Hilbert transform, support and denoiser integrals. */
export interface SemicircleConvolution {
  readonly delta: number;
  /** which method computed it, e.g. 'mp-closed-form' or 'biane' */
  readonly method: string;
  /** sorted, disjoint intervals carrying μ_δ (δ > 0: it has no atoms) */
  readonly support: readonly Interval[];
  density(x: number): number;
  /** H(x) = Re G_δ(x ± i0), G_δ(z) = ∫ dμ_δ(y)/(z − y) */
  hilbert(x: number): number;
  /** F_δ(x) = μ_δ((−∞, x]) */
  cdf(x: number): number;
  /** the x with F_δ(x) = p, p ∈ (0, 1) */
  quantile(p: number): number;
  /**
   * The integrals at threshold ε. With `cutoff` > ε they run over x > cutoff only, the shift staying
   * ε: the truncated denoiser that keeps the top eigenvalues (docs/theory.md §3.6, y₀ = F_δ⁻¹(1 − κ)); the
   * derivative forms stay exact because y₀(t) moves at fixed mass.
   */
  denoiserIntegrals(epsilon: number, options?: { cutoff?: number }): DenoiserIntegrals;
}

/** Free convolution with a semicircle, for any law a target provides. */
export interface FreeConvolution {
  /**
   * μ₀ ⊞ SC(δ²); `method` 'auto' (default) uses a closed form where the law's capabilities give one,
   * 'general' forces the method that works for every law.
   */
  convolveWithSemicircle(law: SpectralLaw, delta: number, options?: { method?: 'auto' | 'general' }): SemicircleConvolution;
}

export const FreeConvolution = Symbol.for('@attention-hd/core:FreeConvolution') as ServiceIdentifier<FreeConvolution>;
