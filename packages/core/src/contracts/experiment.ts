import type { ServiceIdentifier } from 'inversify';
import type { ParameterSpec, ParameterValues } from '../parameters/parameter-spec.js';
import type { ProgressReporter } from './progress-reporter.js';
import type { ResultRow } from './result-sink.js';

export type ExperimentMethod = 'theory' | 'simulation';

/** One unit of work: a grid point × seed × method, with a stable key for resuming. */
export interface ExperimentPoint {
  readonly key: string;
  readonly method: ExperimentMethod;
  readonly values: Readonly<Record<string, number | string | boolean>>;
}

export interface ExperimentAvailability {
  readonly available: boolean;
  /** e.g. "needs a theory solver for the paper's parameterization (install @attention-hd/theory-amp)" */
  readonly reason: string;
}

export interface ExperimentContext {
  readonly progress: ProgressReporter;
  /** compute backend asked for by the user, if any */
  readonly backend?: string;
}

/**
 * Extension point: a standard run (one per figure). A typed parameter grid × seeds × methods that
 * yields tidy rows and a Vega-Lite figure spec.
 */
export interface Experiment {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  /** named presets of parameter values, e.g. { quick: { d: 40, seeds: 2 } } */
  readonly presets: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  availability(): Promise<ExperimentAvailability>;
  /**
   * checks what can be checked before any work (ids, target parameters, sizes that cannot fit) and
   * throws a ParameterError naming the parameter, the value and what is allowed
   */
  validate?(parameters: ParameterValues): Promise<void> | void;
  /** all units of work for these parameters */
  plan(parameters: ParameterValues): ExperimentPoint[];
  /** runs one unit; may return several rows (e.g. a theory curve) */
  runPoint(point: ExperimentPoint, parameters: ParameterValues, context: ExperimentContext): Promise<ResultRow[]>;
  /** Vega-Lite spec of the figure from the tidy rows */
  figure(rows: readonly ResultRow[], parameters: ParameterValues): Record<string, unknown>;
  /** `{ metric: { x: [...], y: [...] } }` */
  summary(rows: readonly ResultRow[], parameters: ParameterValues): Record<string, unknown>;
}

export const Experiment = Symbol.for('@attention-hd/core:Experiment') as ServiceIdentifier<Experiment>;
