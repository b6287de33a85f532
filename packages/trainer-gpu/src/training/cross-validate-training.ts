import type { Trainer, TrainingContext, TrainingRequest } from '@attention-hd/core';
import { requireNumber } from '@attention-hd/core';
import { type SeedPlan, type SeedSummary, trainSeeds } from './multi-seed.js';

export interface TrainingCrossValidation {
  readonly lambdaOptimal: number;
  readonly best: SeedSummary;
  readonly grid: readonly { readonly lambda: number; readonly summary: SeedSummary }[];
}

/**
 * λ chosen by the mean test error over seeds on held-out samples (docs/theory.md §7: the paper scans
 * logspace(−6, −1, 100) with 8 runs each and keeps the argmin of the mean test error on 2000 fresh
 * samples). Each λ uses the same seeds, so the comparison between λ is paired.
 */
export async function crossValidateTraining(
  trainer: Trainer,
  request: Omit<TrainingRequest, 'seeds' | 'lambda'>,
  lambdas: readonly number[],
  plan: SeedPlan,
  context: TrainingContext = {},
): Promise<TrainingCrossValidation> {
  if (lambdas.length === 0) throw new RangeError('crossValidateTraining: the λ grid is empty');
  const grid: { lambda: number; summary: SeedSummary }[] = [];
  for (const lambda of lambdas) {
    requireNumber('lambda', lambda, { min: 0 });
    grid.push({ lambda, summary: await trainSeeds(trainer, { ...request, lambda }, plan, context) });
  }
  const finite = grid.filter((g) => Number.isFinite(g.summary.testErrorMean));
  if (finite.length === 0) throw new Error('crossValidateTraining: every λ diverged');
  const best = finite.reduce((a, b) => (b.summary.testErrorMean < a.summary.testErrorMean ? b : a));
  return { lambdaOptimal: best.lambda, best: best.summary, grid };
}
