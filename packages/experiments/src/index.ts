export { experimentsModule } from './experiments-module.js';
export { checkFigure, type FigureProblem } from './figures/check-figure.js';
export { renderFigure } from './figures/render-figure.js';
export {
  DefinedExperiment,
  defineExperiment,
  type ExperimentDefinition,
  type MethodContext,
  type Services,
  type Unit,
  type UnitValues,
  unitKey,
} from './framework/define-experiment.js';
export { type TidySummary, tidySummary } from './framework/tidy-summary.js';
export { QueueRunner } from './queue/queue-coordinator.js';
export { type QueueWorkerOptions, startQueueWorker } from './queue/queue-worker.js';
export { findReferenceDirectory, referenceAgreement, referenceRows } from './reference/reference-overlay.js';
export { type ReportRun, readReportRun, renderReport, writeReport } from './report/html-report.js';
export {
  AlphaSweepExperiment,
  alphaSweep,
  type SeriesName,
  type SweepConfig,
  type SweepMetric,
  type SweepSchema,
} from './standard/alpha-sweep-experiment.js';
export { standardSweeps } from './standard/standard-sweeps.js';
export { StoreIoError, writeFileAtomic } from './store/atomic-write.js';
export { compareRuns, type PointDeviation, type RunComparison } from './store/compare-runs.js';
export {
  CsvResultSink,
  type Damage,
  ResultsDamagedError,
  readResults,
  readResultsCsv,
  writeResultsCsv,
} from './store/csv-result-sink.js';
export { listRuns, type RunStatus, type RunSummary } from './store/list-runs.js';
export { type MergeReport, mergeRuns } from './store/merge-runs.js';
export { packageVersions } from './store/package-versions.js';
export { type Provenance, provenance } from './store/provenance.js';
export { openRunDirectory } from './store/run-directory.js';
export { type RunInStoreOptions, type RunReport, runInStore, writeFigureFiles } from './store/run-in-store.js';
export { RunLockedError } from './store/run-lock.js';
