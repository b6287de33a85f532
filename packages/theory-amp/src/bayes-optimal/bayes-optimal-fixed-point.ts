import { brentRoot, integrateGaussLegendre } from '@attention-hd/core';

/** One fixed point of the Bayes-optimal SE, t = 1/q̂ (docs/theory.md §3.13). */
export interface BayesOptimalBranch {
  /** t = 1/q̂, the noise variance of the prior side's effective observation; 0 is perfect recovery */
  readonly t: number;
  /** mmse(t) = Q₀ − q */
  readonly mmse: number;
  /** the potential P(t) = ∫ g(s)/s² ds relative to the selected branch (≥ 0 for every stable branch) */
  readonly potential: number;
  /** g crosses from − to + (the iteration t ← (mmse(t) + Δ/2)/(2ᾱ) converges to it) */
  readonly stable: boolean;
}

export interface BayesOptimalFixedPoint {
  readonly status: 'converged' | 'no-bracket' | 'nan';
  /** the selected branch (lowest potential among the stable ones) */
  readonly t: number;
  readonly mmse: number;
  /** every fixed point found, the selected one included, in increasing t */
  readonly branches: readonly BayesOptimalBranch[];
  /** function evaluations of mmse(t) */
  readonly evaluations: number;
  readonly residual: number;
  readonly reason: string;
}

/** grid points per decade of t; on a fixed lattice t = 10^(j/8), so a memoised mmse is reused along a curve */
const PER_DECADE = 8;
/** at least this many grid intervals however narrow [t_lo, t_hi] is */
const MIN_INTERVALS = 24;
/** with Δ = 0 the grid starts at t_hi·1e-6: a root below it (mmse < 1e-6 Var μ₀) counts as perfect recovery */
const PERFECT_RECOVERY_RESOLUTION = 1e-6;

/**
 * The Bayes-optimal SE in one variable (docs/theory.md §3.13): with the softmax inverted row by row
 * the channel is Gaussian and linear on ᾱ d² effective observations of noise Δ/2, and the fixed
 * point is a root of
 *
 *     g(t) = 2ᾱ t − mmse(t) − Δ/2,    t = 1/q̂.
 *
 * The roots are bracketed on a log grid of t between t_lo (Δ/(4ᾱ), where g = −mmse < 0; a tiny
 * multiple of t_hi when Δ = 0, below which mmse < 1e-6 Var μ₀ counts as 0) and t_hi (where 2ᾱt exceeds Var μ₀ + Δ/2 ≥ mmse + Δ/2), then
 * refined by Brent's method in log t. Every root is reported; the selected one has the lowest
 * potential P(t) = ∫ g(s)/s² ds among the stable ones — the replica free entropy F(q̂) has
 * dF/dq̂ = g(1/q̂)/4, so this is the branch of largest free entropy, the Bayes-optimal one. With
 * Δ = 0, t = 0 (perfect recovery) is a fixed point too; g(s)/s² ~ (2ᾱ − mmse(s)/s)/s near 0, so
 * P(0) = −∞ (selected) above ᾱ = ½ lim mmse(s)/s, and +∞ (never selected) below it.
 */
