import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { PerNodeChannelValues } from './assemble-average.js';
import type { ChannelAverager, ChannelOverlaps } from './channel-average.js';
import type { ChannelNodes } from './channel-nodes.js';
import type { ChannelKind } from './create-output.js';
import type { HatForms } from './hat-estimators.js';
import type { ProximalBranch } from './proximal-branch.js';

/** What a worker needs to build the same ChannelAverager on the same (shared) nodes. */
export interface ChannelWorkerSetup {
  readonly nodes: ChannelNodes;
  readonly output: { readonly kind: ChannelKind; readonly T: number; readonly beta: number };
  readonly labelStartScale: number;
  readonly convex: boolean;
  readonly branch: ProximalBranch;
  readonly hatForms: HatForms;
  readonly perNode: PerNodeChannelValues;
}

/** Words of the shared Int32 control block. */
export const CONTROL = { wake: 0, done: 1, unconverged: 2, failed: 3, setup: 4, ready: 5, workerChunks: 6, length: 7 } as const;
/** Slots of the shared Float64 parameters of one solve. */
export const PARAMS = { q: 0, m: 1, sigma: 2, alpha: 3, warmCount: 4, active: 5, chunkSize: 6, chunks: 7, length: 8 } as const;

/**
 * The next chunk of the current solve, or −1. The claim word holds (generation << 32) | next chunk:
 * a compare-and-swap that names the generation cannot take a chunk of a later solve with an
 * earlier solve's parameters, so a worker that wakes late does no stale work.
 */
export function claimChunk(claim: BigInt64Array, generation: bigint, chunks: number): number {
  for (;;) {
    const word = Atomics.load(claim, 0);
    if (word >> 32n !== generation) return -1;
    const chunk = Number(word & 0xffffffffn);
    if (chunk >= chunks) return -1;
    if (Atomics.compareExchange(claim, 0, word, word + 1n) === word) return chunk;
  }
}

/** The repository's test tsconfig (legacy decorators), for workers run from TypeScript sources. */
const TEST_TSCONFIG = fileURLToPath(new URL('../../../../tsconfig.test.json', import.meta.url));

/** How long one channel average may take before a worker is called lost (a wedged worker must not hang a run). */
const WAIT_LIMIT_MS = 10 * 60 * 1000;

/**
 * Worker threads that share the per-node proximal solves of the generic channel (T ≥ 3) with the
 * main thread, synchronously: the nodes and the per-node results live on SharedArrayBuffers, the
 * nodes are cut into chunks that every thread claims in turn (the main thread too, so a worker
 * that has not started yet only means the main thread does more), and the main thread then waits
 * (Atomics.wait is allowed on Node's main thread) until every chunk is done. Each node's result
 * depends on its own warm start only: the numbers do not depend on the number of threads.
 *
 * One pool per thread that uses it, grown on demand and kept for the process (unref'd: it never
 * keeps a process alive). A channel posts its setup to the workers the first time it runs on them.
 */
export class ChannelThreads {
  static #pool: ChannelThreads | undefined;

  /** The pool, with at least `workers` worker threads. */
  static get(workers: number): ChannelThreads {
    ChannelThreads.#pool ??= new ChannelThreads();
    ChannelThreads.#pool.#grow(workers);
    return ChannelThreads.#pool;
  }

  readonly #control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
  readonly #claim = new BigInt64Array(new SharedArrayBuffer(8));
  readonly #params = new Float64Array(new SharedArrayBuffer(PARAMS.length * 8));
  readonly #ports: MessagePort[] = [];
  #generation = 0n;
  #version = 0;
  #loaded: object | null = null;
  #loadedSetup: ChannelWorkerSetup | null = null;
  #warned = false;

