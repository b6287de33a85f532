import { createContainer, TargetRegistry, TheorySolverRegistry } from '@attention-hd/core';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { describe, it } from 'vitest';
import { compareLambda001 } from '../fixtures/compare-lambda-001.js';
import type { StateEvolutionSolver } from '../solvers/state-evolution-solver.js';
import { theoryAmpModule } from '../theory-amp-module.js';

describe('SE vs the authors, every α (slow)', () => {
  it('Fig. 1: e_test and training loss within 1 % of the smoothed stored curve at all 128 α', async () => {
    const container = createContainer([targetsModule, spectraModule, theoryAmpModule]);
    const target = container.get(TargetRegistry).get('mp').create({ kappa0: 0.5 });
    const factorized = container.get(TheorySolverRegistry).get('se-factorized') as StateEvolutionSolver;
    await compareLambda001(factorized, { target, noise: 0.5, T: 2, beta: 1, beta0: 1, kappa: 1 }, 1);
  });
});
