import { type AttentionKernels, type ComputeBackend, type Registry, UserError } from '@attention-hd/core';

export interface SelectedBackend {
  readonly kernels: AttentionKernels;
  /** e.g. "tfjs-wasm (highest available priority; skipped tfjs-node-gpu: module not installed)" */
  readonly note: string;
}

/**
 * Picks the compute backend: the one asked for (an error if it is not available here), else the
 * available one of highest priority, saying which were skipped and why. Loaded kernels are cached
 * per backend, so a multi-seed run loads a backend once.
 */
export class BackendSelector {
  readonly #loaded = new Map<string, Promise<AttentionKernels>>();

  constructor(private readonly backends: Registry<ComputeBackend>) {}

  async select(requested?: string): Promise<SelectedBackend> {
    if (requested !== undefined) {
      const backend = this.backends.get(requested);
      const availability = await backend.probe();
      if (!availability.available) {
        throw new UserError(`compute backend '${requested}' is not available here: ${availability.reason}`);
      }
      return { kernels: await this.#load(backend), note: `${requested} (asked for)` };
    }
    const skipped: string[] = [];
    for (const backend of [...this.backends.list()].sort((a, b) => b.priority - a.priority)) {
      const availability = await backend.probe().catch((error: Error) => ({ available: false, reason: error.message }));
      if (!availability.available) {
        skipped.push(`${backend.id}: ${availability.reason}`);
        continue;
      }
      try {
        const kernels = await this.#load(backend);
        const why = skipped.length === 0 ? 'highest priority' : `skipped ${skipped.join('; ')}`;
        return { kernels, note: `${backend.id} (${why})` };
      } catch (error) {
        skipped.push(`${backend.id}: failed to load (${(error as Error).message})`);
      }
    }
    throw new UserError(`no compute backend is available: ${skipped.join('; ') || 'none registered'}`);
  }

  #load(backend: ComputeBackend): Promise<AttentionKernels> {
    let kernels = this.#loaded.get(backend.id);
    if (kernels === undefined) {
      kernels = backend.load();
      this.#loaded.set(backend.id, kernels);
      kernels.catch(() => this.#loaded.delete(backend.id));
    }
    return kernels;
  }
}
