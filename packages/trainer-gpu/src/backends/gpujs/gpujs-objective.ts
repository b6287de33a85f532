// biome-ignore-all lint/complexity/useArrowFunction: gpu.js compiles `function` kernels (it needs `this.thread`)
import { type DataObjective, isSymmetricScore, type SampleRange, type ScoreForm, type TrainingData } from '@attention-hd/core';
import type { GpuJsInstance, GpuJsKernel, GpuJsTexture } from './gpujs-types.js';

interface KernelThis {
  readonly thread: { readonly x: number; readonly y: number };
  readonly constants: { readonly d: number; readonly q: number; readonly T: number };
}

/**
 * The data loss and its gradient with gpu.js, for any ScoreForm: the O(n T d q) products run as
 * kernels — P = X L (and Q = X R), Z = GX (G symmetrised where S is symmetric) and M = XᵀZ — and the T×T work per
 * sample (h, softmax, residuals, G) on the host in float64 between them. Float32 on the device.
 * X is uploaded with each call (gpu.js keeps no input on the device between kernels of different
 * shapes), which a GPU amortises at the sizes where it pays.
 */
export class GpuJsObjective implements DataObjective {
  readonly #gpu: GpuJsInstance;
  readonly #data: TrainingData;
  readonly #form: ScoreForm;
  readonly #X: Float32Array;
  readonly #L: Float64Array;
  readonly #R: Float64Array | null;
  readonly #panel: GpuJsKernel;
  readonly #panelRight: GpuJsKernel | null;
  readonly #mix: GpuJsKernel;
  readonly #gram: GpuJsKernel;
  readonly #M: Float64Array;

  constructor(gpu: GpuJsInstance, data: TrainingData, form: ScoreForm) {
    const { n, T, d } = data;
    const q = form.columns;
    this.#gpu = gpu;
    this.#data = data;
    this.#form = form;
    this.#X = data.X instanceof Float32Array ? data.X : Float32Array.from(data.X);
    this.#L = new Float64Array(d * q);
    this.#R = form.right === 'separate' ? new Float64Array(d * q) : null;
    this.#M = new Float64Array(d * d);
    const constants = { d, q, T };
    const rowsMax = n * T;
    const panel = () =>
      gpu
        .createKernel(function (this: KernelThis, X: Float32Array, A: Float32Array) {
          let sum = 0;
          for (let k = 0; k < this.constants.d; k++)
            sum += X[this.thread.y * this.constants.d + k] * A[k * this.constants.q + this.thread.x];
          return sum;
        } as (...args: never[]) => number)
        .setConstants(constants)
        .setDynamicOutput(true)
        .setDynamicArguments(true)
        .setOutput([q, rowsMax]);
    this.#panel = panel();
    this.#panelRight = form.right === 'separate' ? panel() : null;
    // Z[r][k] = Σ_b Ĝ[s, a, b] X[s, b, k] with r = sT + a
    this.#mix = gpu
      .createKernel(function (this: KernelThis, G: Float32Array, X: Float32Array) {
        // (this.constants.T written out: gpu.js names constants `constants_T` in the code it generates)
        const s = Math.floor(this.thread.y / this.constants.T);
        let sum = 0;
        for (let b = 0; b < this.constants.T; b++) {
          sum += G[this.thread.y * this.constants.T + b] * X[(s * this.constants.T + b) * this.constants.d + this.thread.x];
        }
        return sum;
      } as (...args: never[]) => number)
      .setConstants(constants)
      .setDynamicOutput(true)
      .setDynamicArguments(true)
      .setPipeline(gpu.mode !== 'cpu')
      .setOutput([d, rowsMax]);
    // M[i][j] = Σ_r X[r, i] Z[r, j]
    this.#gram = gpu
      .createKernel(function (this: KernelThis, X: Float32Array, Z: Float32Array[], rows: number) {
        let sum = 0;
        for (let r = 0; r < rows; r++) sum += X[r * this.constants.d + this.thread.y] * Z[r][this.thread.x];
        return sum;
      } as (...args: never[]) => number)
      .setConstants(constants)
      .setDynamicArguments(true)
      .setLoopMaxIterations(rowsMax)
      .setOutput([d, d]);
  }

