import { type DataObjective, isSymmetricScore, type SampleRange, type ScoreForm, type TrainingData } from '@attention-hd/core';
import type * as Tf from '@tensorflow/tfjs-core';

export type TfNamespace = typeof Tf;

/**
 * Samples per chunk: bounds the float32 temporaries (P, Z, Xᵀ: 3·chunk·T·max(d, p)) to a few MB. X and
 * Y are stored as one tensor per chunk: slicing a chunk out of one big tensor costs O(n) on the
 * wasm backend (4096-sample chunks of a 40000-sample X took 660 ms a step sliced, 2× the work).
 */
const CHUNK_SAMPLES = 1024;

/**
 * Where the training set lives between steps. 'device': a copy in tensors (a GPU's memory: no
 * transfer per step). 'host': the caller's arrays, uploaded chunk by chunk at each evaluation;
 * on CPU backends (wasm, libtensorflow) a resident copy would double the process's memory for
 * the data, while the upload is a memcpy of X per step (measured ≈ 2 % of a step at α = 4).
 */
export type DataPlacement = 'device' | 'host';

/**
 * The data loss and its gradient with tfjs ops (float32), for any tfjs backend (wasm, tensorflow
 * CPU or CUDA) and any ScoreForm. Same structure as the TypeScript kernels (attention-chunk.ts): P = X L, T×T blocks per
 * sample, Z = Ĝ X and M = XᵀZ, accumulated over chunks so nothing of size n·d is allocated beyond X
 * itself. Xᵀ is formed per chunk by an explicit transpose: matMul(X, Z, transposeA) is 8× slower on
 * the wasm backend.
 */
export class TfjsObjective implements DataObjective {
  readonly #tf: TfNamespace;
  readonly #backendName: string;
  readonly #form: ScoreForm;
  /** placement 'device': X and Y in chunks of CHUNK_SAMPLES samples, [c·T, d] and [c, T, T | d] */
  readonly #X: Tf.Tensor2D[] = [];
  readonly #Y: Tf.Tensor3D[] = [];
  /** placement 'host': the float32 arrays themselves */
  readonly #hostX: Float32Array | null;
  readonly #hostY: Float32Array | null;
  readonly #eye: Tf.Tensor2D;
  readonly #hostL: Float64Array;
  readonly #hostR: Float64Array | null;
  readonly #n: number;
  readonly #T: number;
  readonly #d: number;
  readonly #beta: number;
  readonly #seq2seq: boolean;
  #disposed = false;

  constructor(tf: TfNamespace, backendName: string, data: TrainingData, form: ScoreForm, placement: DataPlacement) {
    this.#tf = tf;
    this.#backendName = backendName;
    this.#form = form;
    const { n, T, d } = data;
    this.#n = n;
    this.#T = T;
    this.#d = d;
    this.#beta = data.beta;
    this.#seq2seq = data.output === 'seq2seq';
    this.#checkBackend();
    const X = asFloat32(data.X);
    const Y = asFloat32(data.Y);
    this.#hostX = placement === 'host' ? X : null;
    this.#hostY = placement === 'host' ? Y : null;
    for (let first = 0; placement === 'device' && first < n; first += CHUNK_SAMPLES) {
      const c = Math.min(CHUNK_SAMPLES, n - first);
      this.#X.push(this.#upload(X, first, c) as Tf.Tensor2D);
      this.#Y.push(this.#uploadLabels(Y, first, c));
    }
    this.#eye = tf.eye(T);
    this.#hostL = new Float64Array(d * form.columns);
    this.#hostR = form.right === 'separate' ? new Float64Array(d * form.columns) : null;
  }

