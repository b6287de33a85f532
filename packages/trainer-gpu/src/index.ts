export { GpuJsBackend } from './backends/gpujs/gpujs-backend.js';
export { GpuJsObjective } from './backends/gpujs/gpujs-objective.js';
export { objectiveGraph } from './backends/onnx/objective-graph.js';
export { OnnxBackend } from './backends/onnx/onnx-backend.js';
export { OnnxObjective } from './backends/onnx/onnx-objective.js';
export { type TfjsNativePackage, TfjsNodeBackend } from './backends/tfjs/tfjs-node-backend.js';
export { TfjsObjective, type TfNamespace } from './backends/tfjs/tfjs-objective.js';
export { TfjsWasmBackend } from './backends/tfjs/tfjs-wasm-backend.js';
export { TfjsWebGpuBackend } from './backends/tfjs/tfjs-webgpu-backend.js';
export { TypeScriptBackend } from './backends/typescript/typescript-backend.js';
export { TypeScriptObjective } from './backends/typescript/typescript-objective.js';
export {
  accumulateGram,
  type ChunkProblem,
  type ChunkWork,
  createChunkWork,
  evaluateSamples,
  multiplyPanel,
} from './kernels/attention-chunk.js';
export { trainerGpuModule } from './trainer-gpu-module.js';
export { Adam, defaultAdamSettings, validateAdamSettings } from './training/adam.js';
export { AdamTrainer } from './training/adam-trainer.js';
export { BackendSelector, type SelectedBackend } from './training/backend-selection.js';
export { crossValidateTraining, type TrainingCrossValidation } from './training/cross-validate-training.js';
export { matrixError, testError } from './training/generalization.js';
export { meanAndStd, type RunRecord, type SeedPlan, type SeedSummary, trainSeeds } from './training/multi-seed.js';
