/**
 * An error caused by what the user asked for (bad parameter, unknown id, missing file), as opposed to
 * a bug. Front ends print its message alone, without a stack trace, and exit with `exitCode`.
 */
export class UserError extends Error {
  readonly exitCode: number = 2;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
