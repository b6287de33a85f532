import { describeBackendConformance } from '../testing/backend-conformance.js';
import { GpuJsBackend } from './gpujs/gpujs-backend.js';
import { OnnxBackend } from './onnx/onnx-backend.js';
import { TfjsNodeBackend } from './tfjs/tfjs-node-backend.js';
import { TfjsWasmBackend } from './tfjs/tfjs-wasm-backend.js';
import { TfjsWebGpuBackend } from './tfjs/tfjs-webgpu-backend.js';
import { TypeScriptBackend } from './typescript/typescript-backend.js';

// Every backend the module registers; those not installed or without a device here (tfjs-node,
// tfjs-node-gpu, WebGPU without an adapter) are reported as skipped with their probe's reason.
describeBackendConformance(new TypeScriptBackend(2));
describeBackendConformance(new TfjsWasmBackend());
describeBackendConformance(new OnnxBackend());
describeBackendConformance(new TfjsNodeBackend('@tensorflow/tfjs-node'));
describeBackendConformance(new TfjsNodeBackend('@tensorflow/tfjs-node-gpu'));
describeBackendConformance(new GpuJsBackend('cpu'), { n: 400 });
describeBackendConformance(new GpuJsBackend('gpu'), { n: 400 });
// installed (dev dependencies) but, on machines without a GPU, skipped with Dawn's "no adapter"
describeBackendConformance(new TfjsWebGpuBackend());
