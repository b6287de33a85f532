import { createContainer, ExperimentRegistry } from '@attention-hd/core';
import { describeExperimentConformance } from '@attention-hd/core/testing';
import { standardPlugins } from '../standard-plugins.js';

// Every standard experiment against the Experiment contract, with its quick preset (the first
// unit is run and resumed; run.int.spec.ts runs every unit through the CLI).
for (const experiment of createContainer(standardPlugins()).get(ExperimentRegistry).list()) {
  describeExperimentConformance(experiment);
}
