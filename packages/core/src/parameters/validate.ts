import { ParameterError } from '../errors/parameter-error.js';
import { describeRange, isInRange, type NumberRange } from './range.js';

/** Accepts a number (or a numeric string, as from a command line) inside `range`; else ParameterError. */
export function requireNumber(name: string, value: unknown, range: NumberRange = {}): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !isInRange(number, range)) {
    throw new ParameterError(name, value, describeRange(range));
  }
  return number;
}

export function requireInteger(name: string, value: unknown, range: Omit<NumberRange, 'integer'> = {}): number {
  return requireNumber(name, value, { ...range, integer: true });
}

export function requireOneOf<const T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ParameterError(name, value, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return value as T;
}

export function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ParameterError(name, value, 'true or false');
}

/** A string (whole-)matching `pattern` when given. */
export function requireText(name: string, value: unknown, pattern?: string, allowed?: string): string {
  if (typeof value !== 'string' || (pattern !== undefined && !new RegExp(`^(?:${pattern})$`).test(value))) {
    throw new ParameterError(name, value, allowed ?? (pattern === undefined ? 'a string' : `text matching /${pattern}/`));
  }
  return value;
}
