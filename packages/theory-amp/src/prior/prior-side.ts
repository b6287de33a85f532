/** The conjugate overlaps the channel produces. */
export interface Hats {
  readonly qHat: number;
  readonly mHat: number;
  readonly sigmaHat: number;
}

/** What the prior (denoiser) side returns for given hats (docs/theory.md §3.4, §3.10). */
export interface PriorUpdate {
  readonly q: number;
  readonly m: number;
  readonly sigma: number;
  /** δ = √q̂/m̂, ε = 2λ̃/m̂ (0 for the direct parameterization), η (scale of the denoiser) */
  readonly delta: number;
  readonly epsilon: number;
  readonly eta: number;
  /** the prior's term in Φ, subtracted: (m̂²/(4Σ̂))J for the nuclear norm */
  readonly freeEnergy: number;
  /** rank(Ŝ)/d */
  readonly rankFraction: number;
  /** the rank fraction of the unconstrained denoiser (κ ≥ this: Claim 3.1 applies) */
  readonly unconstrainedRankFraction: number;
  /** the κd rank constraint was active and the truncated denoiser was used (docs/theory.md §3.6) */
  readonly truncated: boolean;
}

/** The denoiser side of the SE for one parameterization. */
export interface PriorSide {
  update(hats: Hats): PriorUpdate;
}
