import { type ModelShape, type Parameterization, type Rng, requireInteger, type ScoreForm } from '@attention-hd/core';
import { preActivationsFromMatrix } from '../data-model/pre-activations.js';
import { packedLength, packSymmetric, unpackSymmetric } from './packed-symmetric.js';

/**
 * The direct ("unfactorized") student (docs/theory.md §2.5, the paper's `GD_L2_symm.py`): θ = s, the
 * d(d+1)/2 upper-triangular entries; S = sym(s)/√(pd) with p = d; penalty λ√(pd)‖S‖²_F = dλ̃‖S‖²_F
 * with λ̃ = λ (κ = 1). S is a general symmetric matrix, not constrained to be PSD.
 */
export class DirectParameterization implements Parameterization {
  readonly id = 'direct';
  readonly description = 'symmetric S = sym(s)/d trained on its d(d+1)/2 entries, penalty λ√(pd)‖S‖²_F = dλ̃‖S‖²_F (p = d, λ̃ = λ)';
  readonly symmetric = true;

  shape(d: number, _kappa = 1): ModelShape {
    requireInteger('d', d, { min: 1 });
    return { d, p: d };
  }

  parameterCount(shape: ModelShape): number {
    return packedLength(shape.d);
  }

  lambdaTilde(lambda: number): number {
    return lambda;
  }

  lambdaFromTilde(lambdaTilde: number): number {
    return lambdaTilde;
  }

  initialParameters(shape: ModelShape, rng: Rng, scale = 1): Float64Array {
    return rng.fillNormal(new Float64Array(packedLength(shape.d)), scale);
  }

  toS(theta: Float64Array, shape: ModelShape): Float64Array {
    return unpackSymmetric(theta, shape.d, 1 / Math.sqrt(shape.p * shape.d));
  }

  fromS(S: Float64Array, shape: ModelShape): Float64Array {
    return packSymmetric(S, shape.d, Math.sqrt(shape.p * shape.d));
  }

  penalty(theta: Float64Array, shape: ModelShape, lambda: number): number {
    const S = this.toS(theta, shape);
    let frobenius2 = 0;
    for (let i = 0; i < S.length; i++) frobenius2 += S[i] * S[i];
    return lambda * Math.sqrt(shape.p * shape.d) * frobenius2;
  }

  /** penalty = (λ/√(pd))‖sym(s)‖²_F: off-diagonal entries count twice */
  addPenaltyGradient(theta: Float64Array, shape: ModelShape, lambda: number, out: Float64Array): void {
    const d = shape.d;
    const c = (2 * lambda) / Math.sqrt(shape.p * d);
    let k = 0;
    for (let i = 0; i < d; i++) {
      out[k] += c * theta[k];
      k++;
      for (let j = i + 1; j < d; j++, k++) out[k] += 2 * c * theta[k];
    }
  }

  preActivations(X: Float64Array, n: number, T: number, theta: Float64Array, shape: ModelShape): Float64Array {
    return preActivationsFromMatrix(X, n, T, shape.d, this.toS(theta, shape));
  }

  /**
   * Scores from S itself: L = S, R = I, c = 1. ∂loss/∂s_ij = 2∂S_ij/√(pd) off the diagonal (both
   * triangles), ∂S_ii/√(pd) on it, with ∂loss/∂S = (M − gI)/√d.
   */
  scoreForm({ d, p }: ModelShape): ScoreForm {
    const c = 1 / Math.sqrt(p * d);
    return {
      d,
      columns: d,
      scale: 1,
      right: 'identity',
      factors(theta, L) {
        let k = 0;
        let trace = 0;
        for (let i = 0; i < d; i++) {
          for (let j = i; j < d; j++) {
            const v = theta[k++] * c;
            L[i * d + j] = v;
            L[j * d + i] = v;
          }
          trace += L[i * d + i];
        }
        return trace;
      },
      gradient(_theta, M, traceG, out) {
        const invSqrtD = 1 / Math.sqrt(d);
        let k = 0;
        for (let i = 0; i < d; i++) {
          out[k++] = (M[i * d + i] - traceG) * invSqrtD * c;
          for (let j = i + 1; j < d; j++) out[k++] = 2 * M[i * d + j] * invSqrtD * c;
        }
      },
    };
  }
}
