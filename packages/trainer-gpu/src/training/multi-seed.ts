import type { Trainer, TrainingContext, TrainingRequest, TrainingResult } from '@attention-hd/core';
import { requireInteger } from '@attention-hd/core';

export interface SeedPlan {
  /** number of runs */
  readonly seeds: number;
  /** run k uses data and init seed `seed + k` */
  readonly seed: number;
  /**
   * the teacher's seed for every run, as in the paper's scripts (one S₀ per setting); default: a
   * new teacher per run (seed + k), so the mean estimates the average over targets the theory predicts
   */
  readonly teacherSeed?: number;
}

/** One run in a multi-seed summary (θ left out). */
export type RunRecord = Omit<TrainingResult, 'theta'> & { readonly seeds: TrainingRequest['seeds'] };

export interface SeedSummary {
  readonly testErrorMean: number;
  /** sample standard deviation over runs (n − 1); 0 for one run */
  readonly testErrorStd: number;
  readonly trainLossMean: number;
  readonly trainLossStd: number;
  readonly mseSMean: number;
  readonly mseSStd: number;
  readonly stepsMean: number;
  /** runs that diverged (they count as NaN in the means) */
  readonly diverged: number;
  readonly backend: string;
  readonly backendNote: string;
  readonly seconds: number;
  readonly runs: readonly RunRecord[];
  /** the learned θ of the first run (for spectra) */
  readonly firstTheta: Float64Array;
}

/** Mean and sample standard deviation. */
export function meanAndStd(values: readonly number[]): [number, number] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return [mean, 0];
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return [mean, Math.sqrt(variance)];
}

/** Runs `plan.seeds` independent trainings (new data and initialisation each) and summarises them. */
export async function trainSeeds(
  trainer: Trainer,
  request: Omit<TrainingRequest, 'seeds'>,
  plan: SeedPlan,
  context: TrainingContext = {},
): Promise<SeedSummary> {
  const count = requireInteger('seeds', plan.seeds, { min: 1 });
  requireInteger('seed', plan.seed, { min: 0 });
  const started = performance.now();
  const runs: RunRecord[] = [];
  let firstTheta: Float64Array = new Float64Array(0);
  for (let k = 0; k < count; k++) {
    const seeds = { data: plan.seed + k, init: plan.seed + k, teacher: plan.teacherSeed ?? plan.seed + k };
    context.progress?.log(`run ${k + 1}/${count} (seed ${plan.seed + k})`);
    const { theta, ...result } = await trainer.train({ ...request, seeds }, context);
    if (k === 0) firstTheta = theta;
    runs.push({ ...result, seeds });
  }
  const [testErrorMean, testErrorStd] = meanAndStd(runs.map((r) => r.testError));
  const [trainLossMean, trainLossStd] = meanAndStd(runs.map((r) => r.trainLoss));
  const [mseSMean, mseSStd] = meanAndStd(runs.map((r) => r.mseS));
  return {
    testErrorMean,
    testErrorStd,
    trainLossMean,
    trainLossStd,
    mseSMean,
    mseSStd,
    stepsMean: meanAndStd(runs.map((r) => r.steps))[0],
    diverged: runs.filter((r) => r.stopReason === 'diverged').length,
    backend: runs[0].backend,
    backendNote: runs[0].backendNote,
    seconds: (performance.now() - started) / 1000,
    runs,
    firstTheta,
  };
}
