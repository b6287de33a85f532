import { type ParameterSpec, type ParameterValues, parseNumberList } from './parameter-spec.js';

/** A parameter as declared in a schema: a ParameterSpec without its name (the key is the name). */
export type SchemaEntry = ParameterSpec extends infer S ? (S extends ParameterSpec ? Omit<S, 'name'> : never) : never;

/** name → entry; `as const` keeps choice lists literal. */
export type ParameterSchema = Readonly<Record<string, SchemaEntry>>;

/** The typed value of one entry: numbers, number lists, the choices' union, text, booleans. */
export type SchemaValue<E> = E extends { readonly kind: 'number' }
  ? number
  : E extends { readonly kind: 'list' }
    ? readonly number[]
    : E extends { readonly kind: 'boolean' }
      ? boolean
      : E extends { readonly kind: 'choice'; readonly choices: readonly (infer C)[] }
        ? C
        : string;

/** The typed parameter values of a schema. */
export type SchemaValues<S extends ParameterSchema> = { readonly [K in keyof S]: SchemaValue<S[K]> };

/** What a preset or a caller may give: raw values (numbers, strings, booleans) for some names. */
export type SchemaInput<S extends ParameterSchema> = { readonly [K in keyof S]?: SchemaValue<S[K]> | string | number | boolean };

/**
 * Typed parameters declared once: `specs` feed validation (`resolveParameters`), `--set` parsing,
 * `list --json` and `run --help`; `read` turns validated values into the typed object an
 * experiment computes with (no `Number(parameters.x)` at the point of use).
 */
export interface TypedParameters<S extends ParameterSchema> {
  readonly schema: S;
  readonly specs: readonly ParameterSpec[];
  read(values: ParameterValues): SchemaValues<S>;
}

export function defineParameters<const S extends ParameterSchema>(schema: S): TypedParameters<S> {
  const specs = Object.entries(schema).map(([name, entry]) => ({ name, ...entry }) as ParameterSpec);
  return {
    schema,
    specs,
    read(values) {
      const out: Record<string, unknown> = {};
      for (const spec of specs) {
        const value = values[spec.name];
        out[spec.name] = spec.kind === 'list' ? parseNumberList(spec.name, value, spec.range) : value;
      }
      return out as SchemaValues<S>;
    },
  };
}
