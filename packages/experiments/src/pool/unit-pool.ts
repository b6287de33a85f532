import { Worker } from 'node:worker_threads';
import type { ExperimentPoint, ParameterValues, ResultRow } from '@attention-hd/core';

/** What every worker needs to build the experiment: its plugin modules (import specifiers) and id. */
export interface PoolSetup {
  readonly modules: readonly string[];
  readonly experimentId: string;
  readonly parameters: ParameterValues;
  readonly backend?: string;
}

interface Job {
  readonly point: ExperimentPoint;
  resolve(rows: ResultRow[]): void;
  reject(error: Error): void;
}

/**
 * Worker threads that run an experiment's units in parallel, one unit per worker at a time (a unit
 * is the grain of resume, and each is deterministic by its key, so the numbers do not depend on
 * the number of workers). From the built package the worker is plain JavaScript; under the test
 * runner (TypeScript sources) it is loaded through tsx with the `source` export condition.
 */
export class UnitPool {
  readonly #workers: { worker: Worker; busy: Job | null; ready: Promise<void> }[] = [];
  readonly #queue: Job[] = [];
  #failure: Error | null = null;

  constructor(count: number, setup: PoolSetup) {
    const url = new URL(import.meta.url.endsWith('.ts') ? './unit-worker.ts' : './unit-worker.js', import.meta.url);
    for (let k = 0; k < count; k++) {
      const worker = url.pathname.endsWith('.ts')
        ? new Worker(
            `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`,
            // the test runner's tsconfig (legacy decorators for inversify) and source conditions
            {
              eval: true,
              workerData: setup,
              execArgv: ['--conditions=source'],
              env: { ...process.env, TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH ?? 'tsconfig.test.json' },
            },
          )
        : new Worker(url, { workerData: setup });
      const slot = { worker, busy: null as Job | null, ready: Promise.resolve() };
      slot.ready = new Promise<void>((resolve, reject) => {
        const onMessage = (message: { ready?: boolean }) => {
          if (message.ready) {
            worker.off('message', onMessage);
            resolve();
          }
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
      });
      worker.on('message', (message: { id?: number; rows?: ResultRow[]; error?: string }) => {
        if (message.id === undefined || slot.busy === null) return;
        const job = slot.busy;
        slot.busy = null;
        if (message.error !== undefined) job.reject(new Error(message.error));
        else job.resolve(message.rows ?? []);
        this.#dispatch();
      });
      worker.on('error', (error) => {
        this.#failure = error;
        slot.busy?.reject(error);
        slot.busy = null;
        for (const job of this.#queue.splice(0)) job.reject(error);
      });
      this.#workers.push(slot);
    }
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Runs one unit on the next free worker. */
  run(point: ExperimentPoint): Promise<ResultRow[]> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#queue.push({ point, resolve, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }

  #dispatch(): void {
    for (const slot of this.#workers) {
      if (slot.busy !== null || this.#queue.length === 0) continue;
      const job = this.#queue.shift() as Job;
      slot.busy = job;
      void slot.ready.then(
        () => slot.worker.postMessage({ id: 0, point: job.point }),
        (error: Error) => {
          slot.busy = null;
          job.reject(error);
        },
      );
    }
  }
}
