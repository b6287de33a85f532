// biome-ignore-all format: the 4×4 register tiles are laid out by hand, one tile row per line
/*
 * The O(n d²) work of the ERM data loss and its gradient, for a range of samples (docs/theory.md
 * §2.7), for any parameterization's ScoreForm S = c·L Rᵀ:
 * with the panels P = X L and Q = X R (Q = P when tied, Q = X when R = I), per sample
 *   h_ab = (c·P_a·Q_b − δ_ab Tr S)/√d,
 * ŷ = σ_β(h) (seq2lab) or σ_β(h) X (seq2seq). With G = ∂loss/∂h (T×T), the gradient with respect to S
 * is (M − Σ_μ tr G_μ · I)/√d with M = Σ_μ X_μᵀ G_μ X_μ: only T×T blocks per sample, two products of
 * n·T×d panels (X L and XᵀZ with Z = G X), never a per-sample d×d matrix. For a symmetric S the
 * kernels use Ĝ = (G + Gᵀ)/2, whose M is symmetric, and accumulate only its upper 4×4 tiles (half
 * the work of a full XᵀZ); for R separate they accumulate all of M.
 *
 * These functions are self-contained (no imports, no closures over module state): the worker threads
 * run the very same source (see kernel-workers.ts), so there is one implementation to test.
 */

/** Scratch buffers for one chunk of `rows` = samples·T token rows. */
export interface ChunkWork {
  /** rows×q: P = X L */
  readonly P: Float64Array;
  /** rows×q: Q = X R (R separate only; empty otherwise) */
  readonly Q: Float64Array;
  /** d×rows: the chunk of X transposed (for the Gram kernel) */
  readonly Xt: Float64Array;
  /** rows×d: Z = G X */
  readonly Z: Float64Array;
  /** T×T ×4: h, σ, ∂loss/∂σ, G of one sample */
  readonly small: Float64Array;
  /** d: one seq2seq output row */
  readonly row: Float64Array;
}

export interface ChunkProblem {
  readonly X: Float64Array | Float32Array;
  readonly Y: Float64Array | Float32Array;
  readonly T: number;
  readonly d: number;
  /** columns of L (and R) */
  readonly q: number;
  /** the ScoreForm's R: 0 tied (R = L), 1 identity (R = I), 2 separate */
  readonly right: number;
  /** c in S = c·L Rᵀ */
  readonly scale: number;
  readonly beta: number;
  /** 1 for seq2seq (ŷ = σ X, loss /d), 0 for seq2lab */
  readonly seq2seq: number;
}

/** Rows (= samples·T) per chunk: the Gram kernel is fastest with its panels in L2 (≈256 rows at d = 100). */
export function chunkSamples(T: number): number {
  return Math.max(1, Math.floor(256 / T));
}

export function createChunkWork(T: number, d: number, q: number, right: number): ChunkWork {
  const rows = chunkSamples(T) * T;
  return {
    P: new Float64Array(rows * q),
    Q: new Float64Array(right === 2 ? rows * q : 0),
    Xt: new Float64Array(d * rows),
    Z: new Float64Array(rows * d),
    small: new Float64Array(4 * T * T),
    row: new Float64Array(d),
  };
}

/**
 * P (rows×q) = X[xOffset…] (rows×d, row-major) · A (d×q): 4×4 register tiles (2.2 GMAC/s in V8 at
 * d = 100, four times a plain triple loop), scalar tails.
 */
export function multiplyPanel(
  X: Float64Array | Float32Array,
  xOffset: number,
  rows: number,
  d: number,
  A: Float64Array,
  q: number,
  P: Float64Array,
): void {
  const rows4 = rows - (rows % 4);
  const q4 = q - (q % 4);
  for (let i = 0; i < rows4; i += 4) {
    const x0 = xOffset + i * d;
    const x1 = x0 + d;
    const x2 = x1 + d;
    const x3 = x2 + d;
    for (let j = 0; j < q4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0; k < d; k++) {
        const ao = k * q + j;
        const b0 = A[ao];
        const b1 = A[ao + 1];
        const b2 = A[ao + 2];
        const b3 = A[ao + 3];
        const a0 = X[x0 + k];
        const a1 = X[x1 + k];
        const a2 = X[x2 + k];
        const a3 = X[x3 + k];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const p0 = i * q + j;
      const p1 = p0 + q;
      const p2 = p1 + q;
      const p3 = p2 + q;
      P[p0] = c00; P[p0 + 1] = c01; P[p0 + 2] = c02; P[p0 + 3] = c03;
      P[p1] = c10; P[p1 + 1] = c11; P[p1 + 2] = c12; P[p1 + 3] = c13;
      P[p2] = c20; P[p2 + 1] = c21; P[p2 + 2] = c22; P[p2 + 3] = c23;
      P[p3] = c30; P[p3 + 1] = c31; P[p3 + 2] = c32; P[p3 + 3] = c33;
    }
    for (let r = i; r < i + 4; r++) {
      for (let j = q4; j < q; j++) {
        let sum = 0;
        for (let k = 0; k < d; k++) sum += X[xOffset + r * d + k] * A[k * q + j];
        P[r * q + j] = sum;
      }
    }
  }
  for (let r = rows4; r < rows; r++) {
    for (let j = 0; j < q; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += X[xOffset + r * d + k] * A[k * q + j];
      P[r * q + j] = sum;
    }
  }
}

