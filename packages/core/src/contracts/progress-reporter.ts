import type { ServiceIdentifier } from 'inversify';

export interface ProgressUpdate {
  /** units done so far (absolute) */
  readonly done?: number;
  /** what is being worked on, e.g. "α = 0.5, seed 3" */
  readonly message?: string;
  /** live quantities, e.g. { loss: 0.0213 } */
  readonly metrics?: Readonly<Record<string, number>>;
}

/** Where long computations report progress; front ends decide how to show it (stderr bars, logs). */
export interface ProgressReporter {
  start(label: string, total: number): void;
  update(update: ProgressUpdate): void;
  log(message: string): void;
  finish(): void;
}

export const ProgressReporter = Symbol.for('@attention-hd/core:ProgressReporter') as ServiceIdentifier<ProgressReporter>;

/** Reports nothing: the default when no front end binds one. */
export const silentProgress: ProgressReporter = {
  start() {},
  update() {},
  log() {},
  finish() {},
};