export function bayesOptimalFixedPoint(options: {
  readonly alphaBar: number;
  readonly noise: number;
  /** Var μ₀ = Q₀ − (TrS₀/d)², the limit of mmse(t) as t → ∞ */
  readonly priorVariance: number;
  readonly mmse: (t: number) => number;
}): BayesOptimalFixedPoint {
  const { alphaBar, noise, priorVariance } = options;
  let evaluations = 0;
  const mmse = (t: number) => {
    evaluations++;
    return options.mmse(t);
  };
  const g = (t: number) => 2 * alphaBar * t - mmse(t) - noise / 2;
  if (!(priorVariance > 1e-14)) {
    // μ₀ a point mass: S₀ = (TrS₀/d)·I is known before any data, mmse(t) = 0 for every t
    const t = noise / (4 * alphaBar);
    const reason = 'Var μ₀ = 0: S₀ = (TrS₀/d) I is known a priori, mmse = 0 (t = Δ/(4ᾱ))';
    return { status: 'converged', t, mmse: 0, branches: [], evaluations, residual: 0, reason };
  }
  const tHi = (1.05 * (priorVariance + noise / 2)) / (2 * alphaBar) + Number.MIN_VALUE;
  const tLo = noise > 0 ? noise / (4 * alphaBar) : tHi * PERFECT_RECOVERY_RESOLUTION;
  const logT = searchGrid(tLo, tHi);
  const values = logT.map((u) => g(Math.exp(u)));
  const GRID = logT.length;
  if (values.some((v) => !Number.isFinite(v))) {
    return failed('nan', evaluations, 'mmse(t) is not finite on the search grid (prior side failed)');
  }
  const roots: { t: number; stable: boolean; residual: number }[] = [];
  for (let k = 0; k + 1 < GRID; k++) {
    if (values[k] === 0) roots.push({ t: Math.exp(logT[k]), stable: values[k + 1] > 0, residual: 0 });
    else if (values[k] * values[k + 1] < 0) {
      const root = brentRoot((u) => g(Math.exp(u)), logT[k], logT[k + 1], { xTolerance: 1e-13 });
      if (root.status !== 'converged') return failed(root.status === 'nan' ? 'nan' : 'no-bracket', evaluations, root.reason);
      roots.push({ t: Math.exp(root.values), stable: values[k] < 0, residual: root.residual });
    }
  }
  // Δ = 0 and g > 0 at the smallest t: the only stable fixed point below the grid is t = 0
  const perfect = noise === 0 && values[0] > 0;
  if (roots.length === 0 && !perfect) {
    return failed('no-bracket', evaluations, `g(t) has no sign change on [${tLo}, ${tHi}]`);
  }
  const candidates = roots.filter((r) => r.stable);
  // potentials of the stable roots relative to the first (∫ g(s)/s² ds = ∫ g(s)/s d(ln s))
  const potentials: number[] = [0];
  for (let i = 1; i < candidates.length; i++) {
    const a = Math.log(candidates[i - 1].t);
    const b = Math.log(candidates[i].t);
    potentials.push(potentials[i - 1] + integrateGaussLegendre((u) => g(Math.exp(u)) / Math.exp(u), a, b, 48));
  }
  const branches: BayesOptimalBranch[] = [];
  let selected: { t: number; mmse: number; residual: number };
  if (perfect) {
    selected = { t: 0, mmse: 0, residual: 0 };
    branches.push({ t: 0, mmse: 0, potential: 0, stable: true });
    for (const r of roots) branches.push({ t: r.t, mmse: mmse(r.t), potential: Number.POSITIVE_INFINITY, stable: r.stable });
  } else {
    // with Δ = 0 below the threshold t = 0 still solves g(t) = 0, but it repels (P(0) = +∞)
    if (noise === 0) branches.push({ t: 0, mmse: 0, potential: Number.POSITIVE_INFINITY, stable: false });
    const lowest = Math.min(...potentials);
    const best = candidates[potentials.indexOf(lowest)];
    selected = { t: best.t, mmse: mmse(best.t), residual: best.residual };
    let s = 0;
    for (const r of roots) {
      const potential = r.stable ? potentials[s++] - lowest : Number.NaN;
      branches.push({ t: r.t, mmse: r.t === best.t ? selected.mmse : mmse(r.t), potential, stable: r.stable });
    }
  }
  const stableCount = branches.filter((b) => b.stable).length;
  const reason = perfect
    ? `perfect recovery: g(t) = 2ᾱt − mmse(t) − Δ/2 > 0 down to t = ${tLo.toExponential(2)} (Δ = 0), so t = 0 is the stable fixed point${roots.length > 0 ? ` (${roots.length} other root(s) have infinite potential)` : ''}`
    : stableCount > 1
      ? `${stableCount} stable fixed points; the one of lowest potential (largest free entropy) selected, the others ${branches
          .filter((b) => b.stable && b.t !== selected.t)
          .map((b) => `+${b.potential.toPrecision(3)}`)
          .join(', ')} above it`
      : `one fixed point of g(t) = 2ᾱt − mmse(t) − Δ/2 (Brent in log t, bracketed on a log grid of ${GRID} points)`;
  return {
    status: 'converged',
    t: selected.t,
    mmse: selected.mmse,
    branches,
    evaluations,
    residual: selected.residual,
    reason,
  };
}

/** ln t of the search grid: t_lo, the lattice points 10^(j/8) strictly inside, t_hi (finer if the range is narrow). */
function searchGrid(tLo: number, tHi: number): number[] {
  const lo = Math.log10(tLo);
  const hi = Math.log10(tHi);
  const grid = [lo];
  if ((hi - lo) * PER_DECADE >= MIN_INTERVALS) {
    for (let j = Math.floor(lo * PER_DECADE) + 1; j / PER_DECADE < hi; j++) {
      if (j / PER_DECADE - lo > 1e-9 && hi - j / PER_DECADE > 1e-9) grid.push(j / PER_DECADE);
    }
  } else {
    for (let k = 1; k < MIN_INTERVALS; k++) grid.push(lo + ((hi - lo) * k) / MIN_INTERVALS);
  }
  grid.push(hi);
  return grid.map((x) => x * Math.LN10);
}

function failed(status: 'no-bracket' | 'nan', evaluations: number, reason: string): BayesOptimalFixedPoint {
  return { status, t: Number.NaN, mmse: Number.NaN, branches: [], evaluations, residual: Number.NaN, reason };
}
