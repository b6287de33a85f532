import {
  ComputeBackendRegistry,
  type Container,
  describeParameter,
  ExperimentRegistry,
  ParameterizationRegistry,
  TargetRegistry,
  TheorySolverRegistry,
  TrainerRegistry,
} from '@attention-hd/core';
import { printJson, printLines, table } from '../output.js';

/** `attention-hd list`: every registered plugin, by extension point, with its availability. */
export async function runList(container: Container, options: { json?: boolean }): Promise<void> {
  const targets = container
    .get(TargetRegistry)
    .list()
    .map((t) => ({
      id: t.id,
      description: t.description,
      parameters: t.parameters.map((p) => p.name),
      available: true,
    }));
  const parameterizations = container
    .get(ParameterizationRegistry)
    .list()
    .map((p) => ({ id: p.id, description: p.description, available: true }));
  const theorySolvers = container
    .get(TheorySolverRegistry)
    .list()
    .map((s) => ({
      id: s.id,
      parameterization: s.parameterization,
      variants: s.variants,
      description: s.description,
      available: true,
    }));
  const trainers = container
    .get(TrainerRegistry)
    .list()
    .map((t) => ({
      id: t.id,
      parameterizations: parameterizations.map((p) => p.id).filter((id) => t.supports(id)),
      description: t.description,
      available: true,
    }));
  const computeBackends = await Promise.all(
    container
      .get(ComputeBackendRegistry)
      .list()
      .map(async (b) => {
        const availability = await b.probe().catch((error: Error) => ({ available: false, reason: error.message }));
        return {
          id: b.id,
          priority: b.priority,
          description: b.description,
          available: availability.available,
          reason: availability.reason,
        };
      }),
  );
  const experiments = await Promise.all(
    container
      .get(ExperimentRegistry)
      .list()
      .map(async (e) => {
        const availability = await e.availability();
        return {
          id: e.id,
          description: e.title,
          available: availability.available,
          reason: availability.reason,
          parameters: e.parameters.map(describeParameter),
        };
      }),
  );
  const report = { targets, parameterizations, theorySolvers, trainers, computeBackends, experiments };
  if (options.json) {
    printJson(report);
    return;
  }
  const lines: string[] = [];
  for (const [title, entries] of Object.entries(report) as [
    string,
    { id: string; description: string; available: boolean; reason?: string }[],
  ][]) {
    lines.push(`${title}:`);
    if (entries.length === 0) lines.push('  (none registered)');
    else
      lines.push(
        ...table(entries.map((e) => ['  ' + e.id, e.available ? 'available' : `unavailable: ${e.reason ?? ''}`, e.description])),
      );
    lines.push('');
  }
  printLines(lines);
}
