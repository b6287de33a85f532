import { andersonStep } from './anderson-step.js';
import type { SolverResult } from './solver-status.js';

export interface FixedPointOptions {
  /** weight on the new iterate, x ← (1−β)x + βG(x); in (0, 1] (default 0.5) */
  readonly damping?: number;
  /** converged when max_i |G_i − x_i| / max(|x_i|, floor) ≤ tolerance (default 1e-8) */
  readonly tolerance?: number;
  /** |x_i| below this counts as this size in the relative residual (default 1e-12); a number or one per component */
  readonly floor?: number | readonly number[];
  readonly maxIterations?: number;
  /** 'anderson' mixes the last `andersonDepth` iterates (Walker–Ni type II); default 'anderson' */
  readonly acceleration?: 'none' | 'anderson';
  readonly andersonDepth?: number;
  /** keeps an iterate inside the map's domain (e.g. positive variances); may modify x in place */
  readonly project?: (x: Float64Array) => void;
  /** absolute residual max_i |G_i − x_i| this many times above its smallest value counts as divergence (default 1e8) */
  readonly divergenceFactor?: number;
  readonly onIteration?: (info: { iteration: number; residual: number; x: Float64Array }) => void;
  /**
   * when G is non-finite at a proposed point, retry halfway back towards the last iterate where it
   * was finite, at most this many times (default 30); the Anderson history is dropped. 0 disables.
   */
  readonly backtracking?: number;
  /** a trust region: the largest change of each component in one iteration (default unbounded) */
  readonly maxStep?: number | readonly number[];
  /** use Anderson mixing only once the relative residual is below this (default: always) */
  readonly accelerateBelow?: number;
  /**
   * when the residual has not improved on its best for this many iterations (a cycle, e.g. steps
   * bouncing between the trust-region limits), halve the damping and the step limits, down to
   * 1/64 of their values (default 0: off)
   */
  readonly stallIterations?: number;
}

export interface FixedPointResult extends SolverResult<Float64Array> {
  /** G(values): the map at the returned point (one more evaluation is never needed) */
  readonly mapValue: Float64Array;
}

/**
 * Solves x = G(x) for a small vector x by damped iteration with optional Anderson acceleration.
 * G is called once per iteration (it may be an expensive Monte Carlo map), plus once per backtracking
 * step when a proposed point leaves G's domain (non-finite value). Never throws for non-convergence:
 * the status says 'converged', 'max-iterations', 'diverged' or 'nan', with the iteration count and
 * the relative residual max_i |G_i − x_i| / max(|x_i|, floor).
 */
export function solveFixedPoint(
  map: (x: Float64Array) => Float64Array,
  initial: ArrayLike<number>,
  options: FixedPointOptions = {},
): FixedPointResult {
  const damping = options.damping ?? 0.5;
  const tolerance = options.tolerance ?? 1e-8;
  const floors = options.floor ?? 1e-12;
  const floorOf = (i: number) => (typeof floors === 'number' ? floors : floors[i]);
  const maxIterations = options.maxIterations ?? 1000;
  const useAnderson = (options.acceleration ?? 'anderson') === 'anderson';
  const depth = Math.max(1, options.andersonDepth ?? 5);
  const divergenceFactor = options.divergenceFactor ?? 1e8;
  const maxBacktracking = options.backtracking ?? 30;
  const maxStep = options.maxStep ?? Number.POSITIVE_INFINITY;
  const stepLimit = (i: number) => shrink * (typeof maxStep === 'number' ? maxStep : maxStep[i]);
  const accelerateBelow = options.accelerateBelow ?? Number.POSITIVE_INFINITY;
  const stallIterations = options.stallIterations ?? 0;
  if (!(damping > 0 && damping <= 1)) throw new RangeError(`solveFixedPoint: damping must be in (0, 1], got ${damping}`);
  // shrunk together when the iteration stalls (see stallIterations)
  let shrink = 1;
  let sinceBest = 0;

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

  let lastGood: Float64Array | null = null;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    g = map(x);
    if (g.length !== n) throw new Error(`solveFixedPoint: map returned ${g.length} values for ${n} unknowns`);
    // Outside G's domain: back off towards the last point where G was finite.
    for (let retry = 0; retry < maxBacktracking && lastGood !== null && !allFinite(g); retry++) {
      for (let i = 0; i < n; i++) x[i] = 0.5 * (x[i] + lastGood[i]);
      options.project?.(x);
      xHistory.length = 0;
      gHistory.length = 0;
      g = map(x);
    }
    const weights = new Float64Array(n);
    residual = 0;
    let absoluteResidual = 0;
    let finite = true;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(g[i])) finite = false;
      weights[i] = 1 / Math.max(Math.abs(x[i]), floorOf(i));
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
    lastGood = Float64Array.from(x);
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
    if (residual < bestResidual) sinceBest = 0;
    else if (stallIterations > 0 && ++sinceBest >= stallIterations && shrink > 1 / 64) {
      shrink /= 2;
      sinceBest = 0;
      xHistory.length = 0;
      gHistory.length = 0;
    }
    bestResidual = Math.min(bestResidual, residual);

    let next: Float64Array = dampedStep(x, g, damping * shrink);
    if (useAnderson && residual < accelerateBelow) {
      xHistory.push(Float64Array.from(x));
      gHistory.push(Float64Array.from(g));
      if (xHistory.length > depth + 1) {
        xHistory.shift();
        gHistory.shift();
      }
      const accelerated = andersonStep(xHistory, gHistory, weights, damping * shrink);
      if (accelerated !== null) next = accelerated;
    }
    for (let i = 0; i < n; i++) {
      const limit = stepLimit(i);
      next[i] = Math.min(x[i] + limit, Math.max(x[i] - limit, next[i]));
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

function allFinite(values: Float64Array): boolean {
  for (const v of values) if (!Number.isFinite(v)) return false;
  return true;
}
