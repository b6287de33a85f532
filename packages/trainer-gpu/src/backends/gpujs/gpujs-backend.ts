import { createRequire } from 'node:module';
import type { AttentionKernels, BackendAvailability, ComputeBackend } from '@attention-hd/core';
import { GpuJsObjective } from './gpujs-objective.js';
import type { GpuJsInstance, GpuJsModule } from './gpujs-types.js';

/**
 * gpu.js kernels (gpujs-objective.ts), optional and loaded lazily: `gpujs` runs them through
 * WebGL (headless-gl), `gpujs-cpu` through gpu.js's CPU mode. gpu.js needs its native `gl`
 * binding to load at all (built from source: X11, Xi and Xext headers; an X display such as
 * `xvfb-run` at run time). Float32. Both rank below tfjs-wasm unless a real GPU drives WebGL.
 */
export class GpuJsBackend implements ComputeBackend {
  readonly id: string;
  readonly priority: number;
  readonly description: string;
  #gpu: GpuJsInstance | undefined;

  constructor(readonly mode: 'gpu' | 'cpu') {
    this.id = mode === 'gpu' ? 'gpujs' : 'gpujs-cpu';
    this.priority = mode === 'gpu' ? 35 : 5;
    this.description =
      mode === 'gpu'
        ? 'gpu.js kernels on WebGL through headless-gl (optional package), float32'
        : 'gpu.js kernels in its CPU mode (optional package), float32';
  }

  async probe(): Promise<BackendAvailability> {
    let module: GpuJsModule;
    try {
      module = loadGpuJs();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason =
        code === 'MODULE_NOT_FOUND'
          ? 'module gpu.js is not installed'
          : `module gpu.js failed to load: ${(error as Error).message.split('\n')[0]}`;
      return { available: false, reason, install: GPUJS_INSTALL };
    }
    if (this.mode === 'gpu' && !module.GPU.isHeadlessGLSupported) {
      return {
        available: false,
        reason: 'gpu.js loaded, but headless-gl found no WebGL context (no X display or GPU?)',
        install: WEBGL_INSTALL,
      };
    }
    return {
      available: true,
      reason: 'gpu.js',
      device: this.mode === 'gpu' ? 'WebGL (headless-gl), float32' : 'CPU (gpu.js), float32',
    };
  }

  async load(): Promise<AttentionKernels> {
    const availability = await this.probe();
    if (!availability.available) throw new Error(availability.reason);
    const { GPU } = loadGpuJs();
    this.#gpu ??= new GPU({ mode: this.mode === 'gpu' ? 'headlessgl' : 'cpu' });
    const gpu = this.#gpu;
    return {
      backendId: this.id,
      precision: 'float32',
      device: availability.device ?? 'unknown',
      createObjective: (data, form) => new GpuJsObjective(gpu, data, form),
    };
  }
}

function loadGpuJs(): GpuJsModule {
  // gpu.js is CommonJS and optional: required by a variable name so nothing resolves it at build time
  const specifier: string = 'gpu.js';
  return createRequire(import.meta.url)(specifier) as GpuJsModule;
}

/** gpu.js 2.24.1 (the version tested) installs from npm; its CPU mode needs nothing else. */
const GPUJS_INSTALL = 'npm install gpu.js@2.24.1 (CPU mode works at once; WebGL needs its optional native `gl` too, see gpujs)';

/** WebGL through headless-gl: gl's native build and an X display. */
const WEBGL_INSTALL =
  'apt-get install libxi-dev libglew-dev pkg-config && npm_config_nodedir=/usr npm rebuild gl (≈ 6 min on 2 cores), then run under an X display: xvfb-run -a attention-hd …';
