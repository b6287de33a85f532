export { experimentsModule } from './experiments-module.js';
export { renderFigure } from './figures/render-figure.js';
export { findReferenceDirectory, referenceAgreement, referenceRows } from './reference/reference-overlay.js';
export {
  AlphaSweepExperiment,
  type SeriesName,
  type SweepConfig,
  type SweepMetric,
} from './standard/alpha-sweep-experiment.js';
export { standardSweeps } from './standard/standard-sweeps.js';
export { writeFileAtomic } from './store/atomic-write.js';
export { CsvResultSink, readResultsCsv, writeResultsCsv } from './store/csv-result-sink.js';
export { packageVersions } from './store/package-versions.js';
export { openRunDirectory } from './store/run-directory.js';
export { type RunInStoreOptions, type RunReport, runInStore, writeFigureFiles } from './store/run-in-store.js';
