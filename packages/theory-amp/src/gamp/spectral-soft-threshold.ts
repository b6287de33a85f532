import { symmetricEigen } from '@attention-hd/core';
import type { GampPrior } from './gamp-prior.js';
import { spectralMatrix } from './spectral-matrix.js';

/**
 * The ERM prior of the factorized model with κ = 1 (docs/theory.md §3.14): the proximal map of the
 * penalty λ̃ d Tr S over S ⪰ 0 (= λ‖W‖²_F), η(R) = O max(Λ − θ, 0) Oᵀ with θ = Σ_r λ̃ d. Its
 * divergence in the Frobenius coordinates of symmetric matrices is
 * Σ_i 1[λ_i > θ] + Σ_{i<j} (f(λ_i) − f(λ_j))/(λ_i − λ_j), f(λ) = max(λ − θ, 0): the Jacobian of a
 * spectral function is diagonal on the basis v_i v_jᵀ + v_j v_iᵀ with those difference quotients as
 * eigenvalues, whose squares sum to ‖∂η/∂R‖²_F.
 */
export class SpectralSoftThreshold implements GampPrior {
  readonly description: string;

  constructor(
    readonly lambdaTilde: number,
    readonly d: number,
  ) {
    this.description = `spectral soft threshold (nuclear norm on S ⪰ 0), λ̃ = ${lambdaTilde}`;
  }

  #jacobianSquared = Number.NaN;

  jacobianSquared(): number {
    return this.#jacobianSquared;
  }

  denoise(R: Float64Array, sigmaR: number, out: Float64Array): number {
    const d = this.d;
    const { values, vectors } = symmetricEigen(R, d);
    const O = vectors as Float64Array;
    const theta = sigmaR * this.lambdaTilde * d;
    const f = new Float64Array(d);
    let divergence = 0;
    let squared = 0;
    for (let i = 0; i < d; i++) {
      f[i] = Math.max(values[i] - theta, 0);
      if (values[i] > theta) divergence += 1;
    }
    squared = divergence;
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        const gap = values[i] - values[j];
        // equal eigenvalues: the difference quotient's limit f′
        const slope = Math.abs(gap) > 1e-12 * (Math.abs(values[i]) + 1) ? (f[i] - f[j]) / gap : values[i] > theta ? 1 : 0;
        divergence += slope;
        squared += slope * slope;
      }
    }
    this.#jacobianSquared = squared;
    spectralMatrix(O, f, d, out);
    return divergence;
  }
}