  evaluate(theta: Float64Array, gradient: Float64Array | null, batch?: SampleRange): number {
    const { n, T, d, beta, output } = this.#data;
    const first = batch?.first ?? 0;
    const count = batch?.count ?? n;
    if (!(first >= 0 && count >= 1 && first + count <= n)) {
      throw new RangeError(`batch [${first}, ${first + count}) is outside the ${n} samples`);
    }
    const form = this.#form;
    const q = form.columns;
    const rows = count * T;
    const traceS = form.factors(theta, this.#L, this.#R);
    const X = this.#X.subarray(first * T * d, (first + count) * T * d);
    const P = this.#panel.setOutput([q, rows])(X, Float32Array.from(this.#L)) as Float32Array[];
    const Q =
      this.#panelRight !== null && this.#R !== null
        ? (this.#panelRight.setOutput([q, rows])(X, Float32Array.from(this.#R)) as Float32Array[])
        : null;
    const symmetric = isSymmetricScore(form);
    const invSqrtD = 1 / Math.sqrt(d);
    const G = new Float32Array(rows * T);
    const h = new Float64Array(T * T);
    const sigma = new Float64Array(T * T);
    const dSigma = new Float64Array(T * T);
    const g = new Float64Array(T * T);
    const Y = this.#data.Y;
    let loss = 0;
    let traceG = 0;
    for (let s = 0; s < count; s++) {
      const r0 = s * T;
      for (let a = 0; a < T; a++) {
        for (let b = symmetric ? a : 0; b < T; b++) {
          let dot = 0;
          const pa = P[r0 + a];
          if (form.right === 'identity') {
            const xo = (r0 + b) * d;
            for (let k = 0; k < d; k++) dot += pa[k] * X[xo + k];
          } else {
            const qb = (Q ?? P)[r0 + b];
            for (let k = 0; k < q; k++) dot += pa[k] * qb[k];
          }
          h[a * T + b] = (form.scale * dot - (a === b ? traceS : 0)) * invSqrtD;
          if (symmetric) h[b * T + a] = h[a * T + b];
        }
      }
      for (let a = 0; a < T; a++) {
        let max = Number.NEGATIVE_INFINITY;
        for (let b = 0; b < T; b++) max = Math.max(max, beta * h[a * T + b]);
        let sum = 0;
        for (let b = 0; b < T; b++) sum += sigma[a * T + b] = Math.exp(beta * h[a * T + b] - max);
        for (let b = 0; b < T; b++) sigma[a * T + b] /= sum;
      }
      const sample = first + s;
      if (output === 'seq2seq') {
        for (let a = 0; a < T; a++) {
          const residual = new Float64Array(d);
          for (let k = 0; k < d; k++) {
            let prediction = 0;
            for (let b = 0; b < T; b++) prediction += sigma[a * T + b] * X[(r0 + b) * d + k];
            residual[k] = prediction - Y[(sample * T + a) * d + k];
            loss += (residual[k] * residual[k]) / d;
          }
          for (let b = 0; b < T; b++) {
            let dot = 0;
            for (let k = 0; k < d; k++) dot += residual[k] * X[(r0 + b) * d + k];
            dSigma[a * T + b] = (2 * dot) / d;
          }
        }
      } else {
        for (let ab = 0; ab < T * T; ab++) {
          const residual = sigma[ab] - Y[sample * T * T + ab];
          loss += residual * residual;
          dSigma[ab] = 2 * residual;
        }
      }
      // G = ∂loss/∂h through the row softmax, then (for a symmetric S) its symmetric part
      for (let a = 0; a < T; a++) {
        let mean = 0;
        for (let c = 0; c < T; c++) mean += sigma[a * T + c] * dSigma[a * T + c];
        for (let b = 0; b < T; b++) g[a * T + b] = beta * sigma[a * T + b] * (dSigma[a * T + b] - mean);
        traceG += g[a * T + a];
      }
      for (let a = 0; a < T; a++)
        for (let b = 0; b < T; b++) G[(r0 + a) * T + b] = symmetric ? 0.5 * (g[a * T + b] + g[b * T + a]) : g[a * T + b];
    }
    if (gradient === null) return loss;

    const Z = this.#mix.setOutput([d, rows])(G, X) as Float32Array[] | GpuJsTexture;
    const M = this.#gram(X, Z, rows) as Float32Array[];
    if (!Array.isArray(Z)) Z.delete();
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) this.#M[i * d + j] = M[i][j];
    form.gradient(theta, this.#M, traceG, gradient);
    return loss;
  }

  dispose(): void {
    for (const kernel of [this.#panel, this.#panelRight, this.#mix, this.#gram]) kernel?.destroy();
    void this.#gpu;
  }
}
