export { loadPluginModules } from './load-plugins.js';
export { buildProgram, main } from './main.js';
export { standardPlugins } from './standard-plugins.js';
