import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a run's numbers came from: the code's commit, whether it had local changes, the command. */
export interface Provenance {
  /** the commit of the checkout the code runs from (40 hex), or null outside a git checkout */
  readonly gitCommit: string | null;
  /** uncommitted changes in that checkout (null outside one) */
  readonly gitDirty: boolean | null;
  /** the command line's arguments (after the program), as given */
  readonly argv: readonly string[];
  readonly nodeVersion: string;
  readonly startedAt: string;
}

/**
 * The provenance of a run: git is asked about the directory this code is installed in (the
 * checkout that made the figure), not the working directory; an installed package or a machine
 * without git gives null.
 */
export function provenance(argv: readonly string[], started = new Date()): Provenance {
  const here = dirname(fileURLToPath(import.meta.url));
  const git = (...args: string[]): string | null => {
    try {
      return execFileSync('git', ['-C', here, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const commit = git('rev-parse', 'HEAD');
  const gitCommit = commit !== null && /^[0-9a-f]{40}$/.test(commit) ? commit : null;
  const status = gitCommit === null ? null : git('status', '--porcelain', '--untracked-files=no');
  return {
    gitCommit,
    gitDirty: status === null ? null : status.length > 0,
    argv: [...argv],
    nodeVersion: process.version,
    startedAt: started.toISOString(),
  };
}
