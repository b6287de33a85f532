import type { ServiceIdentifier } from 'inversify';
import type { ComputeBackend } from '../contracts/compute-backend.js';
import type { Experiment } from '../contracts/experiment.js';
import type { Parameterization } from '../contracts/parameterization.js';
import type { Target } from '../contracts/target.js';
import type { TheorySolver } from '../contracts/theory-solver.js';
import type { Trainer } from '../contracts/trainer.js';
import type { Registry } from '../registry/registry.js';

/** Tokens of the registries that `createContainer` builds from the multi-bound contributions. */
export const TargetRegistry = Symbol.for('@attention-hd/core:TargetRegistry') as ServiceIdentifier<Registry<Target>>;
export const ParameterizationRegistry = Symbol.for('@attention-hd/core:ParameterizationRegistry') as ServiceIdentifier<
  Registry<Parameterization>
>;
export const TheorySolverRegistry = Symbol.for('@attention-hd/core:TheorySolverRegistry') as ServiceIdentifier<
  Registry<TheorySolver>
>;
export const TrainerRegistry = Symbol.for('@attention-hd/core:TrainerRegistry') as ServiceIdentifier<Registry<Trainer>>;
export const ComputeBackendRegistry = Symbol.for('@attention-hd/core:ComputeBackendRegistry') as ServiceIdentifier<
  Registry<ComputeBackend>
>;
export const ExperimentRegistry = Symbol.for('@attention-hd/core:ExperimentRegistry') as ServiceIdentifier<Registry<Experiment>>;
