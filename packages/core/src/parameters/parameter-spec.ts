import { ParameterError } from '../errors/parameter-error.js';
import { closestNames } from './describe-parameters.js';
import type { NumberRange } from './range.js';
import { requireBoolean, requireNumber, requireOneOf, requireText } from './validate.js';

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
      /** a comma-separated list of numbers, each in `range`; stored normalised as "a,b,c" */
      readonly name: string;
      readonly kind: 'list';
      readonly description: string;
      readonly default?: string;
      readonly range: NumberRange;
      readonly symbol?: string;
    }
  | {
      /** free text, e.g. a plugin's id or "name=value,…" settings; `pattern` (a regular expression) restricts it */
      readonly name: string;
      readonly kind: 'text';
      readonly description: string;
      readonly default?: string;
      readonly pattern?: string;
      /** what `pattern` allows, in words, for the error message */
      readonly allowed?: string;
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
      const near = closestNames(name, [...known]);
      const hint = near.length > 0 ? `did you mean ${near.slice(0, 3).join(' or ')}? ` : '';
      throw new ParameterError(name, raw[name], `no such parameter for ${owner}; ${hint}known: ${[...known].join(', ')}`);
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
      case 'text':
        out[spec.name] = requireText(spec.name, value, spec.pattern, spec.allowed);
        break;
      case 'list':
        out[spec.name] = parseNumberList(spec.name, value, spec.range).join(',');
        break;
    }
  }
  return out;
}

/** "0.5, 1,2" → [0.5, 1, 2], each checked against `range`; an empty list is an error. */
export function parseNumberList(name: string, value: unknown, range: NumberRange = {}): number[] {
  const items = (Array.isArray(value) ? value : String(value).split(','))
    .map((item) => String(item).trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new ParameterError(name, value, 'a comma-separated list of at least one number');
  return items.map((item) => requireNumber(name, item, range));
}
