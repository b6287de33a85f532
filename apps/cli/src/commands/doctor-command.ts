import { cpus, freemem, totalmem } from 'node:os';
import { ComputeBackendRegistry, type Container } from '@attention-hd/core';
import { packageVersions } from '@attention-hd/experiments';
import { formatNumber, printJson, printLines, table } from '../output.js';

/** `attention-hd doctor`: the machine, the packages, and which compute backends load here. */
export async function runDoctor(container: Container, options: { json?: boolean }): Promise<void> {
  const cpuList = cpus();
  const packages = packageVersions();
  const backends = await Promise.all(
    container
      .get(ComputeBackendRegistry)
      .list()
      .sort((a, b) => b.priority - a.priority)
      .map(async (backend) => {
        const availability = await backend.probe().catch((error: Error) => ({
          available: false,
          reason: `probe failed: ${error.message}`,
          device: undefined,
        }));
        return { id: backend.id, priority: backend.priority, ...availability };
      }),
  );
  const report = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: { count: cpuList.length, model: cpuList[0]?.model ?? 'unknown' },
    memory: { totalGiB: totalmem() / 2 ** 30, freeGiB: freemem() / 2 ** 30 },
    packages,
    computeBackends: backends,
    selectedBackend: backends.find((b) => b.available)?.id ?? null,
  };
  if (options.json) {
    printJson(report);
    return;
  }
  printLines([
    `node ${report.node} on ${report.platform}, ${report.cpus.count} × ${report.cpus.model}`,
    `memory ${formatNumber(report.memory.totalGiB, 3)} GiB (${formatNumber(report.memory.freeGiB, 3)} GiB free)`,
    '',
    ...table(Object.entries(packages)),
    '',
    'compute backends (highest priority first):',
    ...(backends.length === 0
      ? ['  none registered (they come with @attention-hd/trainer-gpu)']
      : table(backends.map((b) => ['  ' + b.id, b.available ? 'available' : 'unavailable', b.device ?? '', b.reason]))),
    ...backends
      .filter((b) => !b.available && 'install' in b && b.install !== undefined)
      .map((b) => `  to use ${b.id}: ${(b as { install: string }).install}`),
  ]);
}
