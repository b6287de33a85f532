import type { ServiceIdentifier } from 'inversify';
import type { ParameterSpec, ParameterValues } from '../parameters/parameter-spec.js';
import type { Rng } from '../random/rng.js';
import type { SpectralLaw } from '../spectral/spectral-law.js';

/** S₀ drawn at finite d: the d×d matrix (row-major), and a factor F with S₀ = F Fᵀ when it is PSD. */
export interface SampledTarget {
  readonly d: number;
  readonly S: Float64Array;
  /** d×rank, row-major, S₀ = F Fᵀ; lets the data model compute h(S₀) in O(T d rank) per sample */
  readonly factor?: { readonly F: Float64Array; readonly rank: number };
}

/** A target with its parameters fixed (e.g. MP with κ₀ = 0.5). */
export interface TargetModel {
  readonly targetId: string;
  readonly parameters: ParameterValues;
  /** e.g. "Marchenko–Pastur, κ₀ = 0.5" */
  readonly label: string;
  /**
   * true when the law used by the theory depends on d (e.g. the power law, whose d → ∞ limit is
   * degenerate): then `spectralLaw` and `q0` require d.
   */
  readonly finiteDimensional: boolean;
  /** the exact spectral law μ₀ of S₀: the d → ∞ limit, or the exact law at d if finiteDimensional */
  spectralLaw(d?: number): SpectralLaw;
  /** Q₀ = (1/d) Tr S₀² under that law */
  q0(d?: number): number;
  /** draws S₀ at dimension d */
  sample(d: number, rng: Rng): SampledTarget;
}

/** Extension point: a family of targets S₀ (a plugin binds one of these under the `Target` token). */
export interface Target {
  readonly id: string;
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  /** validates raw values (ParameterError on bad input) and fills defaults */
  create(values?: Readonly<Record<string, unknown>>): TargetModel;
}

export const Target = Symbol.for('@attention-hd/core:Target') as ServiceIdentifier<Target>;
