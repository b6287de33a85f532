import type { AttentionKernels, BackendAvailability, ComputeBackend } from '@attention-hd/core';
import { TfjsObjective, type TfNamespace } from './tfjs-objective.js';

/**
 * tfjs on its WebAssembly backend (XNNPACK, SIMD; single-threaded under Node): float32, installed
 * from npm with its .wasm files, so it works everywhere. On the 2-core reference machine it is the
 * fastest backend (see the package README), hence the priority above the TypeScript kernels.
 */
export class TfjsWasmBackend implements ComputeBackend {
  readonly id = 'tfjs-wasm';
  readonly priority = 20;
  readonly description = 'tfjs WebAssembly backend (XNNPACK, SIMD), float32';
  #tf: Promise<TfNamespace> | undefined;

  async probe(): Promise<BackendAvailability> {
    try {
      const tf = await this.#initialise();
      const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      return {
        available: true,
        reason: `tfjs-core ${tf.version_core}`,
        device: `CPU, WebAssembly${simd ? ' SIMD' : ''}, float32`,
      };
    } catch (error) {
      return { available: false, reason: (error as Error).message };
    }
  }

  async load(): Promise<AttentionKernels> {
    const tf = await this.#initialise();
    if (tf.getBackend() !== 'wasm' && !(await tf.setBackend('wasm')))
      throw new Error('tfjs could not switch to the wasm backend');
    return {
      backendId: this.id,
      precision: 'float32',
      device: 'CPU, WebAssembly (tfjs)',
      memory: () => {
        const { numTensors, numBytes } = tf.memory();
        return { tensors: numTensors, bytes: numBytes };
      },
      createObjective: (data, form) => new TfjsObjective(tf, 'wasm', data, form, 'host'),
    };
  }

  #initialise(): Promise<TfNamespace> {
    this.#tf ??= (async () => {
      const tf = await import('@tensorflow/tfjs-core');
      await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend failed to initialise');
      await tf.ready();
      return tf;
    })();
    return this.#tf;
  }
}
