import type { ModelShape } from '@attention-hd/core';
import { UserError } from '@attention-hd/core';

/**
 * From θ to the matrix A the kernels multiply by, and from the kernels' M = Σ_μ X_μᵀĜ_μX_μ and
 * Σ tr G back to ∂loss/∂θ (THEORY §2.4–2.5; see attention-chunk.ts). With ∂loss/∂S = (M − g I)/√d:
 * - factorized, θ = W (d×p, row-major), S = WWᵀ/√(pd): A = W, ∂loss/∂W = 2(M − gI)W/(√d·√(pd));
 * - direct, θ = packed upper triangle s, S = sym(s)/√(pd): A = S, ∂loss/∂s_ij = 2∂S_ij/√(pd) (i < j),
 *   ∂S_ii/√(pd) on the diagonal.
 */
export interface StudentMap {
  readonly parameterization: 'factorized' | 'direct';
  readonly d: number;
  /** columns of A */
  readonly q: number;
  /** c in h = (c P_a·P_b − δ Tr S)/√d (factorized), 1 for direct */
  readonly factorScale: number;
  /** writes A(θ) and returns Tr S */
  matrix(theta: Float64Array, A: Float64Array): number;
  /** ∂loss/∂θ from M (upper triangle valid; overwritten by its symmetric completion) and g = Σ tr G */
  gradient(theta: Float64Array, M: Float64Array, traceG: number, out: Float64Array): void;
}

export function studentMap(parameterization: string, shape: ModelShape): StudentMap {
  if (parameterization === 'factorized') return factorizedMap(shape);
  if (parameterization === 'direct') return directMap(shape);
  throw new UserError(`no attention kernels for parameterization '${parameterization}' (allowed: factorized, direct)`);
}

/** Copies the upper triangle of the d×d M onto its lower triangle. */
function symmetrize(M: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) M[j * d + i] = M[i * d + j];
}

function factorizedMap({ d, p }: ModelShape): StudentMap {
  const c = 1 / Math.sqrt(p * d);
  return {
    parameterization: 'factorized',
    d,
    q: p,
    factorScale: c,
    matrix(theta, A) {
      A.set(theta);
      let norm2 = 0;
      for (let i = 0; i < theta.length; i++) norm2 += theta[i] * theta[i];
      return c * norm2;
    },
    gradient(theta, M, traceG, out) {
      symmetrize(M, d);
      for (let i = 0; i < d; i++) M[i * d + i] -= traceG;
      const scale = (2 * c) / Math.sqrt(d);
      // out = scale · M W (d×d times d×p)
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
  };
}

function directMap({ d, p }: ModelShape): StudentMap {
  const c = 1 / Math.sqrt(p * d);
  return {
    parameterization: 'direct',
    d,
    q: d,
    factorScale: 1,
    matrix(theta, A) {
      let k = 0;
      let trace = 0;
      for (let i = 0; i < d; i++) {
        for (let j = i; j < d; j++) {
          const v = theta[k++] * c;
          A[i * d + j] = v;
          A[j * d + i] = v;
        }
        trace += A[i * d + i];
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
