/** A zero-filled typed array on a SharedArrayBuffer, so worker threads read it without a copy. */
export function sharedArray(length: number, precision: 'float32' | 'float64'): Float64Array | Float32Array {
  return precision === 'float32'
    ? new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT))
    : new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

export function isShared(array: Float64Array | Float32Array): boolean {
  return array.buffer instanceof SharedArrayBuffer;
}
