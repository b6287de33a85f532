import type { ServiceIdentifier } from 'inversify';

/** One tidy row: one grid point × seed × method. */
export type ResultRow = Readonly<Record<string, number | string | boolean | null>>;

/** Where an experiment's rows go (a run directory, memory, …). Writes must be atomic per row batch. */
export interface ResultSink {
  /** rows already stored for this run (to resume without recomputing) */
  existing(): Promise<ResultRow[]>;
  write(rows: readonly ResultRow[]): Promise<void>;
  close(): Promise<void>;
}

export const ResultSink = Symbol.for('@attention-hd/core:ResultSink') as ServiceIdentifier<ResultSink>;

/** Keeps rows in memory: for tests and compose-in-code use. */
export class MemoryResultSink implements ResultSink {
  readonly rows: ResultRow[] = [];

  async existing(): Promise<ResultRow[]> {
    return [...this.rows];
  }

  async write(rows: readonly ResultRow[]): Promise<void> {
    this.rows.push(...rows);
  }

  async close(): Promise<void> {}
}
