import { availableParallelism } from 'node:os';
import type { AttentionKernels, BackendAvailability, ComputeBackend, TrainingData } from '@attention-hd/core';
import { sharedArray } from './shared-memory.js';
import { TypeScriptObjective } from './typescript-objective.js';

/**
 * Our own float64 kernels (attention-chunk.ts) on worker threads: no dependency, exact to
 * round-off, and always available. The reference the other backends are checked against.
 */
export class TypeScriptBackend implements ComputeBackend {
  readonly id = 'typescript';
  readonly priority = 10;
  readonly description = 'float64 TypeScript kernels (4×4 register tiles, worker threads on shared memory)';

  constructor(readonly threads: number = Math.max(1, availableParallelism())) {}

  async probe(): Promise<BackendAvailability> {
    return { available: true, reason: 'built in', device: `CPU, ${this.threads} thread(s), float64` };
  }

  async load(): Promise<AttentionKernels> {
    const threads = this.threads;
    return {
      backendId: this.id,
      precision: 'float64',
      device: `CPU, up to ${threads} thread(s)`,
      allocate: (length, precision) => sharedArray(length, precision),
      createObjective: (data: TrainingData, form) => new TypeScriptObjective(data, form, threads),
    };
  }
}
