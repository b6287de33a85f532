import { ContainerModule, Target } from '@attention-hd/core';
import { UniformSpectrumTarget } from './uniform-spectrum-target.js';

/** The one thing a host loads: `createContainer([...standard, uniformSpectrumModule])` or `--plugin`. */
export const uniformSpectrumModule = new ContainerModule(({ bind }) => {
  bind(Target).toConstantValue(new UniformSpectrumTarget());
});
