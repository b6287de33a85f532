/**
 * What every iterative solver reports with its values. It never throws for non-convergence: the
 * caller decides what a 'max-iterations' or 'diverged' point means.
 */
/**
 * 'branches-unresolved': a solve that converged, but to one of several fixed points whose selection
 * rule cannot tell them apart within the Monte Carlo error (the reported values are the rule's pick).
 */
export type SolverStatusCode = 'converged' | 'max-iterations' | 'diverged' | 'nan' | 'no-bracket' | 'branches-unresolved';

export interface SolverStatus {
  readonly status: SolverStatusCode;
  readonly iterations: number;
  readonly residual: number;
  /** a sentence for humans: why it stopped */
  readonly reason: string;
}

export interface SolverResult<V> extends SolverStatus {
  readonly values: V;
}
