import type { ParameterSpec } from './parameter-spec.js';
import { describeRange } from './range.js';

/** One parameter as a front end shows it (`list --json`, `run <experiment> --help`). */
export interface ParameterDescription {
  readonly name: string;
  readonly type: ParameterSpec['kind'];
  readonly default: number | string | boolean | null;
  /** the allowed values, in words */
  readonly allowed: string;
  readonly description: string;
  readonly symbol?: string;
}

export function describeParameter(spec: ParameterSpec): ParameterDescription {
  return {
    name: spec.name,
    type: spec.kind,
    default: spec.default ?? null,
    allowed: allowedValues(spec),
    description: spec.description,
    ...(spec.symbol === undefined ? {} : { symbol: spec.symbol }),
  };
}

function allowedValues(spec: ParameterSpec): string {
  switch (spec.kind) {
    case 'number':
      return describeRange(spec.range);
    case 'list':
      return `comma-separated, each ${describeRange(spec.range)}`;
    case 'choice':
      return `one of ${spec.choices.join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'text':
      return spec.allowed ?? (spec.pattern === undefined ? 'any text' : `text matching ${spec.pattern}`);
  }
}

/** The known names closest to `name` (edit distance ≤ max(2, ⌊length/3⌋)), nearest first. */
export function closestNames(name: string, known: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return known
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .map((c) => c.candidate);
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
