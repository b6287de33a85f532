import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ParameterValues } from '@attention-hd/core';

export interface RunDirectory {
  readonly path: string;
  /** true when an earlier run with the same configuration is continued */
  readonly resumed: boolean;
  readonly configHash: string;
}

/**
 * `<root>/<experiment>/<timestamp>-<confighash>/`. The hash covers the experiment id, its resolved
 * parameters and everything else that changes the numbers (the compute backend asked for: float32
 * and float64 rows never share a directory) — not versions or machine, so a re-run after an upgrade
 * still resumes. Without `force` the newest directory with the same hash that holds a config.json
 * is continued (one a failed start left empty is not); with it a new one starts.
 */
export function openRunDirectory(
  root: string,
  experimentId: string,
  parameters: ParameterValues,
  force: boolean,
  now = new Date(),
  settings: Readonly<Record<string, string>> = {},
): RunDirectory {
  const configHash = hashConfig(experimentId, parameters, settings);
  const parent = join(root, experimentId);
  if (!force && existsSync(parent)) {
    const previous = readdirSync(parent)
      .filter((name) => name.endsWith(`-${configHash}`) && existsSync(join(parent, name, 'config.json')))
      .sort();
    const latest = previous.at(-1);
    if (latest !== undefined) return { path: join(parent, latest), resumed: true, configHash };
  }
  let path = join(parent, `${timestamp(now)}-${configHash}`);
  for (let k = 2; existsSync(path); k++) path = join(parent, `${timestamp(now)}.${k}-${configHash}`);
  return { path, resumed: false, configHash };
}

export function hashConfig(
  experimentId: string,
  parameters: ParameterValues,
  settings: Readonly<Record<string, string>> = {},
): string {
  const sorted = Object.fromEntries(Object.entries(parameters).sort(([a], [b]) => a.localeCompare(b)));
  // settings join the hash only when given, so directories made before they existed still resume
  const extra = Object.keys(settings).length > 0 ? { settings: Object.fromEntries(Object.entries(settings).sort()) } : {};
  return createHash('sha256')
    .update(JSON.stringify({ experiment: experimentId, parameters: sorted, ...extra }))
    .digest('hex')
    .slice(0, 10);
}

function timestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}
