import {
  type AttentionKernels,
  type ComputeBackend,
  ParameterError,
  type Registry,
  type SampleForms,
  UserError,
} from '@attention-hd/core';

/** `--backend none`: GAMP's own float64 TypeScript sensing operator, no compute backend. */
export const NO_BACKEND = 'none';

export interface FormsBackend {
  /** the backend's `createSampleForms` (GampRequest.sampleForms); undefined: GAMP's own float64 products */
  readonly sampleForms?: (X: Float64Array, n: number, T: number, d: number) => Promise<SampleForms>;
  /** e.g. "onnx-cpu (highest priority offering sample forms)" */
  readonly note: string;
}

/**
 * Where GAMP's sensing operator runs (docs/theory.md §3.14): the backend asked for (it must be
 * available and offer sample forms), 'none' for GAMP's own float64 TypeScript products, else the
 * available backend of highest priority that offers them, else GAMP's own. A backend's kernels are
 * loaded once per registry and kept.
 */
export async function selectFormsBackend(backends: Registry<ComputeBackend>, requested?: string): Promise<FormsBackend> {
  if (requested === NO_BACKEND) return { note: 'float64 TypeScript (asked for)' };
  if (requested !== undefined) {
    if (!backends.has(requested)) {
      throw new ParameterError('--backend', requested, [...backends.list().map((b) => b.id), NO_BACKEND].join(', '));
    }
    const backend = backends.get(requested);
    const availability = await backend.probe();
    if (!availability.available)
      throw new UserError(`compute backend '${requested}' is not available here: ${availability.reason}`);
    const kernels = await load(backend);
    if (kernels.createSampleForms === undefined) {
      throw new UserError(`compute backend '${requested}' offers no sample forms for GAMP (use another or '${NO_BACKEND}')`);
    }
    return { sampleForms: bound(kernels), note: `${requested} (asked for)` };
  }
  const skipped: string[] = [];
  for (const backend of [...backends.list()].sort((a, b) => b.priority - a.priority)) {
    const availability = await backend.probe().catch((error: Error) => ({ available: false, reason: error.message }));
    if (!availability.available) {
      skipped.push(`${backend.id}: ${availability.reason}`);
      continue;
    }
    const kernels = await load(backend).catch(() => undefined);
    if (kernels?.createSampleForms !== undefined) {
      return { sampleForms: bound(kernels), note: `${backend.id} (highest priority offering sample forms)` };
    }
    skipped.push(`${backend.id}: ${kernels === undefined ? 'failed to load' : 'no sample forms'}`);
  }
  return { note: `float64 TypeScript (no compute backend offers sample forms: ${skipped.join('; ') || 'none registered'})` };
}

const loaded = new WeakMap<ComputeBackend, Promise<AttentionKernels>>();

function load(backend: ComputeBackend): Promise<AttentionKernels> {
  let kernels = loaded.get(backend);
  if (kernels === undefined) {
    kernels = backend.load();
    loaded.set(backend, kernels);
    kernels.catch(() => loaded.delete(backend));
  }
  return kernels;
}

function bound(kernels: AttentionKernels): FormsBackend['sampleForms'] {
  const create = kernels.createSampleForms;
  return create === undefined ? undefined : (X, n, T, d) => create.call(kernels, X, n, T, d);
}
