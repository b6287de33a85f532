import { Worker } from 'node:worker_threads';
import type { SampleRange } from '@attention-hd/core';
import {
  accumulateGram,
  type ChunkProblem,
  chunkSamples,
  createChunkWork,
  evaluateSamples,
  multiplyPanel,
} from '../../kernels/attention-chunk.js';

/**
 * Worker threads that evaluate `evaluateSamples` on their own range of samples, synchronously: the
 * main thread publishes a generation number in shared memory, works on its own range, then waits
 * (Atomics.wait is allowed on Node's main thread) until every worker has published the same number.
 * X, Y, L, R and the per-worker M live on SharedArrayBuffers, so a step copies nothing.
 *
 * The workers' code is the kernels' own source (Function.prototype.toString), so workers and main
 * thread run one implementation, from the built package or from source under the test runner.
 */

const KERNEL_SOURCE = [multiplyPanel, accumulateGram, chunkSamples, createChunkWork, evaluateSamples]
  .map((f) => f.toString())
  .join('\n');

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
${KERNEL_SOURCE}
const { problem, L, R, M, out, control, T, d, q } = workerData;
const work = createChunkWork(T, d, q, problem.right);
const partial = new Float64Array(1);
let seen = 0;
for (;;) {
  Atomics.wait(control, 0, seen);
  const generation = Atomics.load(control, 0);
  if (generation < 0) break;
  seen = generation;
  try {
    M.fill(0);
    partial[0] = 0;
    out[0] = evaluateSamples(problem, L, R, out[2], control[3], control[4], work, M, partial);
    out[1] = partial[0];
  } catch (error) {
    out[0] = Number.NaN;
    Atomics.store(control, 2, 1);
  }
  Atomics.store(control, 1, generation);
  Atomics.notify(control, 1);
}
`;

interface WorkerSlot {
  readonly worker: Worker;
  readonly control: Int32Array;
  readonly M: Float64Array;
  /** [loss, Σ tr G, Tr S] */
  readonly out: Float64Array;
}

/** How long a step may take before we call the worker lost (a wedged worker must not hang the run). */
const WAIT_LIMIT_MS = 10 * 60 * 1000;

export class KernelWorkers {
  readonly #slots: WorkerSlot[] = [];
  #generation = 0;

  /** Spawns `count` workers; L and R are the shared factors the main thread writes before `start`. */
  constructor(problem: ChunkProblem, L: Float64Array, R: Float64Array, count: number) {
    for (let k = 0; k < count; k++) {
      // [generation asked, generation done, failed, first sample, sample count]
      const control = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
      const M = new Float64Array(new SharedArrayBuffer(problem.d * problem.d * 8));
      const out = new Float64Array(new SharedArrayBuffer(3 * 8));
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { problem, L, R, M, out, control, T: problem.T, d: problem.d, q: problem.q },
      });
      worker.unref();
      this.#slots.push({ worker, control, M, out });
    }
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Starts worker k on samples ranges[k] with the current L, R (and Tr S = traceS). */
  start(traceS: number, ranges: readonly SampleRange[]): void {
    this.#generation++;
    for (let k = 0; k < this.#slots.length; k++) {
      const slot = this.#slots[k];
      slot.out[2] = traceS;
      slot.control[3] = ranges[k].first;
      slot.control[4] = ranges[k].count;
      Atomics.store(slot.control, 0, this.#generation);
      Atomics.notify(slot.control, 0);
    }
  }

  /** Waits for all workers; adds their M into `M`, returns [loss, Σ tr G] summed over workers. */
  finish(M: Float64Array): [number, number] {
    let loss = 0;
    let traceG = 0;
    for (const slot of this.#slots) {
      for (;;) {
        const done = Atomics.load(slot.control, 1);
        if (done === this.#generation) break;
        if (Atomics.wait(slot.control, 1, done, WAIT_LIMIT_MS) === 'timed-out') {
          throw new Error(`kernel worker did not answer within ${WAIT_LIMIT_MS / 1000} s`);
        }
      }
      if (Atomics.load(slot.control, 2) !== 0) throw new Error('a kernel worker failed while evaluating the loss');
      loss += slot.out[0];
      traceG += slot.out[1];
      for (let i = 0; i < M.length; i++) M[i] += slot.M[i];
    }
    return [loss, traceG];
  }

  dispose(): void {
    for (const slot of this.#slots) {
      Atomics.store(slot.control, 0, -1);
      Atomics.notify(slot.control, 0);
      void slot.worker.terminate();
    }
    this.#slots.length = 0;
  }
}
