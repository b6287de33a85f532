import type { DataObjective, SampleRange, ScoreForm, TrainingData } from '@attention-hd/core';
import type * as Ort from 'onnxruntime-node';
import { objectiveGraph } from './objective-graph.js';

export type OrtNamespace = typeof Ort;

/**
 * Samples per session run: large enough that the GEMMs run at MLAS's full rate (≥ 16k rows at
 * T = 2), small enough that the chunk's temporaries (P, Z: c·T·max(d, q) floats each) stay near
 * 50 MB at d = 400.
 */
const CHUNK_SAMPLES = 8192;

/**
 * The data term on onnxruntime's CPU kernels (float32, every core): one session of the graph of
 * objective-graph.ts, run per chunk of samples on views of the training set (no copy of X or Y),
 * M accumulated over chunks in float64.
 */
export class OnnxObjective implements DataObjective {
  readonly #ort: OrtNamespace;
  readonly #session: Ort.InferenceSession;
  readonly #form: ScoreForm;
  readonly #X: Float32Array;
  readonly #Y: Float32Array;
  readonly #n: number;
  readonly #T: number;
  readonly #d: number;
  readonly #width: number;
  readonly #left: Float64Array;
  readonly #right: Float64Array | null;
  /** M [d, d], or the panel N [d, q] where the form takes it (#panel) */
  readonly #M: Float64Array;
  readonly #panel: boolean;
  #disposed = false;

  private constructor(ort: OrtNamespace, session: Ort.InferenceSession, data: TrainingData, form: ScoreForm, panel: boolean) {
    this.#ort = ort;
    this.#session = session;
    this.#form = form;
    this.#X = data.X instanceof Float32Array ? data.X : Float32Array.from(data.X);
    this.#Y = data.Y instanceof Float32Array ? data.Y : Float32Array.from(data.Y);
    this.#n = data.n;
    this.#T = data.T;
    this.#d = data.d;
    this.#width = data.output === 'seq2seq' ? data.d : data.T;
    this.#left = new Float64Array(data.d * form.columns);
    this.#right = form.right === 'separate' ? new Float64Array(data.d * form.columns) : null;
    this.#panel = panel;
    this.#M = new Float64Array(data.d * (panel ? form.columns : data.d));
  }

  /**
   * Whether the backward product is the panel Xᵀ(ĜP) [d, q]: for a tied form that offers
   * panelGradient, whenever q ≤ d. MLAS computes the whole Xᵀ(ĜX) (no symmetric half), so the panel
   * costs q/d of it, and the host's d²q product M·L disappears (at q = d it still saves that).
   */
  static usesPanel(form: ScoreForm, d: number): boolean {
    return form.right === 'tied' && form.panelGradient !== undefined && form.columns <= d;
  }

  static async create(ort: OrtNamespace, threads: number, data: TrainingData, form: ScoreForm): Promise<OnnxObjective> {
    const panel = OnnxObjective.usesPanel(form, data.d);
    const model = objectiveGraph(
      { T: data.T, d: data.d, beta: data.beta, output: data.output, gradient: panel ? 'panel' : 'gram' },
      form,
    );
    // no spinning: between evaluations the host runs the Adam update, which a spinning pool slowed
    // (a full run at d = 100, α = 0.5 on 2 cores: 1.8 s with spinning, 1.1 s without)
    const session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    return new OnnxObjective(ort, session, data, form, panel);
  }

  async evaluate(theta: Float64Array, gradient: Float64Array | null, batch?: SampleRange): Promise<number> {
    if (this.#disposed) throw new Error('OnnxObjective: used after dispose()');
    const ort = this.#ort;
    const [T, d, width] = [this.#T, this.#d, this.#width];
    const form = this.#form;
    const q = form.columns;
    const first = batch?.first ?? 0;
    const count = batch?.count ?? this.#n;
    const traceS = form.factors(theta, this.#left, this.#right);
    const feeds: Record<string, Ort.Tensor> = {
      L: new ort.Tensor('float32', Float32Array.from(this.#left), [d, q]),
      shift: new ort.Tensor('float32', Float32Array.of(traceS / Math.sqrt(d)), [1]),
    };
    if (this.#right !== null) feeds.R = new ort.Tensor('float32', Float32Array.from(this.#right), [d, q]);
    const M = this.#M;
    M.fill(0);
    let loss = 0;
    let traceG = 0;
    for (let from = first; from < first + count; from += CHUNK_SAMPLES) {
      const c = Math.min(CHUNK_SAMPLES, first + count - from);
      // views of the training set: onnxruntime reads CPU inputs in place
      feeds.X = new ort.Tensor('float32', this.#X.subarray(from * T * d, (from + c) * T * d), [c * T, d]);
      feeds.Y = new ort.Tensor('float32', this.#Y.subarray(from * T * width, (from + c) * T * width), [c, T, width]);
      const out = await this.#session.run(feeds);
      loss += Number((out.loss.data as Float32Array)[0]);
      traceG += Number((out.traceG.data as Float32Array)[0]);
      if (gradient !== null) {
        const chunk = (this.#panel ? out.N : out.M).data as Float32Array;
        for (let i = 0; i < M.length; i++) M[i] += chunk[i];
      }
      for (const tensor of Object.values(out)) tensor.dispose();
    }
    if (gradient !== null) {
      if (this.#panel) form.panelGradient?.(theta, M, traceG, gradient);
      else form.gradient(theta, M, traceG, gradient);
    }
    return loss;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    void this.#session.release();
  }
}
