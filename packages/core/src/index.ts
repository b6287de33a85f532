// Contracts and their tokens (interface + same-name token).

export type { Container, ServiceIdentifier } from 'inversify';
// Re-exported so plugins build ContainerModules against the same inversify copy.
export { ContainerModule, inject, injectable, multiInject, optional } from 'inversify';
// Container and registries.
export { type ContainerOptions, createContainer } from './container/create-container.js';
export * from './container/registries.js';
export * from './contracts/compute-backend.js';
export * from './contracts/experiment.js';
export * from './contracts/free-convolution.js';
export * from './contracts/parameterization.js';
export * from './contracts/progress-reporter.js';
export * from './contracts/result-sink.js';
export * from './contracts/score-form.js';
export * from './contracts/target.js';
export * from './contracts/theory-solver.js';
export * from './contracts/trainer.js';
// Errors and parameters.
export { ParameterError } from './errors/parameter-error.js';
export { UnknownIdError } from './errors/unknown-id-error.js';
export { isUserError, UserError } from './errors/user-error.js';
export { type ExperimentRun, type RunOptions, runExperiment } from './experiments/run-experiment.js';
export { andersonStep } from './numerics/anderson-step.js';
// Numerics.
export { type BrentOptions, brentRoot, expandBracket } from './numerics/brent.js';
export { choleskyFactor, choleskySolve } from './numerics/cholesky.js';
export * from './numerics/complex.js';
export { type FixedPointOptions, type FixedPointResult, solveFixedPoint } from './numerics/fixed-point.js';
export { gaussLegendre, integrateGaussLegendre, type QuadratureRule } from './numerics/gauss-legendre.js';
export { type GoldenSectionOptions, type GoldenSectionResult, goldenSectionSearch } from './numerics/golden-section.js';
export { linspace, logspace } from './numerics/grid.js';
export { matmul, matmulTransposeA, matmulTransposeB, trace, traceOfProduct } from './numerics/matmul.js';
export { normalQuantile } from './numerics/normal-quantile.js';
export type { SolverResult, SolverStatus, SolverStatusCode } from './numerics/solver-status.js';
export { logGamma, regularizedIncompleteBeta, studentTQuantile } from './numerics/student-t-quantile.js';
export { type SymmetricEigenResult, symmetricEigen, symmetricEigenvalues } from './numerics/symmetric-eigen.js';
export {
  closestNames,
  describeParameter,
  editDistance,
  type ParameterDescription,
} from './parameters/describe-parameters.js';
export {
  defineParameters,
  type ParameterSchema,
  type SchemaEntry,
  type SchemaInput,
  type SchemaValue,
  type SchemaValues,
  type TypedParameters,
} from './parameters/parameter-schema.js';
export { type ParameterSpec, type ParameterValues, parseNumberList, resolveParameters } from './parameters/parameter-spec.js';
export { describeRange, isInRange, type NumberRange } from './parameters/range.js';
export { formatBytes, requireMemory } from './parameters/require-memory.js';
export { requireBoolean, requireInteger, requireNumber, requireOneOf, requireText } from './parameters/validate.js';
// Random numbers.
export { deriveStateWords, hashLabel, type SeedLabel } from './random/derive-seed.js';
export { haarOrthogonal } from './random/haar-orthogonal.js';
export { Rng, type RngState } from './random/rng.js';
export { sampleGoe } from './random/sample-goe.js';
export { DuplicateIdError, type Identified, Registry } from './registry/registry.js';
// Spectral laws.
export { atomicLaw } from './spectral/atomic-law.js';
export {
  type Atoms,
  hasMarchenkoPasturForm,
  type Interval,
  type MarchenkoPasturForm,
  type SpectralLaw,
  supportBounds,
} from './spectral/spectral-law.js';
