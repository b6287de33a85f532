export { uniformSpectrumLaw } from './uniform-spectrum-law.js';
export { uniformSpectrumModule } from './uniform-spectrum-module.js';
export { UniformSpectrumTarget } from './uniform-spectrum-target.js';
