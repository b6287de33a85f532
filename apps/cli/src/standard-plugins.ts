import type { ContainerModule } from '@attention-hd/core';
import { experimentsModule } from '@attention-hd/experiments';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { theoryAmpModule } from '@attention-hd/theory-amp';
import { trainerGpuModule } from '@attention-hd/trainer-gpu';

/** The plugins every `attention-hd` run loads; `--plugin <module>` adds more. */
export function standardPlugins(): ContainerModule[] {
  return [targetsModule, spectraModule, theoryAmpModule, trainerGpuModule, experimentsModule];
}

/** The same plugins as import specifiers, for worker threads that build their own container. */
export const standardPluginSpecifiers: readonly string[] = [
  '@attention-hd/targets',
  '@attention-hd/spectra',
  '@attention-hd/theory-amp',
  '@attention-hd/trainer-gpu',
  '@attention-hd/experiments',
];