  /** worker threads spawned, and how many have loaded their code */
  get workers(): { readonly spawned: number; readonly ready: number } {
    return { spawned: this.#ports.length, ready: Atomics.load(this.#control, CONTROL.ready) };
  }

  /** chunks of nodes solved by the workers since the pool started (the main thread's not counted) */
  get workerChunks(): number {
    return Atomics.load(this.#control, CONTROL.workerChunks);
  }

  #grow(workers: number): void {
    while (this.#ports.length < workers) {
      const { port1, port2 } = new MessageChannel();
      const workerData = { control: this.#control, claim: this.#claim, params: this.#params, port: port2 };
      const url = new URL(import.meta.url.endsWith('.ts') ? './channel-worker.ts' : './channel-worker.js', import.meta.url);
      const worker = url.pathname.endsWith('.ts')
        ? // under the test runner (TypeScript sources): through tsx, with the `source` export condition
          new Worker(
            `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`,
            {
              eval: true,
              workerData,
              transferList: [port2],
              execArgv: ['--conditions=source'],
              env: { ...process.env, TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH ?? TEST_TSCONFIG },
            },
          )
        : new Worker(url, { workerData, transferList: [port2] });
      // a worker that fails leaves its chunks to the other threads (the numbers stay the same); say so once
      worker.on('error', (error) => {
        if (!this.#warned)
          process.stderr.write(
            `attention-hd: a channel worker thread stopped (${error.message}); the channel continues on the other threads\n`,
          );
        this.#warned = true;
      });
      worker.unref();
      port1.unref();
      this.#ports.push(port1);
      if (this.#loadedSetup !== null) port1.postMessage({ version: this.#version, setup: this.#loadedSetup });
    }
  }

  /**
   * Solves nodes 0 … active − 1 of `owner`'s channel with `averager` (the main thread's share) and
   * the workers; returns how many nodes did not converge.
   */
  solve(owner: object, setup: ChannelWorkerSetup, averager: ChannelAverager, overlaps: ChannelOverlaps, active: number): number {
    const control = this.#control;
    if (this.#loaded !== owner) {
      this.#version++;
      for (const port of this.#ports) port.postMessage({ version: this.#version, setup });
      Atomics.store(control, CONTROL.setup, this.#version);
      this.#loaded = owner;
      this.#loadedSetup = setup;
    }
    const threads = this.#ports.length + 1;
    const chunkSize = Math.max(32, Math.ceil(active / (16 * threads)));
    const chunks = Math.ceil(active / chunkSize);
    const params = this.#params;
    params[PARAMS.q] = overlaps.q;
    params[PARAMS.m] = overlaps.m;
    params[PARAMS.sigma] = overlaps.sigma;
    params[PARAMS.alpha] = overlaps.alpha;
    params[PARAMS.warmCount] = setup.nodes.warmCount;
    params[PARAMS.active] = active;
    params[PARAMS.chunkSize] = chunkSize;
    params[PARAMS.chunks] = chunks;
    Atomics.store(control, CONTROL.done, 0);
    Atomics.store(control, CONTROL.unconverged, 0);
    Atomics.store(control, CONTROL.failed, 0);
    this.#generation++;
    Atomics.store(this.#claim, 0, this.#generation << 32n);
    Atomics.add(control, CONTROL.wake, 1);
    Atomics.notify(control, CONTROL.wake);
    let unconverged = 0;
    for (let chunk = claimChunk(this.#claim, this.#generation, chunks); chunk >= 0; ) {
      unconverged += averager.solveNodes(overlaps, chunk * chunkSize, Math.min(active, (chunk + 1) * chunkSize));
      Atomics.add(control, CONTROL.done, 1);
      chunk = claimChunk(this.#claim, this.#generation, chunks);
    }
    for (;;) {
      const done = Atomics.load(control, CONTROL.done);
      if (done >= chunks) break;
      if (Atomics.wait(control, CONTROL.done, done, WAIT_LIMIT_MS) === 'timed-out') {
        throw new Error(`a channel worker thread did not finish its nodes within ${WAIT_LIMIT_MS / 1000} s`);
      }
    }
    if (Atomics.load(control, CONTROL.failed) !== 0) {
      const messages = this.#ports.flatMap((port) => {
        const message = receiveMessageOnPort(port)?.message as { error?: string } | undefined;
        return message?.error === undefined ? [] : [message.error];
      });
      throw new Error(`a channel worker thread failed while solving its nodes: ${messages.join('; ') || 'no message'}`);
    }
    return unconverged + Atomics.load(control, CONTROL.unconverged);
  }
}

/**
 * Threads for the generic channel when none are asked for: on the main thread, $ATTENTION_HD_WORKERS
 * or the number of cores; 1 inside a worker thread (experiment units already run one per core).
 */
export function defaultChannelThreads(): number {
  if (!isMainThread) return 1;
  const configured = Number(process.env.ATTENTION_HD_WORKERS);
  return Number.isInteger(configured) && configured >= 1 ? configured : availableParallelism();
}
