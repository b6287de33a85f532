import type { SampleForms } from '@attention-hd/core';
import onnxProto from 'onnx-proto';
import type * as Ort from 'onnxruntime-node';
import { floatTensorInfo } from './float-tensor-info.js';
import type { OrtNamespace } from './onnx-objective.js';

const { onnx } = onnxProto;
const INT64 = onnx.TensorProto.DataType.INT64;

/**
 * One ONNX graph (opset 17) over a symbolic number of samples c: 'forms' H = (X S)₃ X₃ᵀ [c, T, T],
 * or 'adjoint' M = Xᵀ Reshape(G X₃) [d, d] (Gemm with transA, which runs at MLAS's rate). X is
 * [cT, d]; X₃ its [c, T, d] view.
 */
function formsGraph(kind: 'forms' | 'adjoint', T: number, d: number): Uint8Array {
  const tensor = floatTensorInfo;
  const forms = kind === 'forms';
  const initializer = [
    { name: 'shape_td', dims: [3], dataType: INT64, int64Data: [-1, T, d] },
    ...(forms ? [] : [{ name: 'shape_flat', dims: [2], dataType: INT64, int64Data: [-1, d] }]),
  ];
  const perm = { name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 1] };
  const X3 = { opType: 'Reshape', input: ['X', 'shape_td'], output: ['X3'] };
  const node = forms
    ? [
        X3,
        { opType: 'MatMul', input: ['X', 'S'], output: ['P'] },
        { opType: 'Reshape', input: ['P', 'shape_td'], output: ['P3'] },
        { opType: 'Transpose', input: ['X3'], output: ['X3t'], attribute: [perm] },
        { opType: 'MatMul', input: ['P3', 'X3t'], output: ['out'] },
      ]
    : [
        X3,
        { opType: 'MatMul', input: ['G', 'X3'], output: ['Z3'] },
        { opType: 'Reshape', input: ['Z3', 'shape_flat'], output: ['Z'] },
        {
          opType: 'Gemm',
          input: ['X', 'Z'],
          output: ['out'],
          attribute: [{ name: 'transA', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
        },
      ];
  const graph = {
    name: `sample-${kind}`,
    node,
    initializer,
    input: [tensor('X', ['rows', d]), forms ? tensor('S', [d, d]) : tensor('G', ['samples', T, T])],
    output: [forms ? tensor('out', ['samples', T, T]) : tensor('out', [d, d])],
  };
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, producerName: '@attention-hd/trainer-gpu', opsetImport: [{ version: 17 }], graph }),
  ).finish();
}

/**
 * GAMP's per-sample forms on onnxruntime's CPU kernels (float32, every core): X is copied once to
 * float32 and fed by views of its blocks of samples; S and G are converted per call (d² and c·T²
 * floats, small next to the c·T·d² multiply-adds). Only [c, T, T] or [d, d] comes back.
 */
export class OnnxSampleForms implements SampleForms {
  readonly precision = 'float32' as const;
  readonly #X: Float32Array;
  #last: Ort.Tensor | undefined;
  #disposed = false;

  private constructor(
    private readonly ort: OrtNamespace,
    private readonly formsSession: Ort.InferenceSession,
    private readonly adjointSession: Ort.InferenceSession,
    X: Float64Array | Float32Array,
    readonly n: number,
    readonly T: number,
    readonly d: number,
  ) {
    this.#X = X instanceof Float32Array ? X : Float32Array.from(X);
  }

  static async create(
    ort: OrtNamespace,
    threads: number,
    X: Float64Array | Float32Array,
    n: number,
    T: number,
    d: number,
  ): Promise<OnnxSampleForms> {
    if (X.length !== n * T * d) throw new RangeError(`sample forms: X has ${X.length} entries, needs n·T·d = ${n * T * d}`);
    // no spinning: the two sessions alternate with JavaScript work (GAMP's channel and prior) between
    // them, and an idle session's spinning pool took the cores from the other and from that work
    // (d = 200, 8192 samples, 2 cores: the adjoint block 26 ms with spinning, 13.7 ms without)
    const options = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all' as const,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    };
    const [formsSession, adjointSession] = await Promise.all([
      ort.InferenceSession.create(formsGraph('forms', T, d), options),
      ort.InferenceSession.create(formsGraph('adjoint', T, d), options),
    ]);
    return new OnnxSampleForms(ort, formsSession, adjointSession, X, n, T, d);
  }

  async forms(S: Float64Array, first: number, count: number): Promise<Float32Array> {
    const d = this.d;
    const input = new this.ort.Tensor('float32', Float32Array.from(S), [d, d]);
    return this.#run(this.formsSession, first, count, { S: input });
  }

  async adjointForms(G: Float32Array | Float64Array, first: number, count: number): Promise<Float32Array> {
    const T = this.T;
    const g = G instanceof Float32Array ? G : Float32Array.from(G);
    return this.#run(this.adjointSession, first, count, { G: new this.ort.Tensor('float32', g, [count, T, T]) });
  }

  async #run(
    session: Ort.InferenceSession,
    first: number,
    count: number,
    feeds: Record<string, Ort.Tensor>,
  ): Promise<Float32Array> {
    if (this.#disposed) throw new Error('OnnxSampleForms: used after dispose()');
    if (first < 0 || first + count > this.n) throw new RangeError(`samples [${first}, ${first + count}) outside [0, ${this.n})`);
    this.#last?.dispose();
    const rowLength = this.T * this.d;
    const X = new this.ort.Tensor('float32', this.#X.subarray(first * rowLength, (first + count) * rowLength), [
      count * this.T,
      this.d,
    ]);
    const out = await session.run({ X, ...feeds });
    this.#last = out.out;
    return out.out.data as Float32Array;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#last?.dispose();
    void this.formsSession.release();
    void this.adjointSession.release();
  }
}
