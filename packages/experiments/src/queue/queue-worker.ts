import { UserError } from '@attention-hd/core';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { UnitPool } from '../pool/unit-pool.js';
import { packageVersions } from '../store/package-versions.js';
import { encodeRows, probeRedis, redisConnection, UNIT_QUEUE, type UnitJob, withTimeout } from './unit-queue.js';

export interface QueueWorkerOptions {
  /** units at once, each on its own thread (default 1) */
  readonly workers?: number;
  /** how long a job's lock lasts without renewal before it counts as stalled (ms, default 30 000) */
  readonly lockDuration?: number;
  readonly log?: (line: string) => void;
}

/**
 * A machine's side of the queue: takes units from Redis, computes each on a worker thread (the
 * experiment built from the job's plugin modules, one pool per configuration) and returns its rows.
 * The main thread only moves messages, so BullMQ renews job locks on time however long a unit runs;
 * a killed worker's job is retried elsewhere after the stall interval. A job from a coordinator
 * with other package versions is refused without retries (the numbers could differ).
 */
export async function startQueueWorker(url: string, options: QueueWorkerOptions = {}): Promise<{ close(): Promise<void> }> {
  await probeRedis(url);
  const connection = redisConnection(url);
  const count = options.workers ?? 1;
  const log = options.log ?? (() => undefined);
  const pools = new Map<string, UnitPool>();
  const mine = packageVersions();
  const lockDuration = options.lockDuration ?? 30_000;
  const worker = new Worker(
    UNIT_QUEUE,
    async (job: Job<UnitJob>) => {
      const { experimentId, parameters, backend, modules, point, versions } = job.data;
      const mismatch = Object.keys({ ...versions, ...mine }).filter((name) => versions[name] !== mine[name]);
      if (mismatch.length > 0) {
        const detail = mismatch.map(
          (name) => `${name} ${versions[name] ?? 'absent'} (coordinator) vs ${mine[name] ?? 'absent'} (here)`,
        );
        throw new UnrecoverableError(`version mismatch, unit not computed: ${detail.join('; ')}`);
      }
      const setupKey = JSON.stringify([experimentId, parameters, backend, modules]);
      let pool = pools.get(setupKey);
      if (pool === undefined) {
        pool = new UnitPool(count, { modules, experimentId, parameters, backend });
        pools.set(setupKey, pool);
      }
      log(`unit ${point.key} started`);
      const rows = await pool.run(point);
      log(`unit ${point.key} done`);
      return encodeRows(rows);
    },
    { connection, concurrency: count, lockDuration, stalledInterval: lockDuration, maxStalledCount: 100 },
  );
  try {
    await withTimeout(worker.waitUntilReady(), 5000, 'connect');
  } catch (error) {
    await worker.close(true).catch(() => undefined);
    throw new UserError(`cannot reach Redis at ${url} (${(error as Error).message}); start redis-server or fix --queue`);
  }
  worker.on('failed', (job, error) => log(`unit ${job?.data.point.key} failed: ${error.message}`));
  return {
    async close() {
      await worker.close();
      await Promise.all([...pools.values()].map((pool) => pool.close()));
    },
  };
}
