import { CommanderError } from 'commander';
import { takeExitStatus } from './exit-status.js';
import { main } from './main.js';
import { describeError } from './user-errors.js';

/**
 * Runs `attention-hd` with these arguments and returns the exit status: 0; 1 when the command
 * says something failed (units of a run) or for bugs and I/O errors; 2 for user errors (message
 * only, no stack trace) and usage errors (a missing or unknown option).
 */
export async function run(argv: readonly string[]): Promise<number> {
  takeExitStatus();
  try {
    await main(argv);
    return takeExitStatus();
  } catch (error) {
    takeExitStatus();
    // commander already printed the message; --help and --version exit 0
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const { message, exitCode, stack } = describeError(error);
    process.stderr.write(`attention-hd: error: ${message}\n`);
    if (stack !== undefined && process.env.ATTENTION_HD_DEBUG !== undefined) process.stderr.write(`${stack}\n`);
    else if (stack !== undefined) process.stderr.write('(an internal error: set ATTENTION_HD_DEBUG=1 for the stack trace)\n');
    return exitCode;
  }
}
