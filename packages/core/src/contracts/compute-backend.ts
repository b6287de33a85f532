import type { ServiceIdentifier } from 'inversify';
import type { ScoreForm } from './score-form.js';

export interface BackendAvailability {
  readonly available: boolean;
  /** why it is or is not available (e.g. "module @tensorflow/tfjs-node-gpu is not installed") */
  readonly reason: string;
  /** the device it really runs on, as the backend reports it */
  readonly device?: string;
  /** when unavailable and installable: the exact command, and what it needs (`doctor` prints it) */
  readonly install?: string;
}

/** A training set on a backend: X [n, T, d] and targets Y ([n, T, T] seq2lab or [n, T, d] seq2seq). */
export interface TrainingData {
  readonly X: Float64Array | Float32Array;
  readonly Y: Float64Array | Float32Array;
  readonly n: number;
  readonly T: number;
  readonly d: number;
  readonly beta: number;
  readonly output: 'seq2lab' | 'seq2seq';
}

export interface SampleRange {
  readonly first: number;
  readonly count: number;
}

/**
 * The data term of the ERM loss on one backend: Σ_μ ‖y_μ − ŷ_μ(θ)‖² and its gradient in θ.
 * The trainer adds the penalty and runs Adam; the backend owns the O(n d²) work.
 */
export interface DataObjective {
  /**
   * returns the data loss; writes ∂loss/∂θ into `gradient` when given. `batch` restricts both to
   * the samples [first, first + count) (mini-batches); default all n. A backend whose runtime is
   * asynchronous (onnxruntime) returns a promise; callers await either.
   */
  evaluate(theta: Float64Array, gradient: Float64Array | null, batch?: SampleRange): number | Promise<number>;
  /** frees backend memory (device tensors); the objective is unusable afterwards */
  dispose(): void;
}

/**
 * The per-sample products of one fixed token set X ([n, T, d]) by blocks of samples: the quadratic
 * forms H_μ = X_μ S X_μᵀ (T × T) and the adjoint Σ_μ X_μᵀ G_μ X_μ (d × d) — GAMP's sensing operator
 * (docs/theory.md §3.14), whose work is the panel products X S and Xᵀ(G X). A returned array is a
 * view valid until the next call.
 */
export interface SampleForms {
  readonly precision: 'float32' | 'float64';
  /** H_μ = X_μ S X_μᵀ for samples [first, first + count) and a d × d S: count × T × T, row-major */
  forms(S: Float64Array, first: number, count: number): Promise<Float32Array | Float64Array>;
  /** Σ_μ X_μᵀ G_μ X_μ over samples [first, first + count) for G (count × T × T): d × d */
  adjointForms(G: Float32Array | Float64Array, first: number, count: number): Promise<Float32Array | Float64Array>;
  dispose(): void;
}

export interface AttentionKernels {
  readonly backendId: string;
  readonly precision: 'float32' | 'float64';
  /** what it runs on, e.g. "CPU, 2 threads" or "CUDA GPU" */
  readonly device: string;
  /**
   * storage for a training set that this backend reads without a copy (e.g. shared memory for
   * worker threads); zero-filled. Optional: without it the trainer uses ordinary typed arrays.
   */
  allocate?(length: number, precision: 'float32' | 'float64'): Float64Array | Float32Array;
  /** the data term for the scores of `form` (a Parameterization's `scoreForm(shape)`); may be async */
  createObjective(data: TrainingData, form: ScoreForm): DataObjective | Promise<DataObjective>;
  /** per-sample forms of X ([n, T, d], row-major; the backend may keep its own copy); optional */
  createSampleForms?(X: Float64Array | Float32Array, n: number, T: number, d: number): Promise<SampleForms>;
  /** live device allocations, for leak checks (tfjs: tensors and bytes); absent when not tracked */
  memory?(): { readonly tensors: number; readonly bytes: number };
}

/** Extension point: a compute backend, chosen by priority among those whose probe succeeds. */
export interface ComputeBackend {
  readonly id: string;
  /** higher wins when several are available */
  readonly priority: number;
  readonly description: string;
  probe(): Promise<BackendAvailability>;
  load(): Promise<AttentionKernels>;
}

export const ComputeBackend = Symbol.for('@attention-hd/core:ComputeBackend') as ServiceIdentifier<ComputeBackend>;
