/** What one output step over all samples gives GAMP. */
export interface OutputStep {
  /** Σ_μ Tr ∂g_μ/∂ω_μ (< 0 for a usable step) */
  readonly jacobianTrace: number;
  /** samples whose per-sample problem was not resolved (e.g. a proximal Newton that did not converge) */
  readonly failures: number;
  /** Σ_μ ‖∂g_μ/∂ω_μ‖²_F, for GAMP's stability factor (absent: not computed) */
  readonly jacobianSquared?: number;
}

/** The output side of a GAMP (docs/theory.md §3.14): g_μ = g_out(Y_μ, ω_μ, V) for every sample. */
export interface GampChannel {
  readonly description: string;
  /** writes g (n × L) at ω (n × L) with variance V */
  step(omega: Float64Array, V: number, g: Float64Array): OutputStep;
}
