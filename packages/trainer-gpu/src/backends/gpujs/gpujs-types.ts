/**
 * The part of gpu.js 2.x this package uses, typed here because gpu.js is optional (not a
 * dependency) and loaded lazily.
 */
export interface GpuJsKernel {
  (...args: unknown[]): unknown;
  setOutput(output: number[]): GpuJsKernel;
  setConstants(constants: Record<string, number>): GpuJsKernel;
  setLoopMaxIterations(iterations: number): GpuJsKernel;
  setDynamicOutput(flag: boolean): GpuJsKernel;
  setDynamicArguments(flag: boolean): GpuJsKernel;
  setPipeline(flag: boolean): GpuJsKernel;
  setPrecision(precision: 'single' | 'unsigned'): GpuJsKernel;
  setTactic(tactic: 'speed' | 'balanced' | 'precision'): GpuJsKernel;
  destroy(removeCanvasReferences?: boolean): void;
}

export interface GpuJsInstance {
  readonly mode: string;
  createKernel(fn: (...args: never[]) => number): GpuJsKernel;
  destroy(): Promise<void> | void;
}

export interface GpuJsModule {
  GPU: {
    new (settings: { mode: 'gpu' | 'cpu' | 'headlessgl' }): GpuJsInstance;
    readonly isHeadlessGLSupported: boolean;
  };
}

/** gpu.js textures (pipeline outputs) and CPU-mode outputs both read back as nested Float32Arrays. */
export interface GpuJsTexture {
  toArray(): Float32Array[];
  delete(): void;
}