/**
 * M (d×d) += Xtᵀ-panel Gram: M_ij += Σ_r Xt[i, r] Z[r, j], for the 4×4 tiles with j ≥ i (the upper
 * triangle, diagonal tiles whole) or, with `full`, for all of M. Xt is d×rows (the chunk of X
 * transposed), Z rows×d.
 */
export function accumulateGram(Xt: Float64Array, Z: Float64Array, rows: number, d: number, M: Float64Array, full: boolean): void {
  const d4 = d - (d % 4);
  for (let i = 0; i < d4; i += 4) {
    const x0 = i * rows;
    const x1 = x0 + rows;
    const x2 = x1 + rows;
    const x3 = x2 + rows;
    for (let j = full ? 0 : i; j < d4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let r = 0; r < rows; r++) {
        const zo = r * d + j;
        const b0 = Z[zo];
        const b1 = Z[zo + 1];
        const b2 = Z[zo + 2];
        const b3 = Z[zo + 3];
        const a0 = Xt[x0 + r];
        const a1 = Xt[x1 + r];
        const a2 = Xt[x2 + r];
        const a3 = Xt[x3 + r];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const m0 = i * d + j;
      const m1 = m0 + d;
      const m2 = m1 + d;
      const m3 = m2 + d;
      M[m0] += c00; M[m0 + 1] += c01; M[m0 + 2] += c02; M[m0 + 3] += c03;
      M[m1] += c10; M[m1 + 1] += c11; M[m1 + 2] += c12; M[m1 + 3] += c13;
      M[m2] += c20; M[m2 + 1] += c21; M[m2 + 2] += c22; M[m2 + 3] += c23;
      M[m3] += c30; M[m3 + 1] += c31; M[m3 + 2] += c32; M[m3 + 3] += c33;
    }
  }
  // tails: rows i < d4 with columns j ≥ d4, and the last d − d4 rows (j ≥ i unless full)
  for (let i = 0; i < d; i++) {
    for (let j = i < d4 ? d4 : full ? 0 : i; j < d; j++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += Xt[i * rows + r] * Z[r * d + j];
      M[i * d + j] += sum;
    }
  }
}

/**
 * Loss and gradient pieces for samples [first, first + count): returns the data loss; adds to M
 * (upper tiles, or all of it when R is separate) and to out[0] the sum of tr G_μ. L and R are the
 * ScoreForm's factors (R unused unless separate); `traceS` is Tr S.
 */
