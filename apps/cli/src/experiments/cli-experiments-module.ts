import { ContainerModule, Experiment } from '@attention-hd/core';
import { AlphaSweepExperiment } from './alpha-sweep-experiment.js';
import { ErrorDecompositionExperiment } from './power-law/error-decomposition-experiment.js';
import { PhaseDiagramExperiment } from './power-law/phase-diagram-experiment.js';
import { PowerLawSpectraExperiment } from './power-law/power-law-spectra-experiment.js';
import { ScalingLawExperiment } from './power-law/scaling-law-experiment.js';
import { SpectraExperiment } from './spectra-experiment.js';
import { standardSweeps } from './standard-sweeps.js';
import { ThresholdsExperiment } from './thresholds-experiment.js';

/** The standard experiments (one per figure), resolved against whatever plugins the container holds. */
export const cliExperimentsModule = new ContainerModule(({ bind }) => {
  for (const config of standardSweeps) {
    bind(Experiment).toDynamicValue((context) => new AlphaSweepExperiment(config, context));
  }
  bind(Experiment).toDynamicValue((context) => new SpectraExperiment(context));
  bind(Experiment).toDynamicValue((context) => new ThresholdsExperiment(context));
  bind(Experiment).toDynamicValue((context) => new ScalingLawExperiment(context));
  bind(Experiment).toDynamicValue((context) => new ErrorDecompositionExperiment(context));
  bind(Experiment).toDynamicValue((context) => new PowerLawSpectraExperiment(context));
  bind(Experiment).toDynamicValue((context) => new PhaseDiagramExperiment(context));
});
