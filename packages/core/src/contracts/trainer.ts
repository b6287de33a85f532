import type { ServiceIdentifier } from 'inversify';
import type { ProgressReporter } from './progress-reporter.js';
import type { TargetModel } from './target.js';

export interface AdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** One ERM run at finite d (docs/theory.md §2.4–2.6, §7). */
export interface TrainingRequest {
  /** id of a registered Parameterization (the architecture trained) */
  readonly parameterization: string;
  readonly target: TargetModel;
  readonly d: number;
  /** κ = p/d, the width ratio; parameterizations without a free width ignore it */
  readonly kappa: number;
  readonly alpha: number;
  /** λ as in the loss L = Σ‖y − ŷ‖² + λ‖W‖²_F (the trainer's λ, not λ̃) */
  readonly lambda: number;
  readonly noise: number;
  readonly T: number;
  readonly beta: number;
  readonly beta0: number;
  readonly output: 'seq2lab' | 'seq2seq';
  readonly adam: AdamSettings;
  /** stop when |Δloss| < tolerance after at least minSteps, or at maxSteps */
  readonly tolerance: number;
  readonly minSteps: number;
  readonly maxSteps: number;
  /** mini-batch size; undefined = full batch */
  readonly batchSize?: number;
  readonly initScale: number;
  readonly testSamples: number;
  readonly seeds: { readonly data: number; readonly teacher: number; readonly init: number };
}

export type StopReason = 'tolerance' | 'max-steps' | 'diverged';

export interface TrainingResult {
  /** L/d² at the end, and its two parts */
  readonly trainLoss: number;
  readonly trainDataLoss: number;
  readonly trainPenalty: number;
  /** (1/N_test) Σ ‖y − ŷ‖² on fresh samples against the noisy target */
  readonly testError: number;
  /** ‖Ŝ − S₀‖²_F / d */
  readonly mseS: number;
  readonly steps: number;
  readonly stopReason: StopReason;
  /** the step at which the loss became non-finite, when diverged */
  readonly divergedAtStep?: number;
  readonly seconds: number;
  readonly backend: string;
  /** which backend ran and why (e.g. why a higher-priority one was skipped) */
  readonly backendNote: string;
  readonly precision: 'float32' | 'float64';
  /** λ and λ̃ = the theory's regularisation for this run */
  readonly lambda: number;
  readonly lambdaTilde: number;
  /** learned θ (W or packed S) */
  readonly theta: Float64Array;
}

export interface TrainingContext {
  readonly backend?: string;
  readonly progress?: ProgressReporter;
}

/** Extension point: an ERM trainer (an optimiser), for the parameterizations it supports. */
export interface Trainer {
  readonly id: string;
  readonly description: string;
  /**
   * true: never the default trainer of a parameterization, only used when asked for by id (a
   * simulation method beside the optimiser, e.g. GAMP)
   */
  readonly onRequest?: boolean;
  /** whether it can train this registered parameterization */
  supports(parameterization: string): boolean;
  train(request: TrainingRequest, context?: TrainingContext): Promise<TrainingResult>;
}

export const Trainer = Symbol.for('@attention-hd/core:Trainer') as ServiceIdentifier<Trainer>;
