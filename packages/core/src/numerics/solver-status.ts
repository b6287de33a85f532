/**
 * What every iterative solver reports with its values. It never throws for non-convergence: the
 * caller decides what a 'max-iterations' or 'diverged' point means.
 */
export type SolverStatusCode = 'converged' | 'max-iterations' | 'diverged' | 'nan' | 'no-bracket';

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
