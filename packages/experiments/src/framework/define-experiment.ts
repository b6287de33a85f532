import {
  defineParameters,
  type Experiment,
  type ExperimentAvailability,
  type ExperimentContext,
  type ExperimentMethod,
  type ExperimentPoint,
  type ParameterSchema,
  type ParameterValues,
  type ResultRow,
  type SchemaInput,
  type SchemaValues,
  type ServiceIdentifier,
  type TypedParameters,
} from '@attention-hd/core';
import { type TidySummary, tidySummary } from './tidy-summary.js';

/** What experiments resolve from the container when they run (not when they are registered). */
export interface Services {
  get<T>(id: ServiceIdentifier<T>): T;
}

/** The values that identify one unit of work (its resume key is derived from them). */
export type UnitValues = Readonly<Record<string, number | string | boolean>>;

export interface Unit {
  readonly method: ExperimentMethod;
  readonly values: UnitValues;
}

/** What a method's function gets besides the unit and the typed parameters. */
export interface MethodContext extends ExperimentContext {
  readonly services: Services;
  /** the method being run (one function may serve several) */
  readonly method: ExperimentMethod;
}

/**
 * A standard figure, declared: typed parameters (one schema feeds validation, `--set`, `list --json`
 * and `run --help`), presets, what it needs, the units of work, one function per method, the
 * figure, and the summary (a `TidySummary` declaration or a function). `defineExperiment` derives
 * the rest of the `Experiment` contract: plan and resume keys, availability, parameter specs.
 */
export interface ExperimentDefinition<S extends ParameterSchema> {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly parameters: S;
  readonly presets: { readonly quick: SchemaInput<S> } & Readonly<Record<string, SchemaInput<S>>>;
  /** what is missing for this experiment to run, in words (empty: available) */
  readonly missing?: (services: Services) => readonly string[];
  /**
   * checks before any work what the schema cannot (registered ids, a target's own parameters,
   * sizes that cannot fit), throwing a ParameterError; the plan is also drawn up once by `validate`
   */
  readonly validate?: (parameters: SchemaValues<S>, services: Services) => void;
  /** every unit of work for these parameters; each unit's key is `method|name=value|…` */
  units(parameters: SchemaValues<S>, services: Services): readonly Unit[];
  readonly methods: {
    readonly [M in ExperimentMethod]?: (
      unit: UnitValues,
      parameters: SchemaValues<S>,
      context: MethodContext,
    ) => Promise<readonly ResultRow[]> | readonly ResultRow[];
  };
  figure(rows: readonly ResultRow[], parameters: SchemaValues<S>, services: Services): Record<string, unknown>;
  readonly summary:
    | TidySummary
    | ((rows: readonly ResultRow[], parameters: SchemaValues<S>, services: Services) => Record<string, unknown>);
}

/** The resume key of a unit: method, then name=value for each of its values, in order. */
export function unitKey(unit: Unit): string {
  return [unit.method, ...Object.entries(unit.values).map(([name, value]) => `${name}=${value}`)].join('|');
}

/** An Experiment built from a definition (see `defineExperiment`). */
export class DefinedExperiment<S extends ParameterSchema> implements Experiment {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly parameters;
  readonly presets: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly #typed: TypedParameters<S>;

  constructor(
    readonly definition: ExperimentDefinition<S>,
    private readonly services: Services,
  ) {
    this.id = definition.id;
    this.title = definition.title;
    this.description = definition.description;
    this.#typed = defineParameters(definition.parameters);
    this.parameters = this.#typed.specs;
    this.presets = definition.presets;
  }

  /** the typed values of validated parameters */
  read(parameters: ParameterValues): SchemaValues<S> {
    return this.#typed.read(parameters);
  }

  async availability(): Promise<ExperimentAvailability> {
    const missing = this.definition.missing?.(this.services) ?? [];
    return missing.length === 0
      ? { available: true, reason: 'every engine it needs is registered' }
      : { available: false, reason: `needs ${missing.join(' and ')}` };
  }

  validate(parameters: ParameterValues): void {
    const values = this.read(parameters);
    this.definition.validate?.(values, this.services);
    this.definition.units(values, this.services);
  }

  plan(parameters: ParameterValues): ExperimentPoint[] {
    return this.definition.units(this.read(parameters), this.services).map((unit) => ({ key: unitKey(unit), ...unit }));
  }

  async runPoint(point: ExperimentPoint, parameters: ParameterValues, context: ExperimentContext): Promise<ResultRow[]> {
    const method = this.definition.methods[point.method];
    if (method === undefined) throw new Error(`experiment ${this.id} has no '${point.method}' method`);
    return [
      ...(await method(point.values, this.read(parameters), { ...context, services: this.services, method: point.method })),
    ];
  }

  figure(rows: readonly ResultRow[], parameters: ParameterValues): Record<string, unknown> {
    return this.definition.figure(rows, this.read(parameters), this.services);
  }

  summary(rows: readonly ResultRow[], parameters: ParameterValues): Record<string, unknown> {
    const { summary } = this.definition;
    return typeof summary === 'function' ? summary(rows, this.read(parameters), this.services) : tidySummary(rows, summary);
  }
}

/**
 * Declares an experiment; the result makes it for a container (bind it with
 * `bind(Experiment).toDynamicValue((context) => make(context))`, or call it with a container).
 */
export function defineExperiment<const S extends ParameterSchema>(
  definition: ExperimentDefinition<S>,
): (services: Services) => DefinedExperiment<S> {
  return (services) => new DefinedExperiment(definition, services);
}
