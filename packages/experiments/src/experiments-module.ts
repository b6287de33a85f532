import { ContainerModule, Experiment } from '@attention-hd/core';
import { AlphaSweepExperiment } from './standard/alpha-sweep-experiment.js';
import { ErrorDecompositionExperiment } from './standard/power-law/error-decomposition-experiment.js';
import { PhaseDiagramExperiment } from './standard/power-law/phase-diagram-experiment.js';
import { PowerLawSpectraExperiment } from './standard/power-law/power-law-spectra-experiment.js';
import { ScalingLawExperiment } from './standard/power-law/scaling-law-experiment.js';
import { spectraExperiment } from './standard/spectra-experiment.js';
import { standardSweeps } from './standard/standard-sweeps.js';
import { thresholdsExperiment } from './standard/thresholds-experiment.js';

/** The standard experiments (one per figure), resolved against whatever plugins the container holds. */
export const experimentsModule = new ContainerModule(({ bind }) => {
  for (const config of standardSweeps) {
    bind(Experiment).toDynamicValue((context) => new AlphaSweepExperiment(config, context));
  }
  bind(Experiment).toDynamicValue((context) => spectraExperiment(context));
  bind(Experiment).toDynamicValue((context) => thresholdsExperiment(context));
  bind(Experiment).toDynamicValue((context) => new ScalingLawExperiment(context));
  bind(Experiment).toDynamicValue((context) => new ErrorDecompositionExperiment(context));
  bind(Experiment).toDynamicValue((context) => new PowerLawSpectraExperiment(context));
  bind(Experiment).toDynamicValue((context) => new PhaseDiagramExperiment(context));
});
