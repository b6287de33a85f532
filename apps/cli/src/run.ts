import { CommanderError } from 'commander';
import { main } from './main.js';
import { describeError } from './user-errors.js';

/**
 * Runs `attention-hd` with these arguments and returns the exit status: 0, 2 for user errors
 * (message only, no stack trace) and usage errors (a missing or unknown option), 1 for bugs.
 */
export async function run(argv: readonly string[]): Promise<number> {
  try {
    await main(argv);
    return 0;
  } catch (error) {
    // commander already printed the message; --help and --version exit 0
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const { message, exitCode, stack } = describeError(error);
    process.stderr.write(`attention-hd: error: ${message}\n`);
    if (stack !== undefined && process.env.ATTENTION_HD_DEBUG !== undefined) process.stderr.write(`${stack}\n`);
    else if (stack !== undefined) process.stderr.write('(an internal error: set ATTENTION_HD_DEBUG=1 for the stack trace)\n');
    return exitCode;
  }
}
