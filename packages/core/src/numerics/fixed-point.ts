import type { SolverResult } from './solver-status.js';

export interface FixedPointOptions {
  /** weight on the new iterate, x ← (1−β)x + βG(x); in (0, 1] (default 0.5) */
  readonly damping?: number;
  /** converged when max_i |G_i − x_i| / max(|x_i|, floor) ≤ tolerance (default 1e-8) */
  readonly tolerance?: number;
  /** |x_i| below this counts as this size in the relative residual (default 1e-12) */
  readonly floor?: number;
  readonly maxIterations?: number;
  /** 'anderson' mixes the last `andersonDepth` iterates (Walker–Ni type II); default 'anderson' */
  readonly acceleration?: 'none' | 'anderson';
  readonly andersonDepth?: number;
  /** keeps an iterate inside the map's domain (e.g. positive variances); may modify x in place */
  readonly project?: (x: Float64Array) => void;
  /** absolute residual max_i |G_i − x_i| this many times above its smallest value counts as divergence (default 1e8) */
  readonly divergenceFactor?: number;
  readonly onIteration?: (info: { iteration: number; residual: number; x: Float64Array }) => void;
}

export interface FixedPointResult extends SolverResult<Float64Array> {
  /** G(values): the map at the returned point (one more evaluation is never needed) */
  readonly mapValue: Float64Array;
}

/**
 * Solves x = G(x) for a small vector x by damped iteration with optional Anderson acceleration.
 * G is called exactly once per iteration (it may be an expensive Monte Carlo map). Never throws for
 * non-convergence: the status says 'converged', 'max-iterations', 'diverged' or 'nan', with the
 * iteration count and the relative residual max_i |G_i − x_i| / max(|x_i|, floor).
 */
export function solveFixedPoint(
  map: (x: Float64Array) => Float64Array,
  initial: ArrayLike<number>,
  options: FixedPointOptions = {},
): FixedPointResult {
  const damping = options.damping ?? 0.5;
  const tolerance = options.tolerance ?? 1e-8;
  const floor = options.floor ?? 1e-12;
  const maxIterations = options.maxIterations ?? 1000;
  const useAnderson = (options.acceleration ?? 'anderson') === 'anderson';
  const depth = Math.max(1, options.andersonDepth ?? 5);
  const divergenceFactor = options.divergenceFactor ?? 1e8;
  if (!(damping > 0 && damping <= 1)) throw new RangeError(`solveFixedPoint: damping must be in (0, 1], got ${damping}`);

  const n = initial.length;
  let x: Float64Array = Float64Array.from(initial);
  options.project?.(x);
  const xHistory: Float64Array[] = [];
  const gHistory: Float64Array[] = [];
  let bestResidual = Number.POSITIVE_INFINITY;
  // Divergence is judged on the absolute residual: a relative one stays bounded under geometric blow-up.
  let bestAbsoluteResidual = Number.POSITIVE_INFINITY;
  let residual = Number.NaN;
  let g: Float64Array = new Float64Array(n);

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    g = map(x);
    if (g.length !== n) throw new Error(`solveFixedPoint: map returned ${g.length} values for ${n} unknowns`);
    const weights = new Float64Array(n);
    residual = 0;
    let absoluteResidual = 0;
    let finite = true;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(g[i])) finite = false;
      weights[i] = 1 / Math.max(Math.abs(x[i]), floor);
      const change = Math.abs(g[i] - x[i]);
      absoluteResidual = Math.max(absoluteResidual, change);
      residual = Math.max(residual, change * weights[i]);
    }
    if (!finite) {
      return {
        values: x,
        mapValue: g,
        status: 'nan',
        iterations: iteration,
        residual: Number.NaN,
        reason: 'the map returned a non-finite value',
      };
    }
    options.onIteration?.({ iteration, residual, x });
    if (residual <= tolerance) {
      return {
        values: x,
        mapValue: g,
        status: 'converged',
        iterations: iteration,
        residual,
        reason: `relative residual ≤ ${tolerance}`,
      };
    }
    if (absoluteResidual > divergenceFactor * bestAbsoluteResidual) {
      return {
        values: x,
        mapValue: g,
        status: 'diverged',
        iterations: iteration,
        residual,
        reason: `|G(x) − x| grew to ${absoluteResidual.toExponential(2)}, over ${divergenceFactor}× its smallest value ${bestAbsoluteResidual.toExponential(2)}`,
      };
    }
    bestAbsoluteResidual = Math.min(bestAbsoluteResidual, absoluteResidual);
    if (residual > 4 * bestResidual) {
      // Acceleration took a bad turn: forget the history, fall back to a plain damped step.
      xHistory.length = 0;
      gHistory.length = 0;
    }
    bestResidual = Math.min(bestResidual, residual);

    let next: Float64Array = dampedStep(x, g, damping);
    if (useAnderson) {
      xHistory.push(Float64Array.from(x));
      gHistory.push(Float64Array.from(g));
      if (xHistory.length > depth + 1) {
        xHistory.shift();
        gHistory.shift();
      }
      const accelerated = andersonStep(xHistory, gHistory, weights, damping);
      if (accelerated !== null) next = accelerated;
    }
    options.project?.(next);
    x = next;
  }
  return {
    values: x,
    mapValue: g,
    status: 'max-iterations',
    iterations: maxIterations,
    residual,
    reason: `no convergence in ${maxIterations} iterations`,
  };
}

function dampedStep(x: Float64Array, g: Float64Array, damping: number): Float64Array {
  const next = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) next[i] = (1 - damping) * x[i] + damping * g[i];
  return next;
}

/**
 * Anderson type II: γ = argmin ‖W(f_k − ΔF γ)‖₂ over the last m differences (W = residual weights),
 * then x⁺ = (1−β)(x_k − ΔX γ) + β(g_k − ΔG γ). Solved by the normal equations with a small ridge.
 * Returns null when there is no history yet or the step is not finite.
 */
function andersonStep(
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
  // ΔF columns (weighted), j = 0..m−1: f_{j+1} − f_j.
  const dF: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = (residualOf(j + 1, i) - residualOf(j, i)) * weights[i];
    dF.push(column);
  }
  const fk = new Float64Array(n);
  for (let i = 0; i < n; i++) fk[i] = residualOf(k, i) * weights[i];
  const gram = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  let trace = 0;
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += dF[a][i] * dF[b][i];
      gram[a * m + b] = s;
      gram[b * m + a] = s;
    }
    trace += gram[a * m + a];
    let s = 0;
    for (let i = 0; i < n; i++) s += dF[a][i] * fk[i];
    rhs[a] = s;
  }
  if (!(trace > 0)) return null;
  for (let a = 0; a < m; a++) gram[a * m + a] += 1e-10 * trace;
  const gamma = solveSymmetricPositive(gram, rhs, m);
  if (gamma === null) return null;
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

/** Cholesky solve of a small SPD system; null if not positive definite. */
function solveSymmetricPositive(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}
