export { type RunInStoreOptions, type RunReport, runInStore, writeFigureFiles } from './commands/run-command.js';
export {
  AlphaSweepExperiment,
  type SeriesName,
  type SweepConfig,
  type SweepMetric,
} from './experiments/alpha-sweep-experiment.js';
export { standardSweeps } from './experiments/standard-sweeps.js';
export { loadPluginModules } from './load-plugins.js';
export { buildProgram, main } from './main.js';
export { readResultsCsv } from './run-store/csv-result-sink.js';
export { standardPlugins } from './standard-plugins.js';
