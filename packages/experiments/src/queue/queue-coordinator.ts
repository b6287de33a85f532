import type { ExperimentPoint, ParameterValues, ResultRow } from '@attention-hd/core';
import { UserError } from '@attention-hd/core';
import { Queue, QueueEvents } from 'bullmq';
import { decodeRows, probeRedis, redisConnection, UNIT_QUEUE, type UnitJob, unitJobId, withTimeout } from './unit-queue.js';

export interface QueueRunnerSetup {
  readonly url: string;
  readonly configHash: string;
  readonly experimentId: string;
  readonly parameters: ParameterValues;
  readonly backend?: string;
  readonly modules: readonly string[];
  readonly versions: Readonly<Record<string, string>>;
}

/**
 * The coordinator's side of the queue: each unit becomes a job (id from the configuration and the
 * unit key, so a restarted coordinator adds nothing twice and picks up results workers finished in
 * the meantime), and `run(point)` resolves with the rows a worker returned. Delivery is at least
 * once (a job whose worker died is retried after the stall interval); the store writes a unit's
 * rows once, so a unit computed twice is still one set of rows.
 */
export class QueueRunner {
  readonly #queue: Queue;
  readonly #events: QueueEvents;

  private constructor(
    readonly setup: QueueRunnerSetup,
    queue: Queue,
    events: QueueEvents,
  ) {
    this.#queue = queue;
    this.#events = events;
  }

  /** Connects (exit 2 with the address when Redis cannot be reached), before any unit is sent. */
  static async open(setup: QueueRunnerSetup): Promise<QueueRunner> {
    await probeRedis(setup.url);
    const connection = redisConnection(setup.url);
    const queue = new Queue(UNIT_QUEUE, { connection });
    const events = new QueueEvents(UNIT_QUEUE, { connection });
    try {
      await withTimeout(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), 5000, 'connect');
    } catch (error) {
      await Promise.allSettled([queue.close(), events.close()]);
      throw new UserError(`cannot reach Redis at ${setup.url} (${(error as Error).message}); start redis-server or fix --queue`);
    }
    return new QueueRunner(setup, queue, events);
  }

  async run(point: ExperimentPoint): Promise<ResultRow[]> {
    const { configHash, experimentId, parameters, backend, modules, versions } = this.setup;
    const data: UnitJob = { experimentId, parameters, backend, modules, point, versions };
    const job = await this.#queue.add(point.key, data, {
      jobId: unitJobId(configHash, point.key),
      attempts: 3,
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    const result = (await job.waitUntilFinished(this.#events)) as string;
    return decodeRows(result);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#events.close(), this.#queue.close()]);
  }
}
