import { createContainer, ExperimentRegistry } from '@attention-hd/core';
import { describeExperimentConformance } from '@attention-hd/core/testing';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { theoryAmpModule } from '@attention-hd/theory-amp';
import { trainerGpuModule } from '@attention-hd/trainer-gpu';
import { experimentsModule } from '../experiments-module.js';

// Every standard experiment against the Experiment contract, with its quick preset (the first
// unit is run and resumed; the CLI's run.int.spec.ts runs every unit through `attention-hd run`).
const container = createContainer([targetsModule, spectraModule, theoryAmpModule, trainerGpuModule, experimentsModule]);
for (const experiment of container.get(ExperimentRegistry).list()) {
  describeExperimentConformance(experiment);
}
