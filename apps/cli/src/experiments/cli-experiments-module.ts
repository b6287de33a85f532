import { ContainerModule, Experiment } from '@attention-hd/core';
import { AlphaSweepExperiment } from './alpha-sweep-experiment.js';
import { standardSweeps } from './standard-sweeps.js';

/** The standard experiments (one per figure), resolved against whatever plugins the container holds. */
export const cliExperimentsModule = new ContainerModule(({ bind }) => {
  for (const config of standardSweeps) {
    bind(Experiment).toDynamicValue((context) => new AlphaSweepExperiment(config, context));
  }
});
