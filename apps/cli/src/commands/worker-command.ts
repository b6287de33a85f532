import { availableParallelism } from 'node:os';
import { requireInteger } from '@attention-hd/core';
import { startQueueWorker } from '@attention-hd/experiments/queue';

/**
 * `attention-hd worker --queue redis://HOST:PORT [--workers N]`: computes units of any run that
 * sends them to this queue, until SIGINT/SIGTERM (then the current units finish). A unit whose worker
 * dies is taken by another after the stall interval ($ATTENTION_HD_QUEUE_LOCK_MS, default 30 000).
 */
export async function runWorker(options: Record<string, unknown>): Promise<void> {
  const workers = requireInteger('--workers', options.workers ?? availableParallelism(), { min: 1, max: 256 });
  const lockDuration = requireInteger('ATTENTION_HD_QUEUE_LOCK_MS', process.env.ATTENTION_HD_QUEUE_LOCK_MS ?? 30_000, {
    min: 500,
  });
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const worker = await startQueueWorker(String(options.queue), { workers, lockDuration, log });
  log(`worker on ${options.queue}: ${workers} unit(s) at once, pid ${process.pid}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log('stopping: finishing the current units');
  await worker.close();
}
