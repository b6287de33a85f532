import type { SolverStatusCode } from '@attention-hd/core';

export interface ThresholdResult {
  /** ᾱ (the T-independent effective ratio) */
  readonly alphaBar: number;
  /** α = ᾱ/(constraints per sample) */
  readonly alpha: number;
  readonly status: SolverStatusCode;
  /** what else the computation produced (δ̄, c, …) */
  readonly details: Readonly<Record<string, number>>;
}
