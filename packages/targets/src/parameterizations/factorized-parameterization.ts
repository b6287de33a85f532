import {
  type ModelShape,
  matmulTransposeB,
  type Parameterization,
  type Rng,
  requireInteger,
  requireNumber,
  type ScoreForm,
  symmetricEigen,
} from '@attention-hd/core';
import { preActivationsFromFactor } from '../data-model/pre-activations.js';
import { symmetrizeUpper } from './symmetrize-upper.js';

/**
 * The tied factorized student (docs/theory.md §2.4): W ∈ ℝ^{d×p}, S = WWᵀ/√(pd), penalty λ‖W‖²_F.
 * Since ‖W‖²_F = √(pd) Tr S = √(pd)‖S‖_* for this PSD S, the penalty is dλ̃‖S‖_* with λ̃ = √κ λ.
 */
export class FactorizedParameterization implements Parameterization {
  readonly id = 'factorized';
  readonly description = 'W ∈ ℝ^{d×p}, S = WWᵀ/√(pd), weight decay λ‖W‖²_F = dλ̃‖S‖_* with λ̃ = √κ·λ';
  readonly symmetric = true;

  shape(d: number, kappa: number): ModelShape {
    requireInteger('d', d, { min: 1 });
    requireNumber('kappa', kappa, { min: 0, minExclusive: true, max: 1 });
    return { d, p: Math.max(1, Math.round(kappa * d)) };
  }

  parameterCount(shape: ModelShape): number {
    return shape.d * shape.p;
  }

  lambdaTilde(lambda: number, shape: ModelShape): number {
    return Math.sqrt(shape.p / shape.d) * lambda;
  }

  lambdaFromTilde(lambdaTilde: number, shape: ModelShape): number {
    return lambdaTilde / Math.sqrt(shape.p / shape.d);
  }

  initialParameters(shape: ModelShape, rng: Rng, scale = 1): Float64Array {
    return rng.fillNormal(new Float64Array(shape.d * shape.p), scale);
  }

  toS(theta: Float64Array, shape: ModelShape): Float64Array {
    const S = matmulTransposeB(theta, theta, shape.d, shape.p, shape.d);
    const scale = 1 / Math.sqrt(shape.p * shape.d);
    for (let i = 0; i < S.length; i++) S[i] *= scale;
    return S;
  }

  /**
   * W = U diag(√(λ_i √(pd))) over the p largest eigenvalues: exact when S ⪰ 0 (eigenvalues below
   * −1e-10·‖S‖ refuse) and rank S ≤ p; null otherwise.
   */
  fromS(S: Float64Array, shape: ModelShape): Float64Array | null {
    const { d, p } = shape;
    const { values, vectors } = symmetricEigen(S, d);
    const O = vectors as Float64Array;
    const scale = Math.max(Math.abs(values[0]), Math.abs(values[d - 1]), Number.MIN_VALUE);
    if (values[0] < -1e-10 * scale) return null;
    // eigenvalues ascend: the top p are d − p … d − 1; below them only round-off is allowed
    if (d > p && values[d - p - 1] > 1e-10 * scale) return null;
    const W = new Float64Array(d * p);
    for (let column = 0; column < p; column++) {
      const k = d - p + column;
      const factor = Math.sqrt(Math.max(values[k], 0) * Math.sqrt(p * d));
      for (let i = 0; i < d; i++) W[i * p + column] = factor * O[k * d + i];
    }
    return W;
  }

  penalty(theta: Float64Array, _shape: ModelShape, lambda: number): number {
    let sum = 0;
    for (let i = 0; i < theta.length; i++) sum += theta[i] * theta[i];
    return lambda * sum;
  }

  addPenaltyGradient(theta: Float64Array, _shape: ModelShape, lambda: number, out: Float64Array): void {
    for (let i = 0; i < theta.length; i++) out[i] += 2 * lambda * theta[i];
  }

  preActivations(X: Float64Array, n: number, T: number, theta: Float64Array, shape: ModelShape): Float64Array {
    return preActivationsFromFactor(X, n, T, shape.d, theta, shape.p, 1 / Math.sqrt(shape.p * shape.d));
  }

  /**
   * Tied scores: L = W, c = 1/√(pd), Tr S = c‖W‖²_F. With ∂loss/∂S = (M − gI)/√d (symmetric),
   * ∂loss/∂W = 2(M − gI)W·c/√d, or from the panel N = M̂W: 2(N − gW)·c/√d.
   */
  scoreForm({ d, p }: ModelShape): ScoreForm {
    const c = 1 / Math.sqrt(p * d);
    return {
      d,
      columns: p,
      scale: c,
      right: 'tied',
      factors(theta, L) {
        L.set(theta);
        let norm2 = 0;
        for (let i = 0; i < theta.length; i++) norm2 += theta[i] * theta[i];
        return c * norm2;
      },
      gradient(theta, M, traceG, out) {
        symmetrizeUpper(M, d);
        for (let i = 0; i < d; i++) M[i * d + i] -= traceG;
        const scale = (2 * c) / Math.sqrt(d);
        out.fill(0);
        for (let i = 0; i < d; i++) {
          const o = i * p;
          for (let k = 0; k < d; k++) {
            const m = M[i * d + k] * scale;
            if (m === 0) continue;
            const w = k * p;
            for (let j = 0; j < p; j++) out[o + j] += m * theta[w + j];
          }
        }
      },
      panelGradient(theta, N, traceG, out) {
        const scale = (2 * c) / Math.sqrt(d);
        for (let i = 0; i < d * p; i++) out[i] = scale * (N[i] - traceG * theta[i]);
      },
    };
  }
}
