import { Container, type ContainerModule, type ServiceIdentifier } from 'inversify';
import { ComputeBackend } from '../contracts/compute-backend.js';
import { Experiment } from '../contracts/experiment.js';
import { Parameterization } from '../contracts/parameterization.js';
import { ProgressReporter, silentProgress } from '../contracts/progress-reporter.js';
import { Target } from '../contracts/target.js';
import { TheorySolver } from '../contracts/theory-solver.js';
import { Trainer } from '../contracts/trainer.js';
import { type Identified, Registry } from '../registry/registry.js';
import {
  ComputeBackendRegistry,
  ExperimentRegistry,
  ParameterizationRegistry,
  TargetRegistry,
  TheorySolverRegistry,
  TrainerRegistry,
} from './registries.js';

export interface ContainerOptions {
  /** bound under ProgressReporter unless a plugin binds one (default: silent) */
  readonly progress?: ProgressReporter;
}

/**
 * The one place a container is made: loads the plugins' ContainerModules, then binds one registry
 * per extension point over the multi-bound contributions. Registries are built on first use, so a
 * duplicate id surfaces when that registry is asked for.
 */
export function createContainer(plugins: readonly ContainerModule[], options: ContainerOptions = {}): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(...plugins);
  bindRegistry(container, TargetRegistry, Target, 'target');
  bindRegistry(container, ParameterizationRegistry, Parameterization, 'parameterization');
  bindRegistry(container, TheorySolverRegistry, TheorySolver, 'theory solver');
  bindRegistry(container, TrainerRegistry, Trainer, 'trainer');
  bindRegistry(container, ComputeBackendRegistry, ComputeBackend, 'compute backend');
  bindRegistry(container, ExperimentRegistry, Experiment, 'experiment');
  if (!container.isBound(ProgressReporter)) {
    container.bind(ProgressReporter).toConstantValue(options.progress ?? silentProgress);
  }
  return container;
}

function bindRegistry<T extends Identified>(
  container: Container,
  registryToken: ServiceIdentifier<Registry<T>>,
  contributionToken: ServiceIdentifier<T>,
  kind: string,
): void {
  container
    .bind(registryToken)
    .toDynamicValue((context) => new Registry<T>(kind, context.getAll(contributionToken, { optional: true })))
    .inSingletonScope();
}
