import {
  type ModelShape,
  matmulTransposeB,
  type Parameterization,
  type Rng,
  requireInteger,
  requireNumber,
} from '@attention-hd/core';
import { preActivationsFromFactor } from '../data-model/pre-activations.js';

/**
 * The tied factorized student (THEORY §2.4): W ∈ ℝ^{d×p}, S = WWᵀ/√(pd), penalty λ‖W‖²_F.
 * Since ‖W‖²_F = √(pd) Tr S = √(pd)‖S‖_* for this PSD S, the penalty is dλ̃‖S‖_* with λ̃ = √κ λ.
 */
export class FactorizedParameterization implements Parameterization {
  readonly id = 'factorized';
  readonly description = 'W ∈ ℝ^{d×p}, S = WWᵀ/√(pd), weight decay λ‖W‖²_F = dλ̃‖S‖_* with λ̃ = √κ·λ';

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
}