export function evaluateSamples(
  problem: ChunkProblem,
  L: Float64Array,
  R: Float64Array,
  traceS: number,
  first: number,
  count: number,
  work: ChunkWork,
  M: Float64Array,
  out: Float64Array,
): number {
  const { X, Y, T, d, q, right, scale, beta, seq2seq } = problem;
  const { P, Q, Xt, Z, small, row } = work;
  const symmetric = right !== 2;
  const TT = T * T;
  const h = small; // T×T blocks inside `small`
  const sigmaOffset = TT;
  const dSigmaOffset = 2 * TT;
  const gOffset = 3 * TT;
  const invSqrtD = 1 / Math.sqrt(d);
  const per = Math.max(1, Math.floor(256 / T));
  let loss = 0;
  let traceG = 0;
  for (let start = first; start < first + count; start += per) {
    const samples = Math.min(per, first + count - start);
    const rows = samples * T;
    const xBase = start * T * d;
    multiplyPanel(X, xBase, rows, d, L, q, P);
    if (right === 2) multiplyPanel(X, xBase, rows, d, R, q, Q);
    for (let s = 0; s < samples; s++) {
      const r0 = s * T;
      // h (all of it when S is not symmetric, else the upper half mirrored), then σ = softmax_β(h)
      for (let a = 0; a < T; a++) {
        for (let b = symmetric ? a : 0; b < T; b++) {
          let dot = 0;
          const pa = (r0 + a) * q;
          if (right === 1) {
            const xo = xBase + (r0 + b) * d;
            for (let k = 0; k < d; k++) dot += P[pa + k] * X[xo + k];
          } else if (right === 0) {
            const pb = (r0 + b) * q;
            for (let k = 0; k < q; k++) dot += P[pa + k] * P[pb + k];
          } else {
            const qb = (r0 + b) * q;
            for (let k = 0; k < q; k++) dot += P[pa + k] * Q[qb + k];
          }
          const value = (scale * dot - (a === b ? traceS : 0)) * invSqrtD;
          h[a * T + b] = value;
          if (symmetric) h[b * T + a] = value;
        }
      }
      for (let a = 0; a < T; a++) {
        let max = Number.NEGATIVE_INFINITY;
        for (let b = 0; b < T; b++) max = Math.max(max, beta * h[a * T + b]);
        let sum = 0;
        for (let b = 0; b < T; b++) {
          const e = Math.exp(beta * h[a * T + b] - max);
          small[sigmaOffset + a * T + b] = e;
          sum += e;
        }
        for (let b = 0; b < T; b++) small[sigmaOffset + a * T + b] /= sum;
      }
      // ∂loss/∂σ
      const sample = start + s;
      if (seq2seq === 1) {
        for (let a = 0; a < T; a++) {
          const yo = (sample * T + a) * d;
          for (let k = 0; k < d; k++) row[k] = -Y[yo + k];
          for (let b = 0; b < T; b++) {
            const weight = small[sigmaOffset + a * T + b];
            const xo = xBase + (r0 + b) * d;
            for (let k = 0; k < d; k++) row[k] += weight * X[xo + k];
          }
          let squared = 0;
          for (let k = 0; k < d; k++) squared += row[k] * row[k];
          loss += squared / d;
          for (let b = 0; b < T; b++) {
            const xo = xBase + (r0 + b) * d;
            let dot = 0;
            for (let k = 0; k < d; k++) dot += row[k] * X[xo + k];
            small[dSigmaOffset + a * T + b] = (2 * dot) / d;
          }
        }
      } else {
        const yo = sample * TT;
        for (let ab = 0; ab < TT; ab++) {
          const residual = small[sigmaOffset + ab] - Y[yo + ab];
          loss += residual * residual;
          small[dSigmaOffset + ab] = 2 * residual;
        }
      }
      // G = ∂loss/∂h through the row softmax: G_ab = β σ_ab (R_ab − Σ_c σ_ac R_ac)
      for (let a = 0; a < T; a++) {
        let mean = 0;
        for (let c = 0; c < T; c++) mean += small[sigmaOffset + a * T + c] * small[dSigmaOffset + a * T + c];
        for (let b = 0; b < T; b++) {
          small[gOffset + a * T + b] = beta * small[sigmaOffset + a * T + b] * (small[dSigmaOffset + a * T + b] - mean);
        }
        traceG += small[gOffset + a * T + a];
      }
      // Z_a = Σ_b G_ab x_b, with Ĝ = (G + Gᵀ)/2 in place of G when S is symmetric
      for (let a = 0; a < T; a++) {
        const zo = (r0 + a) * d;
        for (let k = 0; k < d; k++) Z[zo + k] = 0;
        for (let b = 0; b < T; b++) {
          const weight = symmetric
            ? 0.5 * (small[gOffset + a * T + b] + small[gOffset + b * T + a])
            : small[gOffset + a * T + b];
          const xo = xBase + (r0 + b) * d;
          for (let k = 0; k < d; k++) Z[zo + k] += weight * X[xo + k];
        }
      }
    }
    // the chunk of X transposed, then M += Xᵀ Z
    for (let r = 0; r < rows; r++) {
      const xo = xBase + r * d;
      for (let k = 0; k < d; k++) Xt[k * rows + r] = X[xo + k];
    }
    accumulateGram(Xt, Z, rows, d, M, !symmetric);
  }
  out[0] += traceG;
  return loss;
}
