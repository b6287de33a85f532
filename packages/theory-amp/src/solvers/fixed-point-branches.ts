import type { TheoryBranch } from '@attention-hd/core';
import type { Overlaps, StateEvolutionSolution } from '../state-evolution/state-evolution.js';

/**
 * Which fixed point a point reports when its starts reach several (docs/theory.md §3.4): the ERM
 * reaches the global minimum of the training objective, so the branch of lowest Φ. Solutions closer
 * than 1e-3 (relative, in q, m and Σ) or within their Monte Carlo errors are one branch. Φ is
 * compared with its Monte Carlo error: on common nodes only αM carries integration error to first
 * order (Φ is stationary in the overlaps and hats), so ΔΦ has standard error α·sd_r(M_b,r − M_a,r)/√R
 * over the rule's R replicates. When another branch lies within 2 of those standard errors of the
 * lowest, the selection is not resolved.
 */
export interface BranchSelection {
  readonly best: StateEvolutionSolution;
  /** every distinct converged fixed point (only when there are at least two) */
  readonly branches?: readonly TheoryBranch[];
  /** another branch's Φ is within 2 standard errors of the selected one's */
  readonly unresolved: boolean;
  /** a sentence for `reason` (empty with one branch) */
  readonly summary: string;
}

export function selectBranches(solutions: readonly StateEvolutionSolution[], alpha: number): BranchSelection {
  const converged = solutions.filter((s) => s.status === 'converged' && Number.isFinite(s.point.trainLoss));
  if (converged.length === 0) {
    const best = solutions.reduce((a, b) => (b.residual < a.residual || !Number.isFinite(a.residual) ? b : a));
    return { best, unresolved: false, summary: '' };
  }
  // one representative (the lowest Φ) per group of coinciding solutions, in order of Φ
  const byPhi = [...converged].sort((a, b) => a.point.trainLoss - b.point.trainLoss);
  const distinct: StateEvolutionSolution[] = [];
  for (const s of byPhi) if (!distinct.some((d) => sameBranch(d, s))) distinct.push(s);
  const best = distinct[0];
  if (distinct.length < 2) return { best, unresolved: false, summary: '' };
  let unresolved = false;
  const branches: TheoryBranch[] = distinct.map((s, i) => {
    const gap = s.point.trainLoss - best.point.trainLoss;
    if (i > 0 && gap <= 2 * differenceError(best, s, alpha)) unresolved = true;
    return {
      q: s.point.q,
      mseS: s.point.mseS,
      testError: s.point.testError,
      potential: gap,
      phi: s.point.trainLoss,
      stable: true,
      selected: i === 0,
    };
  });
  const list = distinct.map((s) => `q ${s.point.q.toPrecision(4)}, Φ ${s.point.trainLoss.toPrecision(6)}`).join('; ');
  const summary = unresolved
    ? `${distinct.length} fixed points whose Φ differ by less than 2 Monte Carlo standard errors (${list}): the branch is not resolved; the lowest Φ is reported`
    : `${distinct.length} fixed points (${list}): the lowest Φ is reported`;
  return { best, branches, unresolved, summary };
}

/**
 * One branch: closer than 1e-3 (relative) in q, m and Σ, or within 2 combined Monte Carlo standard
 * errors of each (the fixed point's own integration error; two starts that end that close found
 * the same fixed point).
 */
function sameBranch(a: StateEvolutionSolution, b: StateEvolutionSolution): boolean {
  if (relativeDistance(a.point, b.point) < 1e-3) return true;
  const ea = a.monteCarloErrors;
  const eb = b.monteCarloErrors;
  if (ea === undefined || eb === undefined) return false;
  return (['q', 'm', 'sigma'] as const).every(
    (key) => Math.abs(a.point[key] - b.point[key]) <= 2 * Math.hypot(ea[key] ?? 0, eb[key] ?? 0),
  );
}

/** The MC standard error of Φ_b − Φ_a on common nodes (0 for a deterministic rule). */
function differenceError(a: StateEvolutionSolution, b: StateEvolutionSolution, alpha: number): number {
  const ra = a.replicateMoreau;
  const rb = b.replicateMoreau;
  if (ra == null || rb == null) return 0;
  const R = Math.min(ra.length, rb.length);
  if (R < 2) return Number.POSITIVE_INFINITY;
  let mean = 0;
  for (let r = 0; r < R; r++) mean += (rb[r] - ra[r]) / R;
  let variance = 0;
  for (let r = 0; r < R; r++) variance += (rb[r] - ra[r] - mean) ** 2 / (R - 1);
  return alpha * Math.sqrt(variance / R);
}

export function relativeDistance(a: Overlaps, b: Overlaps): number {
  const d = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-12);
  return Math.max(d(a.q, b.q), d(a.m, b.m), d(a.sigma, b.sigma));
}
