import { isSymmetricScore, type ScoreForm } from '@attention-hd/core';
import onnxProto from 'onnx-proto';
import { floatTensorInfo } from './float-tensor-info.js';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

export interface ObjectiveGraphShape {
  readonly T: number;
  readonly d: number;
  readonly beta: number;
  readonly output: 'seq2lab' | 'seq2seq';
  /**
   * 'gram': output M = Xᵀ(ĜX) [d, d]; 'panel' (tied forms): N = Xᵀ(ĜP) [d, q], the cheaper
   * backward product when q < d (ScoreForm.panelGradient). Default 'gram'.
   */
  readonly gradient?: 'gram' | 'panel';
}

/**
 * The data term of the ERM loss for one chunk of samples as one ONNX graph (opset 17), the same
 * computation as the tfjs and TypeScript kernels (docs/theory.md §2.7): P = X L and Q = X R (or P,
 * or X), H = (c·P Qᵀ − Tr S·I)/√d per sample, σ = softmax(βH), the loss ‖Y − ŷ‖², G = ∂loss/∂(βH)·β,
 * Ĝ = (G + Gᵀ)/2 for a symmetric S, Z = Ĝ X and M = Xᵀ Z (or, shape.gradient 'panel', N = Xᵀ(Ĝ P)).
 * Inputs: X [cT, d], Y [c, T, T | d], L [d, q], R [d, q] (separate factors only), shift [1] = Tr S/√d;
 * outputs: loss [], M [d, d] (or N [d, q]), traceG []. The chunk size c is a symbolic dimension, so
 * one session serves every chunk. The two GEMMs (> 99 % of the work) run in onnxruntime's
 * multi-threaded MLAS kernels.
 */
export function objectiveGraph(shape: ObjectiveGraphShape, form: ScoreForm): Uint8Array {
  const { T, d, beta } = shape;
  const q = form.columns;
  const seq2seq = shape.output === 'seq2seq';
  const width = seq2seq ? d : T;
  const nodes: onnxProto.onnx.INodeProto[] = [];
  const initializers: onnxProto.onnx.ITensorProto[] = [];
  let counter = 0;
  const op = (opType: string, inputs: string[], attributes: onnxProto.onnx.IAttributeProto[] = []): string => {
    const output = `${opType.toLowerCase()}_${counter++}`;
    nodes.push({ opType, input: inputs, output: [output], attribute: attributes });
    return output;
  };
  const floats = (name: string, dims: number[], values: number[]): string => {
    initializers.push({ name, dims, dataType: FLOAT, floatData: values });
    return name;
  };
  const ints = (name: string, values: number[]): string => {
    initializers.push({ name, dims: [values.length], dataType: INT64, int64Data: values });
    return name;
  };
  const int = (name: string, i: number): onnxProto.onnx.IAttributeProto => ({
    name,
    type: onnx.AttributeProto.AttributeType.INT,
    i,
  });
  const transposeLast = (x: string) =>
    op('Transpose', [x], [{ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 1] }]);

  const eye = floats(
    'eye',
    [T, T],
    Array.from({ length: T * T }, (_, k) => (k % (T + 1) === 0 ? 1 : 0)),
  );
  const shapeTq = ints('shape_tq', [-1, T, q]);
  const shapeTd = ints('shape_td', [-1, T, d]);
  const lastAxis = ints('last_axis', [-1]);
  const X3 = op('Reshape', ['X', shapeTd]);
  const P3 = op('Reshape', [op('MatMul', ['X', 'L']), shapeTq]);
  const Q3 = form.right === 'separate' ? op('Reshape', [op('MatMul', ['X', 'R']), shapeTq]) : form.right === 'tied' ? P3 : X3;
  const dots = op('MatMul', [P3, transposeLast(Q3)]);
  const H = op('Sub', [op('Mul', [dots, floats('scale', [], [form.scale / Math.sqrt(d)])]), op('Mul', [eye, 'shift'])]);
  const sigma = op('Softmax', [op('Mul', [H, floats('beta', [], [beta])])], [int('axis', -1)]);
  let loss: string;
  let R: string;
  if (seq2seq) {
    const diff = op('Sub', [op('MatMul', [sigma, X3]), 'Y']);
    loss = op('Mul', [op('ReduceSum', [op('Mul', [diff, diff])], [int('keepdims', 0)]), floats('inv_d', [], [1 / d])]);
    R = op('Mul', [op('MatMul', [diff, transposeLast(X3)]), floats('two_over_d', [], [2 / d])]);
  } else {
    const diff = op('Sub', [sigma, 'Y']);
    loss = op('ReduceSum', [op('Mul', [diff, diff])], [int('keepdims', 0)]);
    R = op('Mul', [diff, floats('two', [], [2])]);
  }
  // the softmax's Jacobian applied to R: G = β σ ⊙ (R − Σ_j σ_j R_j)
  const centred = op('Sub', [R, op('ReduceSum', [op('Mul', [sigma, R]), lastAxis], [int('keepdims', 1)])]);
  const G = op('Mul', [op('Mul', [sigma, centred]), 'beta']);
  const traceG = op('ReduceSum', [op('Mul', [G, eye])], [int('keepdims', 0)]);
  const mixing = isSymmetricScore(form) ? op('Mul', [op('Add', [G, transposeLast(G)]), floats('half', [], [0.5])]) : G;
  const panel = shape.gradient === 'panel';
  if (panel && form.right !== 'tied')
    throw new RangeError(`objectiveGraph: the panel gradient needs a tied form, got '${form.right}'`);
  // M = Xᵀ(Ĝ X) [d, d], or the panel N = Xᵀ(Ĝ P) [d, q]
  const Z = panel
    ? op('Reshape', [op('MatMul', [mixing, P3]), ints('shape_flat_q', [-1, q])])
    : op('Reshape', [op('MatMul', [mixing, X3]), ints('shape_flat', [-1, d])]);
  const backward = op('Gemm', ['X', Z], [int('transA', 1)]);
  const gradientName = panel ? 'N' : 'M';
  nodes.push({ opType: 'Identity', input: [loss], output: ['loss'] });
  nodes.push({ opType: 'Identity', input: [backward], output: [gradientName] });
  nodes.push({ opType: 'Identity', input: [traceG], output: ['traceG'] });

  const tensor = floatTensorInfo;
  const inputs = [
    tensor('X', ['rows', d]),
    tensor('Y', ['samples', T, width]),
    tensor('L', [d, q]),
    ...(form.right === 'separate' ? [tensor('R', [d, q])] : []),
    tensor('shift', [1]),
  ];
  const graph = {
    name: 'attention-data-term',
    node: nodes,
    initializer: initializers,
    input: inputs,
    output: [tensor('loss', []), tensor(gradientName, [d, panel ? q : d]), tensor('traceG', [])],
  };
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, producerName: '@attention-hd/trainer-gpu', opsetImport: [{ version: 17 }], graph }),
  ).finish();
}
