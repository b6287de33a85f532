import { ParameterError, type ParameterSpec, type Target } from '@attention-hd/core';
import type { Command } from 'commander';

/**
 * Adds one option per parameter of every registered target (--kappa0, --gamma, …), so a
 * third-party target's parameters reach the command line without changes here.
 */
export function addTargetParameterOptions(command: Command, targets: readonly Target[]): Command {
  const seen = new Map<string, { spec: ParameterSpec; owners: string[] }>();
  for (const target of targets) {
    for (const spec of target.parameters) {
      const entry = seen.get(spec.name) ?? { spec, owners: [] };
      entry.owners.push(target.id);
      seen.set(spec.name, entry);
    }
  }
  for (const [name, { spec, owners }] of seen) {
    const symbol = spec.symbol ? `${spec.symbol}: ` : '';
    const allowed = spec.kind === 'choice' ? ` (${spec.choices.join(' | ')})` : '';
    const fallback = spec.default === undefined ? '' : `; default ${spec.default}`;
    command.option(`--${name} <value>`, `${symbol}${spec.description}${allowed} [target ${owners.join(', ')}${fallback}]`);
  }
  return command;
}

/**
 * The target's parameters as given on the command line (the others are left to the target's
 * defaults). A flag that belongs to another target only is rejected, so a slip never goes unnoticed.
 */
export function targetParameterValues(
  target: Target,
  targets: readonly Target[],
  options: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const own = new Set(target.parameters.map((s) => s.name));
  for (const other of targets) {
    for (const spec of other.parameters) {
      if (!own.has(spec.name) && options[spec.name] !== undefined) {
        const takes = own.size > 0 ? [...own].map((n) => `--${n}`).join(', ') : 'no parameters';
        throw new ParameterError(
          `--${spec.name}`,
          options[spec.name],
          `only with target ${other.id}; target ${target.id} takes ${takes}`,
        );
      }
    }
  }
  const values: Record<string, unknown> = {};
  for (const name of own) if (options[name] !== undefined) values[name] = options[name];
  return values;
}
