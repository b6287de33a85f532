import { createContainer, Rng, TargetRegistry } from '@attention-hd/core';
import { targetsModule } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { uniformSpectrumModule } from './uniform-spectrum-module.js';

describe('a third-party target added by loading one ContainerModule', () => {
  it('sits in the same registry as the standard targets, with no change to core', () => {
    const container = createContainer([targetsModule, uniformSpectrumModule]);
    const registry = container.get(TargetRegistry);
    expect(registry.ids()).toEqual(['mp', 'power-law', 'uniform-spectrum']);
    const model = registry.get('uniform-spectrum').create({ lo: 1, hi: 3 });
    // Closed forms of the uniform law on [1, 3]: mean 2, second moment (1 + 3 + 9)/3 = 13/3.
    expect(model.spectralLaw().moment(1)).toBeCloseTo(2, 14);
    expect(model.q0()).toBeCloseTo(13 / 3, 14);
    const S = model.sample(40, Rng.fromSeed(1)).S;
    let trace = 0;
    for (let i = 0; i < 40; i++) trace += S[i * 40 + i];
    expect(trace / 40).toBeCloseTo(2, 12); // the quantiles average to the mean exactly
  });
});
