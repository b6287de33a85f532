import { type Rng, requireInteger, requireNumber, requireOneOf, type SampledTarget } from '@attention-hd/core';
import { sampleLabelNoise } from './label-noise.js';
import { PreActivationWorkspace, preActivationsFromFactor, preActivationsFromMatrix } from './pre-activations.js';
import { softmaxRows } from './softmax.js';

export type OutputKind = 'seq2lab' | 'seq2seq';

export interface DatasetRequest {
  readonly target: SampledTarget;
  /** number of sequences */
  readonly n: number;
  /** tokens per sequence */
  readonly T: number;
  /** Δ: label-noise variance */
  readonly noise: number;
  /** β₀: target inverse temperature */
  readonly beta0: number;
  readonly output: OutputKind;
  readonly rng: Rng;
  /** storage of X and Y (computation is float64 either way); default float64 */
  readonly precision?: 'float64' | 'float32';
  /**
   * allocates X and Y (zero-filled, of the requested precision), e.g. on shared memory that worker
   * threads read without a copy; default: ordinary typed arrays
   */
  readonly allocate?: (length: number, precision: 'float64' | 'float32') => Float64Array | Float32Array;
}

export interface Dataset {
  readonly n: number;
  readonly T: number;
  readonly d: number;
  readonly output: OutputKind;
  /** tokens [n, T, d], i.i.d. N(0, 1) */
  readonly X: Float64Array | Float32Array;
  /** labels: σ_{β₀}(h(S₀) + √Δ Ξ) [n, T, T] (seq2lab), times X [n, T, d] (seq2seq) */
  readonly Y: Float64Array | Float32Array;
}

/** Samples drawn at a time: the float64 temporaries (1024·T·max(d, rank) values) stay small next to X. */
const CHUNK_SAMPLES = 1024;

/**
 * Draws n sequences of the attention-indexed model (docs/theory.md §2.1–2.3). Tokens and noise come from
 * separate streams of `rng`, so the numbers do not depend on the chunking or the precision.
 */
/**
 * Bytes of a training set's X and Y at a storage precision: X is n·T·d numbers, Y n·T·T (seq2lab)
 * or n·T·d (seq2seq). What a size check compares with the machine's memory before any work.
 */
export function datasetBytes(request: {
  n: number;
  T: number;
  d: number;
  output: OutputKind;
  precision: 'float64' | 'float32';
}): number {
  const { n, T, d, output } = request;
  return (n * T * d + (output === 'seq2lab' ? n * T * T : n * T * d)) * (request.precision === 'float32' ? 4 : 8);
}

export function generateDataset(request: DatasetRequest): Dataset {
  const { target, noise, beta0, rng } = request;
  const n = requireInteger('n', request.n, { min: 1 });
  const T = requireInteger('T', request.T, { min: 1 });
  requireNumber('noise', noise, { min: 0 });
  requireNumber('beta0', beta0, { min: 0, minExclusive: true });
  const output = requireOneOf('output', request.output, ['seq2lab', 'seq2seq']);
  const d = target.d;
  const float32 = (request.precision ?? 'float64') === 'float32';
  const precision = float32 ? 'float32' : 'float64';
  const make = (size: number) =>
    request.allocate?.(size, precision) ?? (float32 ? new Float32Array(size) : new Float64Array(size));
  const X = make(n * T * d);
  const Y = make(output === 'seq2lab' ? n * T * T : n * T * d);
  const tokenRng = rng.fork('tokens');
  const noiseRng = rng.fork('label-noise');

  const xChunk = new Float64Array(CHUNK_SAMPLES * T * d);
  const hChunk = new Float64Array(CHUNK_SAMPLES * T * T);
  const noiseChunk = new Float64Array(CHUNK_SAMPLES * T * T);
  const workspace = new PreActivationWorkspace();
  for (let first = 0; first < n; first += CHUNK_SAMPLES) {
    const count = Math.min(CHUNK_SAMPLES, n - first);
    const xs = xChunk.subarray(0, count * T * d);
    tokenRng.fillNormal(xs);
    const h = hChunk.subarray(0, count * T * T);
    if (target.factor !== undefined)
      preActivationsFromFactor(xs, count, T, d, target.factor.F, target.factor.rank, 1, h, workspace);
    else preActivationsFromMatrix(xs, count, T, d, target.S, h, workspace);
    const xi = sampleLabelNoise(count, T, noise, noiseRng, noiseChunk.subarray(0, count * T * T));
    for (let i = 0; i < h.length; i++) h[i] += xi[i];
    const attention = softmaxRows(h, count, T, beta0, h);
    X.set(xs, first * T * d);
    if (output === 'seq2lab') {
      Y.set(attention, first * T * T);
    } else {
      // y_a = Σ_b A_ab x_b
      for (let s = 0; s < count; s++) {
        for (let a = 0; a < T; a++) {
          const yOffset = ((first + s) * T + a) * d;
          for (let b = 0; b < T; b++) {
            const weight = attention[(s * T + a) * T + b];
            const xOffset = (s * T + b) * d;
            for (let k = 0; k < d; k++) Y[yOffset + k] += weight * xs[xOffset + k];
          }
        }
      }
    }
  }
  return { n, T, d, output, X, Y };
}
