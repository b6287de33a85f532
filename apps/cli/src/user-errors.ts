import { isUserError, ParameterError } from '@attention-hd/core';

/**
 * The message a user sees for an error: parameters as the command-line flags they typed
 * (kappa0 → --kappa0), no stack trace for user errors; exit code 2 for them, 1 for bugs.
 */
export function describeError(error: unknown): { message: string; exitCode: number; stack?: string } {
  if (error instanceof ParameterError) {
    const flag = error.parameter.startsWith('-') ? error.parameter : `--${toKebab(error.parameter)}`;
    return { message: error.message.replace(`invalid ${error.parameter} =`, `invalid ${flag} =`), exitCode: 2 };
  }
  if (isUserError(error)) return { message: error.message, exitCode: error.exitCode };
  const e = error instanceof Error ? error : new Error(String(error));
  return { message: e.message, exitCode: 1, stack: e.stack };
}

function toKebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
