import { ContainerModule, Parameterization, Target } from '@attention-hd/core';
import { MarchenkoPasturTarget } from './mp/marchenko-pastur-target.js';
import { DirectParameterization } from './parameterizations/direct-parameterization.js';
import { FactorizedParameterization } from './parameterizations/factorized-parameterization.js';
import { PowerLawTarget } from './power-law/power-law-target.js';

/** Registers the MP and power-law targets and the factorized and direct parameterizations. */
export const targetsModule = new ContainerModule(({ bind }) => {
  bind(Target).toConstantValue(new MarchenkoPasturTarget());
  bind(Target).toConstantValue(new PowerLawTarget());
  bind(Parameterization).toConstantValue(new FactorizedParameterization());
  bind(Parameterization).toConstantValue(new DirectParameterization());
});
