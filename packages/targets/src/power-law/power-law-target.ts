import {
  atomicLaw,
  haarOrthogonal,
  ParameterError,
  type ParameterSpec,
  type Rng,
  requireInteger,
  resolveParameters,
  type SampledTarget,
  type SpectralLaw,
  type Target,
  type TargetModel,
} from '@attention-hd/core';

export type PowerLawNormalization = 'unit-q0' | 'sqrt-d';

const parameters: readonly ParameterSpec[] = [
  {
    name: 'gamma',
    kind: 'number',
    symbol: 'γ',
    description: 'decay exponent of the eigenvalues s_i ∝ √d i^{−γ} (γ > 1/2 keeps Q₀ finite)',
    default: 0.75,
    range: { min: 0.5, minExclusive: true, max: 10 },
  },
  {
    name: 'normalization',
    kind: 'choice',
    description: "'unit-q0': c_γ = (Σ_j j^{−2γ})^{−1/2}, so Q₀ = 1 (default); 'sqrt-d': c_γ = 1, Q₀ = Σ_{i≤d} i^{−2γ}",
    default: 'unit-q0',
    choices: ['unit-q0', 'sqrt-d'],
  },
];

/**
 * Eigenvalues s_i = c_γ √d i^{−γ}, i = 1..d (docs/theory.md §2.3). Exact at every d, so the law the
 * theory uses is this finite-d atomic law; its d → ∞ limit is degenerate (δ₀ with Q₀ carried by o(d)
 * outliers).
 */
export function powerLawEigenvalues(gamma: number, d: number, normalization: PowerLawNormalization): Float64Array {
  const s = new Float64Array(d);
  let sumSquares = 0;
  for (let i = 1; i <= d; i++) sumSquares += i ** (-2 * gamma);
  const c = normalization === 'unit-q0' ? 1 / Math.sqrt(sumSquares) : 1;
  for (let i = 1; i <= d; i++) s[i - 1] = c * Math.sqrt(d) * i ** -gamma;
  return s;
}

/** The power-law target S₀ = O diag(s) Oᵀ with O Haar-orthogonal. */
export class PowerLawTarget implements Target {
  readonly id = 'power-law';
  readonly description = 'power-law target: eigenvalues c_γ√d·i^{−γ} in a Haar basis (finite-d law; Q₀ = 1 by default)';
  readonly parameters = parameters;

  create(values: Readonly<Record<string, unknown>> = {}): TargetModel {
    const resolved = resolveParameters(parameters, values, 'target power-law');
    const gamma = resolved.gamma as number;
    const normalization = resolved.normalization as PowerLawNormalization;
    const laws = new Map<number, SpectralLaw>();
    const lawAt = (d: number | undefined): SpectralLaw => {
      if (d === undefined) {
        throw new ParameterError('d', d, 'an integer ≥ 1: the power-law target has no d → ∞ law, give the dimension');
      }
      requireInteger('d', d, { min: 1 });
      let law = laws.get(d);
      if (law === undefined) {
        law = atomicLaw(powerLawEigenvalues(gamma, d, normalization), undefined, `power law γ = ${gamma} at d = ${d}`);
        laws.set(d, law);
      }
      return law;
    };
    return {
      targetId: this.id,
      parameters: resolved,
      label: `power law, γ = ${gamma}${normalization === 'unit-q0' ? '' : ' (c_γ = 1)'}`,
      finiteDimensional: true,
      spectralLaw: lawAt,
      q0: (d?: number) => lawAt(d).moment(2),
      sample: (d: number, rng: Rng) =>
        samplePowerLaw(powerLawEigenvalues(gamma, requireInteger('d', d, { min: 1 }), normalization), rng),
    };
  }
}

/** S₀ = O diag(s) Oᵀ, O Haar, with its factor F = O diag(√s). */
export function samplePowerLaw(eigenvalues: Float64Array, rng: Rng): SampledTarget {
  const d = eigenvalues.length;
  const o = haarOrthogonal(d, rng);
  const F = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) F[i * d + k] = o[i * d + k] * Math.sqrt(eigenvalues[k]);
  const S = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += F[i * d + k] * F[j * d + k];
      S[i * d + j] = sum;
      S[j * d + i] = sum;
    }
  }
  return { d, S, factor: { F, rank: d } };
}
