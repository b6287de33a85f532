import type { DataObjective, SampleRange, TrainingData } from '@attention-hd/core';
import { type ChunkProblem, type ChunkWork, createChunkWork, evaluateSamples } from '../../kernels/attention-chunk.js';
import type { StudentMap } from '../../kernels/student-map.js';
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
  readonly #map: StudentMap;
  readonly #A: Float64Array;
  readonly #M: Float64Array;
  readonly #work: ChunkWork;
  readonly #partial = new Float64Array(1);
  readonly #n: number;
  readonly #workers: KernelWorkers | null;

  constructor(data: TrainingData, map: StudentMap, threads: number) {
    const { n, T, d } = data;
    this.#map = map;
    this.#problem = {
      X: data.X,
      Y: data.Y,
      T,
      d,
      q: map.q,
      direct: map.parameterization === 'direct' ? 1 : 0,
      factorScale: map.factorScale,
      beta: data.beta,
      seq2seq: data.output === 'seq2seq' ? 1 : 0,
    };
    const shared = isShared(data.X) && isShared(data.Y);
    const usable = shared ? Math.max(1, Math.min(threads, Math.floor(n / MIN_SAMPLES_PER_THREAD))) : 1;
    this.threads = usable;
    this.#A = usable > 1 ? sharedFloat64(d * map.q) : new Float64Array(d * map.q);
    this.#M = new Float64Array(d * d);
    this.#work = createChunkWork(T, d, map.q);
    this.#n = n;
    this.#workers = usable > 1 ? new KernelWorkers(this.#problem, this.#A, usable - 1) : null;
  }

  evaluate(theta: Float64Array, gradient: Float64Array | null, batch?: SampleRange): number {
    const first = batch?.first ?? 0;
    const count = batch?.count ?? this.#n;
    if (!(first >= 0 && count >= 1 && first + count <= this.#n)) {
      throw new RangeError(`batch [${first}, ${first + count}) is outside the ${this.#n} samples`);
    }
    const traceS = this.#map.matrix(theta, this.#A);
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
    let loss = evaluateSamples(this.#problem, this.#A, traceS, first, Math.min(per, count), this.#work, M, this.#partial);
    let traceG = this.#partial[0];
    if (this.#workers !== null) {
      const [workerLoss, workerTrace] = this.#workers.finish(M);
      loss += workerLoss;
      traceG += workerTrace;
    }
    if (gradient !== null) this.#map.gradient(theta, M, traceG, gradient);
    return loss;
  }

  dispose(): void {
    this.#workers?.dispose();
  }
}
