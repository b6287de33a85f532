import {
  matmulTransposeB,
  type ParameterSpec,
  type Rng,
  requireInteger,
  resolveParameters,
  type SampledTarget,
  type SpectralLaw,
  type Target,
  type TargetModel,
} from '@attention-hd/core';
import { marchenkoPasturLaw } from './marchenko-pastur-law.js';

const parameters: readonly ParameterSpec[] = [
  {
    name: 'kappa0',
    kind: 'number',
    symbol: 'κ₀',
    description: 'target rank ratio r₀/d',
    default: 0.5,
    range: { min: 0, minExclusive: true, max: 1 },
  },
];

/** The Marchenko–Pastur target S₀ = W₀W₀ᵀ/√(r₀ d), W₀ ∈ ℝ^{d×r₀} i.i.d. N(0, 1), r₀ = κ₀ d. */
export class MarchenkoPasturTarget implements Target {
  readonly id = 'mp';
  readonly description = 'Marchenko–Pastur target S₀ = W₀W₀ᵀ/√(r₀d), rank r₀ = κ₀d (Q₀ = 1 + κ₀)';
  readonly parameters = parameters;

  create(values: Readonly<Record<string, unknown>> = {}): TargetModel {
    const resolved = resolveParameters(parameters, values, 'target mp');
    const kappa0 = resolved.kappa0 as number;
    let law: SpectralLaw | undefined;
    return {
      targetId: this.id,
      parameters: resolved,
      label: `Marchenko–Pastur, κ₀ = ${kappa0}`,
      finiteDimensional: false,
      spectralLaw: () => {
        law ??= marchenkoPasturLaw(kappa0);
        return law;
      },
      q0: () => 1 + kappa0,
      sample: (d: number, rng: Rng) => sampleMarchenkoPastur(kappa0, d, rng),
    };
  }
}

/** Draws S₀ at dimension d, with its factor F = W₀/(r₀ d)^{1/4} (S₀ = F Fᵀ). */
export function sampleMarchenkoPastur(kappa0: number, d: number, rng: Rng): SampledTarget {
  requireInteger('d', d, { min: 1 });
  const rank = Math.max(1, Math.round(kappa0 * d));
  const F = rng.fillNormal(new Float64Array(d * rank), (rank * d) ** -0.25);
  return { d, S: matmulTransposeB(F, F, d, rank, d), factor: { F, rank } };
}
