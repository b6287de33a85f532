import {
  type ModelShape,
  matmul,
  type Parameterization,
  type Rng,
  requireInteger,
  requireNumber,
  type ScoreForm,
} from '@attention-hd/core';

/**
 * Untied query–key attention: θ = (W_Q, W_K), each d×p row-major (W_Q first), S = W_Q W_Kᵀ/√(pd),
 * weight decay λ(‖W_Q‖²_F + ‖W_K‖²_F). S is not symmetrised: the score of token a for token b is
 * x_aᵀ W_Q W_Kᵀ x_b, as in a transformer layer, so h_ab ≠ h_ba in general (the target's are equal).
 *
 * Regularisation: min over W_Q W_Kᵀ = √(pd)S of ‖W_Q‖² + ‖W_K‖² is 2√(pd)‖S‖_* (balanced factors),
 * so the penalty is dλ̃‖S‖_* with λ̃ = 2√κ λ — the tied model's nuclear norm at the same λ̃ (its
 * λ̃ = √κ λ), now over all d×d matrices instead of PSD ones.
 */
export class UntiedParameterization implements Parameterization {
  readonly id = 'untied';
  readonly description =
    'W_Q, W_K ∈ ℝ^{d×p}, S = W_Q W_Kᵀ/√(pd) (not symmetric), weight decay λ(‖W_Q‖² + ‖W_K‖²) = dλ̃‖S‖_* with λ̃ = 2√κ·λ';
  readonly symmetric = false;

  shape(d: number, kappa: number): ModelShape {
    requireInteger('d', d, { min: 1 });
    requireNumber('kappa', kappa, { min: 0, minExclusive: true, max: 1 });
    return { d, p: Math.max(1, Math.round(kappa * d)) };
  }

  parameterCount({ d, p }: ModelShape): number {
    return 2 * d * p;
  }

  lambdaTilde(lambda: number, { d, p }: ModelShape): number {
    return 2 * Math.sqrt(p / d) * lambda;
  }

  lambdaFromTilde(lambdaTilde: number, { d, p }: ModelShape): number {
    return lambdaTilde / (2 * Math.sqrt(p / d));
  }

  initialParameters(shape: ModelShape, rng: Rng, scale = 1): Float64Array {
    return rng.fillNormal(new Float64Array(this.parameterCount(shape)), scale);
  }

  toS(theta: Float64Array, { d, p }: ModelShape): Float64Array {
    const [query, key] = factors(theta, d, p);
    const S = new Float64Array(d * d);
    const c = 1 / Math.sqrt(p * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let dot = 0;
        for (let k = 0; k < p; k++) dot += query[i * p + k] * key[j * p + k];
        S[i * d + j] = c * dot;
      }
    }
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

  /** h_ab = (c·(W_Qᵀx_a)·(W_Kᵀx_b) − δ_ab Tr S)/√d, all T² entries (no symmetry to exploit). */
  preActivations(X: Float64Array, n: number, T: number, theta: Float64Array, { d, p }: ModelShape): Float64Array {
    const [query, key] = factors(theta, d, p);
    const c = 1 / Math.sqrt(p * d);
    const P = matmul(X, query, n * T, d, p);
    const Q = matmul(X, key, n * T, d, p);
    const traceS = c * dotProduct(query, key);
    const h = new Float64Array(n * T * T);
    for (let s = 0; s < n; s++) {
      for (let a = 0; a < T; a++) {
        for (let b = 0; b < T; b++) {
          const dot = dotProduct(
            P.subarray((s * T + a) * p, (s * T + a + 1) * p),
            Q.subarray((s * T + b) * p, (s * T + b + 1) * p),
          );
          h[(s * T + a) * T + b] = (c * dot - (a === b ? traceS : 0)) / Math.sqrt(d);
        }
      }
    }
    return h;
  }

  /**
   * Separate factors L = W_Q, R = W_K. With ∂loss/∂S = (M − gI)/√d (M whole, not symmetric):
   * ∂loss/∂W_Q = c(M − gI)W_K/√d and ∂loss/∂W_K = c(M − gI)ᵀW_Q/√d.
   */
  scoreForm({ d, p }: ModelShape): ScoreForm {
    const c = 1 / Math.sqrt(p * d);
    return {
      d,
      columns: p,
      scale: c,
      right: 'separate',
      factors(theta, L, R) {
        const [query, key] = factors(theta, d, p);
        L.set(query);
        R?.set(key);
        return c * dotProduct(query, key);
      },
      gradient(theta, M, traceG, out) {
        const [query, key] = factors(theta, d, p);
        for (let i = 0; i < d; i++) M[i * d + i] -= traceG;
        const scale = c / Math.sqrt(d);
        out.fill(0);
        const gradQuery = out.subarray(0, d * p);
        const gradKey = out.subarray(d * p);
        for (let i = 0; i < d; i++) {
          for (let k = 0; k < d; k++) {
            const m = M[i * d + k] * scale;
            if (m === 0) continue;
            // row i of (M − gI)W_K, and row k of (M − gI)ᵀW_Q
            for (let j = 0; j < p; j++) {
              gradQuery[i * p + j] += m * key[k * p + j];
              gradKey[k * p + j] += m * query[i * p + j];
            }
          }
        }
      },
    };
  }
}

/** W_Q and W_K as views into θ. */
function factors(theta: Float64Array, d: number, p: number): [Float64Array, Float64Array] {
  return [theta.subarray(0, d * p), theta.subarray(d * p, 2 * d * p)];
}

function dotProduct(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
