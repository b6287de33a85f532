import { UserError } from './user-error.js';

/** Lookup of an id that no plugin registered; lists the ids that are known. */
export class UnknownIdError extends UserError {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly known: readonly string[],
  ) {
    super(
      `unknown ${kind} "${id}": known ${kind}s are ${known.length > 0 ? known.map((k) => `"${k}"`).join(', ') : '(none registered)'}`,
    );
  }
}
