import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '@attention-hd/core';

/** The store could not read or write a file: names the file and the system's reason. Exit status 1. */
export class StoreIoError extends UserError {
  override readonly exitCode = 1;

  constructor(
    readonly path: string,
    readonly code: string,
    action: 'write' | 'read' | 'create',
  ) {
    super(`cannot ${action} ${path}: ${describeCode(code)} (${code}); the run stopped here, every finished unit is kept`);
  }
}

const reasons: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a path component is not a directory',
  EISDIR: 'it is a directory',
  EMFILE: 'too many open files',
};

function describeCode(code: string): string {
  return reasons[code] ?? 'the system refused';
}

/** A file-system error the user can act on, as a StoreIoError; anything else unchanged. */
export function asStoreError(error: unknown, path: string, action: 'write' | 'read' | 'create'): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && code in reasons ? new StoreIoError(path, code, action) : error;
}

/**
 * Writes a file so that readers (and a crash) see either the old or the new content, never a part:
 * into a temporary file beside it, then a rename (atomic within one file system on POSIX). A full
 * disk or a missing permission is a StoreIoError naming the file; the temporary file is removed.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw asStoreError(error, path, 'write');
  }
}

/** Removes the temporary files a killed write left in a directory (`.<hex>.tmp`); returns how many. */
export function removeOrphanedTemporaries(directory: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (/^\.[0-9a-f]{12}\.tmp$/.test(name)) {
      rmSync(join(directory, name), { force: true });
      removed++;
    }
  }
  return removed;
}
