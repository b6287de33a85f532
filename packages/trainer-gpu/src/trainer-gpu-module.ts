import { ComputeBackend, ComputeBackendRegistry, ContainerModule, ParameterizationRegistry, Trainer } from '@attention-hd/core';
import { GpuJsBackend } from './backends/gpujs/gpujs-backend.js';
import { OnnxBackend } from './backends/onnx/onnx-backend.js';
import { TfjsNodeBackend } from './backends/tfjs/tfjs-node-backend.js';
import { TfjsWasmBackend } from './backends/tfjs/tfjs-wasm-backend.js';
import { TfjsWebGpuBackend } from './backends/tfjs/tfjs-webgpu-backend.js';
import { TypeScriptBackend } from './backends/typescript/typescript-backend.js';
import { AdamTrainer } from './training/adam-trainer.js';

/**
 * The Adam trainer (for every registered parameterization) and the compute backends. Optional
 * backends (tfjs native, gpu.js, WebGPU) are always registered; their probes say whether they load here.
 */
export const trainerGpuModule = new ContainerModule(({ bind }) => {
  bind(Trainer).toDynamicValue(
    (context) => new AdamTrainer(context.get(ParameterizationRegistry), context.get(ComputeBackendRegistry)),
  );
  bind(ComputeBackend).toConstantValue(new TypeScriptBackend());
  bind(ComputeBackend).toConstantValue(new TfjsWasmBackend());
  bind(ComputeBackend).toConstantValue(new OnnxBackend());
  bind(ComputeBackend).toConstantValue(new TfjsNodeBackend('@tensorflow/tfjs-node'));
  bind(ComputeBackend).toConstantValue(new TfjsNodeBackend('@tensorflow/tfjs-node-gpu'));
  bind(ComputeBackend).toConstantValue(new GpuJsBackend('gpu'));
  bind(ComputeBackend).toConstantValue(new GpuJsBackend('cpu'));
  bind(ComputeBackend).toConstantValue(new TfjsWebGpuBackend());
});
