// The run queue on Redis (BullMQ): its own entry point, so that nothing else loads bullmq.
export { QueueRunner, type QueueRunnerSetup } from './queue-coordinator.js';
export { type QueueWorkerOptions, startQueueWorker } from './queue-worker.js';
export { decodeRows, encodeRows, redisConnection, UNIT_QUEUE, type UnitJob, unitJobId } from './unit-queue.js';
