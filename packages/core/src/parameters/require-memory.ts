import { freemem, totalmem } from 'node:os';
import { ParameterError } from '../errors/parameter-error.js';

/**
 * Refuses, before any work, a size whose arrays cannot fit: `bytes` is the estimate of what `value`
 * of `name` needs (e.g. the training set for d), compared with this machine's memory. The message
 * names the parameter, the value, the estimate and the memory, so the user can pick a smaller size.
 * `fraction` of the total memory is the limit (default 0.8: the rest is the process and the system).
 */
export function requireMemory(name: string, value: unknown, bytes: number, what: string, fraction = 0.8): void {
  const limit = totalmem() * fraction;
  if (!(bytes <= limit) || !Number.isFinite(bytes)) {
    throw new ParameterError(
      name,
      value,
      `a size that fits: it needs ≈ ${formatBytes(bytes)} for ${what}; this machine has ${formatBytes(totalmem())} (${formatBytes(freemem())} free)`,
    );
  }
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'more than any machine has';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toPrecision(3)} ${units[unit]}`;
}
