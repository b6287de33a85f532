import type { ContainerModule } from '@attention-hd/core';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { theoryAmpModule } from '@attention-hd/theory-amp';
import { trainerGpuModule } from '@attention-hd/trainer-gpu';
import { cliExperimentsModule } from './experiments/cli-experiments-module.js';

/** The plugins every `attention-hd` run loads; `--plugin <module>` adds more. */
export function standardPlugins(): ContainerModule[] {
  return [targetsModule, spectraModule, theoryAmpModule, trainerGpuModule, cliExperimentsModule];
}
