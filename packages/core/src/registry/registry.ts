import { UnknownIdError } from '../errors/unknown-id-error.js';

export interface Identified {
  readonly id: string;
}

/** Two plugins claimed the same id: a packaging bug, not a user error. */
export class DuplicateIdError extends Error {
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`duplicate ${kind} id "${id}": two plugins registered it; ids must be unique`);
    this.name = 'DuplicateIdError';
  }
}

/**
 * The contributions of one extension point (targets, solvers, …), keyed by id. Rejects duplicate ids
 * at construction and answers an unknown id with the list of known ones.
 */
export class Registry<T extends Identified> {
  readonly #items = new Map<string, T>();

  constructor(
    readonly kind: string,
    items: Iterable<T> = [],
  ) {
    for (const item of items) {
      if (this.#items.has(item.id)) throw new DuplicateIdError(kind, item.id);
      this.#items.set(item.id, item);
    }
  }

  get(id: string): T {
    const item = this.#items.get(id);
    if (item === undefined) throw new UnknownIdError(this.kind, id, this.ids());
    return item;
  }

  has(id: string): boolean {
    return this.#items.has(id);
  }

  ids(): string[] {
    return [...this.#items.keys()];
  }

  list(): T[] {
    return [...this.#items.values()];
  }
}
