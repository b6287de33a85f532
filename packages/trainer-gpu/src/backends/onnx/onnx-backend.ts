import { availableParallelism } from 'node:os';
import type { AttentionKernels, BackendAvailability, ComputeBackend } from '@attention-hd/core';
import { OnnxObjective, type OrtNamespace } from './onnx-objective.js';
import { OnnxSampleForms } from './sample-forms.js';

const PACKAGE = 'onnxruntime-node';
const VERSION = '1.30.0';

/**
 * The data term as an ONNX graph on onnxruntime's CPU execution provider (MLAS GEMMs on every
 * core; float32). onnxruntime-node is an optional dependency of this package: its npm package
 * carries the CPU binaries, so it installs from the registry alone (its install script only fetches
 * the optional CUDA provider, which is not used, and is not run). Measured here (2 cores) the
 * panel products run at 45–130 GFLOP/s against tfjs-wasm's 10–15, so it ranks above tfjs-wasm.
 */
export class OnnxBackend implements ComputeBackend {
  readonly id = 'onnx-cpu';
  readonly priority = 25;
  readonly description = 'onnxruntime CPU (MLAS, every core), float32';
  #ort: Promise<OrtNamespace> | undefined;

  async probe(): Promise<BackendAvailability> {
    try {
      await this.#initialise();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason =
        code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
          ? `module ${PACKAGE} is not installed`
          : `module ${PACKAGE} failed to load: ${(error as Error).message}`;
      return {
        available: false,
        reason,
        install: `npm install ${PACKAGE}@${VERSION} --ignore-scripts (Linux, macOS or Windows on x64/arm64; the CPU binaries are in the package, no download)`,
      };
    }
    return { available: true, reason: `${PACKAGE} ${VERSION}`, device: `CPU, ${threads()} thread(s), float32` };
  }

  async load(): Promise<AttentionKernels> {
    const availability = await this.probe();
    if (!availability.available) throw new Error(availability.reason);
    const ort = await this.#initialise();
    return {
      backendId: this.id,
      precision: 'float32',
      device: availability.device ?? 'CPU',
      createObjective: (data, form) => OnnxObjective.create(ort, threads(), data, form),
      createSampleForms: (X, n, T, d) => OnnxSampleForms.create(ort, threads(), X, n, T, d),
    };
  }

  #initialise(): Promise<OrtNamespace> {
    this.#ort ??= (async () => {
      // a variable specifier: the package is optional and must not be resolved at build time
      const specifier = PACKAGE;
      const module = (await import(specifier)) as OrtNamespace & { default?: OrtNamespace };
      return module.default ?? module;
    })();
    return this.#ort;
  }
}

/** intra-op threads: every core, or $ATTENTION_HD_THREADS (tests and worker pools set fewer) */
function threads(): number {
  const given = Number(process.env.ATTENTION_HD_THREADS);
  return Number.isInteger(given) && given > 0 ? given : availableParallelism();
}
