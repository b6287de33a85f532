import onnxProto from 'onnx-proto';

const FLOAT = onnxProto.onnx.TensorProto.DataType.FLOAT;

/** A graph input's or output's float32 type; a string dimension is symbolic (e.g. the row count). */
export function floatTensorInfo(name: string, dims: readonly (number | string)[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((v) => (typeof v === 'string' ? { dimParam: v } : { dimValue: v })) },
      },
    },
  };
}
