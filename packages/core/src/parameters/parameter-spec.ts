import { ParameterError } from '../errors/parameter-error.js';
import type { NumberRange } from './range.js';
import { requireBoolean, requireNumber, requireOneOf } from './validate.js';

/**
 * A declared parameter of a plugin (target, experiment, …): enough for a front end to build its
 * options, its help text and its validation without knowing the plugin.
 */
export type ParameterSpec =
  | {
      readonly name: string;
      readonly kind: 'number';
      readonly description: string;
      readonly default?: number;
      readonly range: NumberRange;
      /** the paper's symbol, for help text and docs/notation.md */
      readonly symbol?: string;
    }
  | {
      readonly name: string;
      readonly kind: 'choice';
      readonly description: string;
      readonly default?: string;
      readonly choices: readonly string[];
      readonly symbol?: string;
    }
  | {
      readonly name: string;
      readonly kind: 'boolean';
      readonly description: string;
      readonly default?: boolean;
      readonly symbol?: string;
    };

export type ParameterValues = Readonly<Record<string, number | string | boolean>>;

/**
 * Validates raw values (numbers, or strings from a command line) against specs and fills defaults.
 * Unknown names are rejected, so a typo never silently falls back to a default.
 */
export function resolveParameters(
  specs: readonly ParameterSpec[],
  raw: Readonly<Record<string, unknown>>,
  owner: string,
): ParameterValues {
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(raw)) {
    if (raw[name] !== undefined && !known.has(name)) {
      throw new ParameterError(name, raw[name], `no such parameter for ${owner}; known: ${[...known].join(', ')}`);
    }
  }
  const out: Record<string, number | string | boolean> = {};
  for (const spec of specs) {
    const value = raw[spec.name] ?? spec.default;
    if (value === undefined) throw new ParameterError(spec.name, value, `a value (required by ${owner})`);
    switch (spec.kind) {
      case 'number':
        out[spec.name] = requireNumber(spec.name, value, spec.range);
        break;
      case 'choice':
        out[spec.name] = requireOneOf(spec.name, value, spec.choices);
        break;
      case 'boolean':
        out[spec.name] = requireBoolean(spec.name, value);
        break;
    }
  }
  return out;
}
