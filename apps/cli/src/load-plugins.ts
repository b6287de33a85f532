import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ContainerModule, UserError } from '@attention-hd/core';

/**
 * Imports third-party plugin packages given as `--plugin <specifier>` (a package name or a path).
 * A plugin module exports its ContainerModule as the default export or as a named export whose name
 * ends in "Module".
 */
export async function loadPluginModules(specifiers: readonly string[]): Promise<ContainerModule[]> {
  const modules: ContainerModule[] = [];
  for (const specifier of specifiers) {
    const url = pluginSpecifier(specifier);
    let exported: Record<string, unknown>;
    try {
      exported = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw new UserError(`cannot load plugin "${specifier}": ${(error as Error).message}`);
    }
    const candidates = Object.entries(exported).filter(
      ([name, value]) => (name === 'default' || name.endsWith('Module')) && isContainerModule(value),
    );
    if (candidates.length === 0) {
      throw new UserError(`plugin "${specifier}" exports no ContainerModule (default export or a name ending in "Module")`);
    }
    for (const [, value] of candidates) modules.push(value as ContainerModule);
  }
  return modules;
}

function isContainerModule(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { load?: unknown }).load === 'function' && 'id' in value;
}

/** A `--plugin` argument as an import specifier: paths become file URLs, package names stay. */
export function pluginSpecifier(specifier: string): string {
  return specifier.startsWith('.') || specifier.startsWith('/') ? pathToFileURL(resolve(specifier)).href : specifier;
}
