import type { AttentionKernels, BackendAvailability, ComputeBackend } from '@attention-hd/core';
import { TfjsObjective, type TfNamespace } from './tfjs-objective.js';

/** What this backend needs from the optional packages (typed loosely: they are not build-time dependencies). */
interface DawnModule {
  create(options: string[]): { requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapter | null> };
  globals: Record<string, unknown>;
}
interface GpuAdapter {
  readonly info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  readonly isFallbackAdapter?: boolean;
  readonly features: { has(name: string): boolean };
  requestDevice(descriptor?: object): Promise<unknown>;
}
interface WebGpuBackendModule {
  WebGPUBackend: new (device: unknown, adapterInfo?: unknown) => unknown;
}

const PACKAGES = 'webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@4.22.0';

/**
 * tfjs on WebGPU through Dawn for Node: the optional packages `webgpu` (Dawn's Node binding, its
 * binaries inside the npm package) and `@tensorflow/tfjs-backend-webgpu`; float32, the training set
 * in device memory. The probe asks Dawn for a hardware adapter (on Linux Dawn needs a Vulkan loader,
 * libvulkan.so.1, and the GPU driver's Vulkan ICD; a software or fallback adapter is refused).
 *
 * Opt-in (`--backend tfjs-webgpu`, a priority below every CPU backend) until it has passed the
 * conformance suite on a GPU: on the CPU machines this project is tested on, Dawn finds no adapter
 * and the suite reports the probe's reason.
 */
export class TfjsWebGpuBackend implements ComputeBackend {
  readonly id = 'tfjs-webgpu';
  readonly priority = 8;
  readonly description = 'tfjs on WebGPU through Dawn for Node (optional packages), float32; opt-in until verified on a GPU';
  #tf: Promise<{ tf: TfNamespace; device: string }> | undefined;

  async probe(): Promise<BackendAvailability> {
    try {
      const { device } = await this.#initialise();
      return { available: true, reason: 'tfjs-backend-webgpu on Dawn', device };
    } catch (error) {
      const { reason, install } = error as { reason?: string; install?: string };
      return { available: false, reason: reason ?? (error as Error).message, ...(install === undefined ? {} : { install }) };
    }
  }

  async load(): Promise<AttentionKernels> {
    const availability = await this.probe();
    if (!availability.available) throw new Error(availability.reason);
    const { tf, device } = await this.#initialise();
    if (tf.getBackend() !== 'webgpu' && !(await tf.setBackend('webgpu')))
      throw new Error('tfjs could not switch to the webgpu backend');
    return {
      backendId: this.id,
      precision: 'float32',
      device,
      memory: () => {
        const { numTensors, numBytes } = tf.memory();
        return { tensors: numTensors, bytes: numBytes };
      },
      createObjective: (data, form) => new TfjsObjective(tf, 'webgpu', data, form, 'device'),
    };
  }

  #initialise(): Promise<{ tf: TfNamespace; device: string }> {
    this.#tf ??= (async () => {
      const dawn = (await importOptional('webgpu')) as DawnModule;
      // GPUBufferUsage, GPUMapMode, … as globals, which tfjs-backend-webgpu expects
      Object.assign(globalThis, dawn.globals);
      const adapter = await dawn.create([]).requestAdapter({ powerPreference: 'high-performance' });
      if (adapter === null) {
        throw unavailable(
          'Dawn found no WebGPU adapter (on Linux it needs a Vulkan loader, libvulkan.so.1, and a GPU driver with a Vulkan ICD)',
        );
      }
      const info = adapter.info ?? {};
      const name = [info.vendor, info.architecture, info.description].filter((s) => s !== undefined && s !== '').join(' ');
      if (adapter.isFallbackAdapter === true || info.isFallbackAdapter === true) {
        throw unavailable(`Dawn offers only a fallback (software) adapter${name === '' ? '' : `: ${name}`}`);
      }
      const tf = (await import('@tensorflow/tfjs-core')) as TfNamespace;
      const { WebGPUBackend } = (await importOptional('@tensorflow/tfjs-backend-webgpu')) as WebGpuBackendModule;
      const gpuDevice = await adapter.requestDevice(
        adapter.features.has('timestamp-query') ? { requiredFeatures: ['timestamp-query'] } : {},
      );
      // registered here rather than by the package, which registers only where navigator.gpu exists
      if (!tf.findBackendFactory('webgpu')) {
        tf.registerBackend('webgpu', () => new WebGPUBackend(gpuDevice, info) as never, 1);
      }
      if (!(await tf.setBackend('webgpu'))) throw unavailable('tfjs could not initialise its webgpu backend on the Dawn device');
      await tf.ready();
      return { tf, device: `WebGPU (Dawn) ${name === '' ? 'GPU' : name}, float32` };
    })();
    this.#tf.catch(() => {
      this.#tf = undefined;
    });
    return this.#tf;
  }
}

/** An error that carries the probe's reason (and how to install what is missing). */
function unavailable(reason: string, install?: string): Error {
  return Object.assign(new Error(reason), { reason, install });
}

async function importOptional(name: string): Promise<unknown> {
  // a variable specifier: optional packages must not be resolved at build time
  const specifier: string = name;
  try {
    return await import(specifier);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    throw unavailable(
      missing ? `module ${name} is not installed` : `module ${name} failed to load: ${(error as Error).message.split('\n')[0]}`,
      `npm install ${PACKAGES} (Dawn's binaries are inside the npm package; a GPU with a Vulkan, Metal or D3D12 driver)`,
    );
  }
}
