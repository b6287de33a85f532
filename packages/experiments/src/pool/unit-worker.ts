/*
 * A worker thread of the unit pool: builds its own container from the plugin modules it is given
 * (ContainerModules cannot cross threads; their import specifiers can), finds the experiment by id
 * and runs the units it is sent, one at a time, posting back each unit's rows or its error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  type ContainerModule,
  createContainer,
  type ExperimentPoint,
  ExperimentRegistry,
  type ParameterValues,
  silentProgress,
} from '@attention-hd/core';

interface Setup {
  readonly modules: readonly string[];
  readonly experimentId: string;
  readonly parameters: ParameterValues;
  readonly backend?: string;
}

const setup = workerData as Setup;
const loaded = new Set<ContainerModule>();
for (const specifier of setup.modules) {
  const exported = (await import(specifier)) as Record<string, unknown>;
  for (const value of Object.values(exported)) if (isContainerModule(value)) loaded.add(value as ContainerModule);
}
const experiment = createContainer([...loaded])
  .get(ExperimentRegistry)
  .get(setup.experimentId);
const port = parentPort;
if (port === null) throw new Error('unit-worker runs as a worker thread only');

port.on('message', async ({ id, point }: { id: number; point: ExperimentPoint }) => {
  try {
    const rows = await experiment.runPoint(point, setup.parameters, { progress: silentProgress, backend: setup.backend });
    port.postMessage({ id, rows });
  } catch (error) {
    port.postMessage({ id, error: (error as Error).message });
  }
});
port.postMessage({ ready: true });

function isContainerModule(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { load?: unknown }).load === 'function' && 'id' in value;
}
