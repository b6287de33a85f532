import { UserError } from './user-error.js';

/** A parameter outside its allowed set: names the parameter, the value given and what is allowed. */
export class ParameterError extends UserError {
  constructor(
    readonly parameter: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`invalid ${parameter} = ${formatValue(value)}: allowed ${allowed}`);
  }
}

function formatValue(value: unknown): string {
  // Command-line values arrive as strings: print them as typed (quoted only if empty).
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) {
    return String(value);
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
