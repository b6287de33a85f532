import {
  type Container,
  ParameterError,
  requireInteger,
  requireOneOf,
  type TargetModel,
  TargetRegistry,
} from '@attention-hd/core';
import { targetParameterValues } from './target-options.js';

/**
 * The target named by --target with its parameters from the command line, and the dimension d its
 * law needs (required for finite-d targets such as the power law; optional otherwise).
 */
export function resolveTarget(
  container: Container,
  options: Readonly<Record<string, unknown>>,
): { model: TargetModel; d: number | undefined } {
  const registry = container.get(TargetRegistry);
  const target = registry.get(requireOneOf('--target', options.target, registry.ids()));
  const model = target.create(targetParameterValues(target, registry.list(), options));
  const d = options.d === undefined ? undefined : requireInteger('--d', options.d, { min: 1, max: 100_000 });
  if (model.finiteDimensional && d === undefined) {
    throw new ParameterError('--d', d, `an integer ≥ 1: target ${model.targetId} has a finite-d law, give the dimension`);
  }
  return { model, d };
}
