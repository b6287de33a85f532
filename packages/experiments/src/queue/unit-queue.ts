import { createHash } from 'node:crypto';
import type { ExperimentPoint, ParameterValues, ResultRow } from '@attention-hd/core';
import { UserError } from '@attention-hd/core';
import { Redis } from 'ioredis';

/** The one queue every coordinator and worker uses; jobs carry their experiment and configuration. */
export const UNIT_QUEUE = 'attention-hd-units';

/** What a job holds: everything a worker on another machine needs to compute one unit. */
export interface UnitJob {
  readonly experimentId: string;
  readonly parameters: ParameterValues;
  readonly backend?: string;
  /** plugin modules (import specifiers) that register the experiment and its engines */
  readonly modules: readonly string[];
  readonly point: ExperimentPoint;
  /** the coordinator's package versions: a worker with others refuses the job */
  readonly versions: Readonly<Record<string, string>>;
}

/** `redis://host:port` → ioredis options (BullMQ needs maxRetriesPerRequest: null on workers). */
export function redisConnection(url: string): { host: string; port: number; maxRetriesPerRequest: null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`invalid --queue = ${url}: allowed redis://HOST:PORT`);
  }
  if (parsed.protocol !== 'redis:') throw new UserError(`invalid --queue = ${url}: allowed redis://HOST:PORT`);
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 6379), maxRetriesPerRequest: null };
}

/** A job id per unit and configuration: adding a unit twice is a no-op (BullMQ dedupes by id). */
export function unitJobId(configHash: string, key: string): string {
  return `${configHash}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** Rows as JSON that keeps NaN and ±Infinity (a failed point's NaN must not come back as null). */
export function encodeRows(rows: readonly ResultRow[]): string {
  return JSON.stringify(rows, (_key, value) =>
    typeof value === 'number' && !Number.isFinite(value) ? { $number: String(value) } : value,
  );
}

export function decodeRows(text: string): ResultRow[] {
  return JSON.parse(text, (_key, value) =>
    value !== null && typeof value === 'object' && typeof value.$number === 'string' ? Number(value.$number) : value,
  ) as ResultRow[];
}

/** The promise, or an error after `ms` (the timer is cleared either way, so nothing lingers). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One connection attempt, no retries: an unreachable Redis is a clear error at once (BullMQ's own
 * clients retry forever, which would hang a run that was pointed at the wrong address).
 */
export async function probeRedis(url: string): Promise<void> {
  const { host, port } = redisConnection(url);
  const client = new Redis({
    host,
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5000,
  });
  let cause: Error | undefined;
  client.on('error', (error: Error) => {
    cause ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (cause ?? (error as Error)).message;
    throw new UserError(`cannot reach Redis at ${url} (${reason}); start redis-server or fix --queue`);
  } finally {
    client.disconnect();
  }
}
