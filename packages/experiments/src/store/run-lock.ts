import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '@attention-hd/core';
import { asStoreError } from './atomic-write.js';

interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
  /** the run directory it writes, when known */
  readonly directory?: string;
}

/** A second writer of a run directory: names the holder. Exit status 2. */
export class RunLockedError extends UserError {
  constructor(what: string, holder: LockHolder) {
    super(
      `${holder.directory ?? what} is being written by pid ${holder.pid} on ${holder.host} since ${holder.started}; wait for it to finish or stop it (a lock from a process that is gone is taken over by the next run)`,
    );
  }
}

export interface RunLock {
  /** a message when a stale lock of a dead process was taken over */
  readonly takenOver?: string;
  /** records the run directory the holder writes (for the message a second writer gets) */
  claim(directory: string): void;
  release(): void;
}

/**
 * One writer per configuration: `<experiment>/.<config hash>.lock` holds the writer's pid, host,
 * start time and run directory, created exclusively (O_EXCL) before the directory is chosen, so of
 * two runs of one configuration that start together one gets it and the other is refused — they
 * can neither both compute into one directory nor split into two. A lock whose process is gone
 * (same host, no such pid) is taken over, with a message; a live holder, or a holder on another
 * host (whose liveness cannot be checked from here), is refused with RunLockedError.
 */
export function acquireRunLock(parent: string, configHash: string): RunLock {
  const path = join(parent, `.${configHash}.lock`);
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  let takenOver: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      return {
        takenOver,
        claim: (directory) => writeFileSync(path, `${JSON.stringify({ ...me, directory })}\n`),
        release: () => {
          const holder = readHolder(path);
          if (holder?.pid === me.pid && holder.host === me.host) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw asStoreError(error, path, 'create');
    }
    const holder = readHolder(path);
    if (holder !== null && (holder.host !== me.host || isAlive(holder.pid)))
      throw new RunLockedError(`this configuration (${path})`, holder);
    takenOver =
      holder === null
        ? `an unreadable lock ${path} was taken over`
        : `the lock of pid ${holder.pid} (gone since its start at ${holder.started}) was taken over`;
    rmSync(path, { force: true });
  }
  throw new UserError(`could not take ${path}: another run took it at the same moment; run again`);
}

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? holder : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
