import type { DataObjective, SampleRange, ScoreForm, TrainingData } from '@attention-hd/core';
import { type ChunkProblem, type ChunkWork, createChunkWork, evaluateSamples } from '../../kernels/attention-chunk.js';
import { KernelWorkers } from './kernel-workers.js';
import { isShared, sharedFloat64 } from './shared-memory.js';

/** Below this many samples per thread a worker's hand-off costs more than it saves. */
const MIN_SAMPLES_PER_THREAD = 1024;

/**
 * The data loss and its gradient in float64 TypeScript, split over `threads` threads (the main
 * thread plus workers) by ranges of samples. Worker threads need X and Y on shared memory (the
 * backend's `allocate`); otherwise everything runs on the main thread.
 */
export class TypeScriptObjective implements DataObjective {
  readonly threads: number;
  readonly #problem: ChunkProblem;
  readonly #form: ScoreForm;
  readonly #L: Float64Array;
  readonly #R: Float64Array;
  readonly #M: Float64Array;
  readonly #work: ChunkWork;
  readonly #partial = new Float64Array(1);
  readonly #n: number;
  readonly #workers: KernelWorkers | null;

  constructor(data: TrainingData, form: ScoreForm, threads: number) {
    const { n, T, d } = data;
    const q = form.columns;
    this.#form = form;
    const right = { tied: 0, identity: 1, separate: 2 }[form.right];
    this.#problem = {
      X: data.X,
      Y: data.Y,
      T,
      d,
      q,
      right,
      scale: form.scale,
      beta: data.beta,
      seq2seq: data.output === 'seq2seq' ? 1 : 0,
    };
    const shared = isShared(data.X) && isShared(data.Y);
    const usable = shared ? Math.max(1, Math.min(threads, Math.floor(n / MIN_SAMPLES_PER_THREAD))) : 1;
    this.threads = usable;
    const factor = (length: number) => (usable > 1 ? sharedFloat64(length) : new Float64Array(length));
    this.#L = factor(d * q);
    this.#R = factor(right === 2 ? d * q : 0);
    this.#M = new Float64Array(d * d);
    this.#work = createChunkWork(T, d, q, right);
    this.#n = n;
    this.#workers = usable > 1 ? new KernelWorkers(this.#problem, this.#L, this.#R, usable - 1) : null;
  }

  evaluate(theta: Float64Array, gradient: Float64Array | null, batch?: SampleRange): number {
    const first = batch?.first ?? 0;
    const count = batch?.count ?? this.#n;
    if (!(first >= 0 && count >= 1 && first + count <= this.#n)) {
      throw new RangeError(`batch [${first}, ${first + count}) is outside the ${this.#n} samples`);
    }
    const traceS = this.#form.factors(theta, this.#L, this.#problem.right === 2 ? this.#R : null);
    // equal ranges; the main thread takes the first, workers the rest
    const threads = this.#workers === null ? 1 : Math.min(this.threads, Math.ceil(count / MIN_SAMPLES_PER_THREAD));
    const per = Math.ceil(count / threads);
    const ranges: SampleRange[] = [];
    for (let k = 1; k < (this.#workers?.size ?? 0) + 1; k++) {
      const start = Math.min(first + k * per, first + count);
      ranges.push({ first: start, count: Math.max(0, Math.min(per, first + count - start)) });
    }
    this.#workers?.start(traceS, ranges);
    const M = this.#M;
    M.fill(0);
    this.#partial[0] = 0;
    let loss = evaluateSamples(
      this.#problem,
      this.#L,
      this.#R,
      traceS,
      first,
      Math.min(per, count),
      this.#work,
      M,
      this.#partial,
    );
    let traceG = this.#partial[0];
    if (this.#workers !== null) {
      const [workerLoss, workerTrace] = this.#workers.finish(M);
      loss += workerLoss;
      traceG += workerTrace;
    }
    if (gradient !== null) this.#form.gradient(theta, M, traceG, gradient);
    return loss;
  }

  dispose(): void {
    this.#workers?.dispose();
  }
}
