export { type BackendConformanceOptions, describeBackendConformance } from './backend-conformance.js';
export { referenceDataLoss } from './reference-loss.js';
