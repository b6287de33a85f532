import { choleskyFactor, choleskySolve } from './cholesky.js';

/**
 * Anderson mixing, type II (Walker & Ni 2011) of a fixed-point iteration x ↦ G(x): with the iterates
 * x_j and their images g_j (oldest first, newest last) and residuals f_j = g_j − x_j,
 * γ = argmin ‖W(f_k − ΔF γ)‖₂ over the last m differences (W = residual weights; a zero weight leaves
 * a coordinate out of the fit, and it follows with the same γ), then x⁺ = (1−β)(x_k − ΔX γ) + β(g_k − ΔG γ).
 * Solved by the normal equations with a small ridge. Returns null when there is no history yet or the
 * step is not finite. Used by `solveFixedPoint` and by iterations too large for it (GAMP).
 */
export function andersonStep(
  xs: readonly Float64Array[],
  gs: readonly Float64Array[],
  weights: Float64Array,
  damping: number,
): Float64Array | null {
  const m = xs.length - 1;
  if (m < 1) return null;
  const n = xs[0].length;
  const k = m; // index of the newest iterate
  const residualOf = (j: number, i: number): number => gs[j][i] - xs[j][i];
  // the fit reads the coordinates of nonzero weight only (GAMP: Ŝ, not g)
  let count = 0;
  for (let i = 0; i < n; i++) if (weights[i] !== 0) count++;
  const fitted = new Int32Array(count);
  for (let i = 0, c = 0; i < n; i++) if (weights[i] !== 0) fitted[c++] = i;
  // ΔF columns (weighted, on the fitted coordinates), j = 0..m−1: f_{j+1} − f_j.
  const dF: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    const column = new Float64Array(count);
    for (let c = 0; c < count; c++) {
      const i = fitted[c];
      column[c] = (residualOf(j + 1, i) - residualOf(j, i)) * weights[i];
    }
    dF.push(column);
  }
  const fk = new Float64Array(count);
  for (let c = 0; c < count; c++) fk[c] = residualOf(k, fitted[c]) * weights[fitted[c]];
  const gram = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  let trace = 0;
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let c = 0; c < count; c++) s += dF[a][c] * dF[b][c];
      gram[a * m + b] = s;
      gram[b * m + a] = s;
    }
    trace += gram[a * m + a];
    let s = 0;
    for (let c = 0; c < count; c++) s += dF[a][c] * fk[c];
    rhs[a] = s;
  }
  if (!(trace > 0)) return null;
  for (let a = 0; a < m; a++) gram[a * m + a] += 1e-10 * trace;
  const factor = new Float64Array(m * m);
  if (!choleskyFactor(gram, m, factor)) return null;
  const gamma = choleskySolve(factor, m, rhs, new Float64Array(m));
  const next = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let xBar = xs[k][i];
    let gBar = gs[k][i];
    for (let j = 0; j < m; j++) {
      xBar -= gamma[j] * (xs[j + 1][i] - xs[j][i]);
      gBar -= gamma[j] * (gs[j + 1][i] - gs[j][i]);
    }
    next[i] = (1 - damping) * xBar + damping * gBar;
    if (!Number.isFinite(next[i])) return null;
  }
  return next;
}
