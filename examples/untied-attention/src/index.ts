export { untiedAttentionModule } from './untied-module.js';
export { UntiedParameterization } from './untied-parameterization.js';
export { untiedVsTied } from './untied-vs-tied.js';
