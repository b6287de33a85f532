export {
  type BackendConformanceOptions,
  type ConformanceCase,
  describeBackendConformance,
  standardConformanceCases,
} from './backend-conformance.js';
export { referenceDataLoss } from './reference-loss.js';
