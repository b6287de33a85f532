import { run } from '../run.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `attention-hd <args>` in this process (from the sources, under the test runner's transform)
 * with stdout and stderr captured. Calls are serialised, so concurrent ones never interleave output.
 */
export function runCli(args: readonly string[]): Promise<CliRun> {
  const result = queue.then(() => runCaptured(args));
  queue = result.catch(() => undefined);
  return result;
}

async function runCaptured(args: readonly string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await run(['node', 'attention-hd', ...args]);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}
