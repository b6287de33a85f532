export { eigenResidual } from './eigen-residual.js';
export { expectClose, type Tolerance } from './expect-close.js';
export { describeExperimentConformance, type ExperimentConformanceOptions } from './experiment-conformance.js';
export { formatComparison, formatSeconds, type Measurement, measure } from './measure.js';
export { describeTargetConformance, type TargetConformanceOptions } from './target-conformance.js';
