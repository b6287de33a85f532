import type { AttentionKernels, BackendAvailability, ComputeBackend } from '@attention-hd/core';
import { TfjsObjective, type TfNamespace } from './tfjs-objective.js';

/** The native tfjs packages: not dependencies of this package (their installers download libtensorflow). */
export type TfjsNativePackage = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

/**
 * tfjs on libtensorflow: `@tensorflow/tfjs-node` (CPU) or `@tensorflow/tfjs-node-gpu` (CUDA), both
 * optional and loaded lazily. Install one next to this package to enable it (tfjs-node-gpu 4.x
 * needs CUDA 11.2 and cuDNN 8.1; on other versions TensorFlow silently runs on the CPU, which the
 * probe detects and reports). Float32.
 */
export class TfjsNodeBackend implements ComputeBackend {
  readonly id: string;
  readonly priority: number;
  readonly description: string;
  #tf: Promise<TfNamespace> | undefined;

  constructor(readonly packageName: TfjsNativePackage) {
    const gpu = packageName === '@tensorflow/tfjs-node-gpu';
    this.id = gpu ? 'tfjs-node-gpu' : 'tfjs-node';
    this.priority = gpu ? 40 : 30;
    this.description = gpu
      ? 'tfjs on libtensorflow with CUDA (optional package), float32'
      : 'tfjs on libtensorflow, CPU (optional package), float32';
  }

  async probe(): Promise<BackendAvailability> {
    let tf: TfNamespace;
    try {
      tf = await this.#initialise();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason =
        code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
          ? `module ${this.packageName} is not installed`
          : `module ${this.packageName} failed to load: ${(error as Error).message}`;
      return { available: false, reason, install: installOf(this.packageName) };
    }
    const backend = tf.backend() as { isUsingGpuDevice?: boolean };
    const onGpu = backend.isUsingGpuDevice === true;
    if (this.id === 'tfjs-node-gpu' && !onGpu) {
      return {
        available: false,
        reason: 'loaded, but TensorFlow found no usable CUDA GPU (check CUDA 11.2 / cuDNN 8.1)',
        device: 'CPU',
      };
    }
    return {
      available: true,
      reason: `tfjs ${tf.version_core} on libtensorflow`,
      device: onGpu ? 'CUDA GPU, float32' : 'CPU, float32',
    };
  }

  async load(): Promise<AttentionKernels> {
    const availability = await this.probe();
    if (!availability.available) throw new Error(availability.reason);
    const tf = await this.#initialise();
    const onGpu = availability.device?.startsWith('CUDA') === true;
    if (tf.getBackend() !== 'tensorflow' && !(await tf.setBackend('tensorflow'))) {
      throw new Error('tfjs could not switch to the tensorflow backend');
    }
    return {
      backendId: this.id,
      precision: 'float32',
      device: availability.device ?? 'unknown',
      memory: () => {
        const { numTensors, numBytes } = tf.memory();
        return { tensors: numTensors, bytes: numBytes };
      },
      createObjective: (data, form) =>
        // on a GPU the set stays in device memory; on the CPU a second copy would only cost RAM
        new TfjsObjective(tf, 'tensorflow', data, form, onGpu ? 'device' : 'host'),
    };
  }

  #initialise(): Promise<TfNamespace> {
    this.#tf ??= (async () => {
      // a variable specifier: these packages are optional and must not be resolved at build time
      const specifier: string = this.packageName;
      const tf = (await import(specifier)) as TfNamespace;
      await tf.ready();
      return tf;
    })();
    this.#tf.catch(() => {
      this.#tf = undefined;
    });
    return this.#tf;
  }
}

/** The tested version, and what its installer needs (it downloads libtensorflow 2.9.1 itself). */
function installOf(packageName: string): string {
  const needs =
    packageName === '@tensorflow/tfjs-node-gpu'
      ? 'Linux x64 with an NVIDIA GPU, CUDA 11.2 and cuDNN 8.1; its installer downloads the libtensorflow GPU build (network access)'
      : 'Linux or macOS x64/arm64; its installer downloads libtensorflow (network access)';
  return `npm install ${packageName}@4.22.0 (${needs})`;
}
