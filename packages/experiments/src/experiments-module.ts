import { ContainerModule, Experiment } from '@attention-hd/core';
import { AlphaSweepExperiment } from './standard/alpha-sweep-experiment.js';
import { bayesOptimalExperiment } from './standard/bayes-optimal-experiment.js';
import { errorDecompositionExperiment } from './standard/power-law/error-decomposition-experiment.js';
import { phaseDiagramExperiment } from './standard/power-law/phase-diagram-experiment.js';
import { powerLawSpectraExperiment } from './standard/power-law/power-law-spectra-experiment.js';
import { scalingLawExperiment } from './standard/power-law/scaling-law-experiment.js';
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
  bind(Experiment).toDynamicValue((context) => bayesOptimalExperiment(context));
  bind(Experiment).toDynamicValue((context) => scalingLawExperiment(context));
  bind(Experiment).toDynamicValue((context) => errorDecompositionExperiment(context));
  bind(Experiment).toDynamicValue((context) => powerLawSpectraExperiment(context));
  bind(Experiment).toDynamicValue((context) => phaseDiagramExperiment(context));
});
