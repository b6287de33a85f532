/**
 * The denoiser of a GAMP over symmetric matrices (docs/theory.md §3.14): Ŝ = η(R) from the effective
 * observation R = S₀ + noise whose independent Frobenius coordinates have variance Σ_r, and the
 * divergence of η in those d(d + 1)/2 coordinates (which sets the output step's variance V = Σ_r·div/d).
 */
export interface GampPrior {
  readonly description: string;
  /** writes η(R) into out (d × d) and returns div η */
  denoise(R: Float64Array, sigmaR: number, out: Float64Array): number;
  /** ‖∂η/∂R‖²_F in those coordinates at the last `denoise` call, for GAMP's stability factor (optional) */
  jacobianSquared?(): number;
}