  evaluate(theta: Float64Array, gradient: Float64Array | null, batch?: SampleRange): number {
    if (this.#disposed) throw new Error('TfjsObjective: used after dispose()');
    this.#checkBackend();
    const tf = this.#tf;
    const first = batch?.first ?? 0;
    const count = batch?.count ?? this.#n;
    const T = this.#T;
    const d = this.#d;
    const form = this.#form;
    const q = form.columns;
    const traceS = form.factors(theta, this.#hostL, this.#hostR);
    const left = tf.tensor2d(Float32Array.from(this.#hostL), [d, q], 'float32');
    const right = this.#hostR === null ? null : tf.tensor2d(Float32Array.from(this.#hostR), [d, q], 'float32');
    const symmetric = isSymmetricScore(form);
    let M = tf.zeros([d, d]) as Tf.Tensor2D;
    let loss = tf.scalar(0);
    let traceG = tf.scalar(0);
    const invSqrtD = 1 / Math.sqrt(d);
    const width = this.#seq2seq ? d : T;
    for (let k = Math.floor(first / CHUNK_SAMPLES); k * CHUNK_SAMPLES < first + count; k++) {
      // the part of chunk k inside [first, first + count)
      const chunkFirst = k * CHUNK_SAMPLES;
      const from = Math.max(first, chunkFirst) - chunkFirst;
      const to = Math.min(first + count, chunkFirst + CHUNK_SAMPLES, this.#n) - chunkFirst;
      const c = to - from;
      const whole = c === Math.min(CHUNK_SAMPLES, this.#n - chunkFirst);
      const [nextM, nextLoss, nextTrace] = tf.tidy(() => {
        const [Xc, Yc] =
          this.#hostX !== null && this.#hostY !== null
            ? [this.#upload(this.#hostX, chunkFirst + from, c), this.#uploadLabels(this.#hostY, chunkFirst + from, c)]
            : whole
              ? [this.#X[k], this.#Y[k]]
              : [tf.slice(this.#X[k], [from * T, 0], [c * T, d]), tf.slice(this.#Y[k], [from, 0, 0], [c, T, width])];
        const X3 = tf.reshape(Xc, [c, T, d]);
        const P3 = tf.reshape(tf.matMul(Xc, left), [c, T, q]);
        const Q3 = right === null ? (form.right === 'tied' ? P3 : X3) : tf.reshape(tf.matMul(Xc, right), [c, T, q]);
        const dots = tf.mul(tf.matMul(P3, Q3, false, true), form.scale);
        const H = tf.mul(tf.sub(dots, tf.mul(this.#eye, traceS)), invSqrtD);
        const sigma = tf.softmax(tf.mul(H, this.#beta));
        let chunkLoss: Tf.Scalar;
        let R: Tf.Tensor;
        if (this.#seq2seq) {
          const diff = tf.sub(tf.matMul(sigma, X3), Yc);
          chunkLoss = tf.div(tf.sum(tf.square(diff)), d) as Tf.Scalar;
          R = tf.mul(tf.matMul(diff, X3, false, true), 2 / d);
        } else {
          const diff = tf.sub(sigma, Yc);
          chunkLoss = tf.sum(tf.square(diff));
          R = tf.mul(diff, 2);
        }
        const G = tf.mul(tf.mul(sigma, tf.sub(R, tf.sum(tf.mul(sigma, R), -1, true))), this.#beta);
        const chunkTrace = tf.sum(tf.mul(G, this.#eye));
        // Ĝ = (G + Gᵀ)/2 where S is symmetric (only the symmetric part of M matters)
        const mixing = symmetric ? tf.mul(tf.add(G, tf.transpose(G, [0, 2, 1])), 0.5) : G;
        const Z = tf.reshape(tf.matMul(mixing, X3), [c * T, d]);
        const gram = tf.matMul(tf.transpose(Xc), Z);
        return [tf.add(M, gram), tf.add(loss, chunkLoss), tf.add(traceG, chunkTrace)] as const;
      });
      M.dispose();
      loss.dispose();
      traceG.dispose();
      M = nextM as Tf.Tensor2D;
      loss = nextLoss as Tf.Scalar;
      traceG = nextTrace as Tf.Scalar;
    }
    const value = loss.dataSync()[0];
    if (gradient !== null) {
      const hostM = Float64Array.from(M.dataSync());
      form.gradient(theta, hostM, traceG.dataSync()[0], gradient);
    }
    tf.dispose([left, ...(right === null ? [] : [right]), M, loss, traceG]);
    return value;
  }

  /** samples [first, first + c) of X as a [c·T, d] tensor (a copy) */
  #upload(X: Float32Array, first: number, c: number): Tf.Tensor2D {
    const [T, d] = [this.#T, this.#d];
    return this.#tf.tensor2d(X.subarray(first * T * d, (first + c) * T * d), [c * T, d], 'float32');
  }

  #uploadLabels(Y: Float32Array, first: number, c: number): Tf.Tensor3D {
    const width = this.#seq2seq ? this.#d : this.#T;
    const T = this.#T;
    return this.#tf.tensor3d(Y.subarray(first * T * width, (first + c) * T * width), [c, T, width], 'float32');
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#tf.dispose([...this.#X, ...this.#Y, this.#eye]);
  }

  /** tfjs has one engine per process: fail clearly if another tfjs backend took it over. */
  #checkBackend(): void {
    const active = this.#tf.getBackend();
    if (active !== this.#backendName) {
      throw new Error(`tfjs backend '${this.#backendName}' is not the active one ('${active}'): one tfjs backend per process`);
    }
  }
}

/** tfjs stores float32: a float64 training set is converted (a copy; the trainer asks for float32). */
function asFloat32(values: Float64Array | Float32Array): Float32Array {
  return values instanceof Float32Array ? values : Float32Array.from(values);
}
