import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const binSource = fileURLToPath(new URL('../bin.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `attention-hd <args>` from the TypeScript sources (through tsx, with the `source` export
 * condition), in the repository root, so CLI tests need no build.
 */
export function runCli(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', binSource, ...args],
      {
        cwd: repositoryRoot,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 2 ** 20,
        env: { ...process.env, CI: 'true' },
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
