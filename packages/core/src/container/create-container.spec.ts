import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import type { Target } from '../contracts/target.js';
import { Target as TargetToken } from '../contracts/target.js';
import { DuplicateIdError } from '../registry/registry.js';
import { createContainer } from './create-container.js';
import { ExperimentRegistry, TargetRegistry } from './registries.js';

const fakeTarget = (id: string): Target => ({
  id,
  description: `fake ${id}`,
  parameters: [],
  create: () => {
    throw new Error('not used');
  },
});

describe('createContainer', () => {
  it('collects contributions from several modules into one registry', () => {
    const a = new ContainerModule(({ bind }) => {
      bind(TargetToken).toConstantValue(fakeTarget('a'));
    });
    const b = new ContainerModule(({ bind }) => {
      bind(TargetToken).toConstantValue(fakeTarget('b'));
    });
    const container = createContainer([a, b]);
    expect(container.get(TargetRegistry).ids()).toEqual(['a', 'b']);
    // An extension point nobody contributed to is an empty registry, not an error.
    expect(container.get(ExperimentRegistry).ids()).toEqual([]);
  });

  it('rejects two plugins that claim the same id', () => {
    const a = new ContainerModule(({ bind }) => {
      bind(TargetToken).toConstantValue(fakeTarget('same'));
    });
    const b = new ContainerModule(({ bind }) => {
      bind(TargetToken).toConstantValue(fakeTarget('same'));
    });
    expect(() => createContainer([a, b]).get(TargetRegistry)).toThrow(DuplicateIdError);
  });
});
