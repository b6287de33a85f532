export {
  type BayesOptimalBranch,
  type BayesOptimalFixedPoint,
  bayesOptimalFixedPoint,
} from './bayes-optimal/bayes-optimal-fixed-point.js';
export { BayesOptimalTestError } from './bayes-optimal/bayes-optimal-test-error.js';
export type { AttentionOutput } from './channel/attention-output.js';
export { ChannelAverager } from './channel/channel-average.js';
export type { ChannelIntegrator } from './channel/channel-integrator.js';
export { createOutput } from './channel/create-output.js';
export { FlatSymmetric } from './channel/flat-symmetric.js';
export { gaussHermite1d, haltonRule, monteCarloRule, productGaussHermite, sobolRule } from './channel/gaussian-rule.js';
export { GenericChannel } from './channel/generic-channel.js';
export { type HatForms, steinWeight } from './channel/hat-estimators.js';
export { IdentityOutput } from './channel/identity-output.js';
export type { ProximalBranch } from './channel/proximal-branch.js';
export { ProximalNewton } from './channel/proximal-newton.js';
export { SOBOL_MAX_DIMS, sobolPoints } from './channel/sobol-sequence.js';
export { SoftmaxOutput } from './channel/softmax-output.js';
export { TestError } from './channel/test-error.js';
export { TwoTokenChannel } from './channel/two-token-channel.js';
export { TwoTokenSoftmaxOutput } from './channel/two-token-softmax-output.js';
export {
  type CrossValidationOptions,
  type CrossValidationResult,
  crossValidateLambda,
} from './cross-validation/cross-validate-lambda.js';
export {
  type ExactLaw,
  type ExactLawAsymptotic,
  type ExactLawAtOptions,
  type ExactLawAtPoint,
  type ExactLawAtPointOptions,
  exactLawAsymptoticError,
  exactLawAt,
  exactLawTestErrorAt,
} from './exact-law/exact-law-at-point.js';
export { ExactLawChannel, type ExactLawHats } from './exact-law/exact-law-channel.js';
export { type EstimatorParts, ExactLawSampler, splitEstimator } from './exact-law/exact-law-sampler.js';
export {
  type ExactLawProblem,
  type ExactLawSeOptions,
  type ExactLawSeResult,
  solveExactLawStateEvolution,
} from './exact-law/exact-law-state-evolution.js';
export {
  type ExactLawInstance,
  type ExactLawOptions,
  type ExactLawTestError,
  exactLawTestError,
} from './exact-law/exact-law-test-error.js';
export { explicitModes, firstModes, LINDEBERG_THRESHOLD, type ModeSplit } from './exact-law/explicit-modes.js';
export { AttentionSensing } from './gamp/attention-sensing.js';
export { BayesOptimalOutputChannel } from './gamp/bayes-optimal-channel.js';
export { ErmOutputChannel } from './gamp/erm-output-channel.js';
export { type GampIterate, type GampOptions, type GampResult, runGamp } from './gamp/gamp.js';
export type { GampChannel, OutputStep } from './gamp/gamp-channel.js';
export { GampErmTrainer } from './gamp/gamp-erm-trainer.js';
export { type GampInstanceResult, type GampPenalty, type GampRequest, solveWithGamp } from './gamp/gamp-instance.js';
export type { GampPrior } from './gamp/gamp-prior.js';
export { posteriorPredictionError } from './gamp/posterior-prediction-error.js';
export { RidgePrior } from './gamp/ridge-prior.js';
export { RiePrior } from './gamp/rie-prior.js';
export { type FormsBackend, NO_BACKEND, selectFormsBackend } from './gamp/sample-forms-backend.js';
export { SpectralSoftThreshold } from './gamp/spectral-soft-threshold.js';
export { type FrobeniusConvention, FrobeniusPrior, frobeniusFactor } from './prior/frobenius-prior.js';
export {
  GoeSamplePrior,
  type HatSpectralMap,
  ridgeMap,
  type SpikedPriorUpdate,
  softThresholdMap,
} from './prior/goe-sample-prior.js';
export { NuclearNormPrior } from './prior/nuclear-norm-prior.js';
export type { Hats, PriorSide, PriorUpdate } from './prior/prior-side.js';
export { rieMmse } from './prior/rie-mmse.js';
export { type AsymptoticTestError, asymptoticTestError } from './scaling/asymptotic-test-error.js';
export { fitPowerLaw, type PowerLawFit } from './scaling/fit-power-law.js';
export { fitScalingRegimes, type ScalingFit } from './scaling/fit-scaling-regimes.js';
export { type LambdaSchedule, lambdaScheduleOf, parseLambdaSchedule } from './scaling/lambda-schedule.js';
export { type ScalingRegime, type ScalingRegimeId, scalingBoundaries, scalingRegime } from './scaling/scaling-regimes.js';
export { BayesOptimalSolver } from './solvers/bayes-optimal-solver.js';
export { DirectStateEvolutionSolver } from './solvers/direct-state-evolution-solver.js';
export { FactorizedStateEvolutionSolver } from './solvers/factorized-state-evolution-solver.js';
export { GoeSampleStateEvolutionSolver } from './solvers/goe-sample-state-evolution-solver.js';
export {
  type CurveContext,
  interpolatingPoint,
  notAResult,
  StateEvolutionSolver,
  type StateEvolutionSolverOptions,
  selectFixedPoint,
} from './solvers/state-evolution-solver.js';
export { type ChannelOptions, setUpChannel } from './state-evolution/channel-setup.js';
export { finiteDTargetEigenvalues, typicalTargetEigenvalues } from './state-evolution/finite-d-target.js';
export { interpolatingLambdaZero, minimumNormDirect } from './state-evolution/interpolating-lambda-zero.js';
export { defaultStarts, type StateEvolutionSolution, solveStateEvolution } from './state-evolution/state-evolution.js';
export { ALPHA_MAX, type ChannelChoice, validateProblem } from './state-evolution/validate-problem.js';
export { theoryAmpModule } from './theory-amp-module.js';
export { alphaBar, alphaFromBar, constraintsPerSample } from './thresholds/effective-sample-ratio.js';
export { interpolationThreshold } from './thresholds/interpolation-threshold.js';
export {
  bayesOptimalThreshold,
  directRecoveryThreshold,
  perfectRecoveryThreshold,
  semicircleIncompleteMoment,
} from './thresholds/perfect-recovery-threshold.js';
export { rankFraction, type ThresholdInputs, type ThresholdKind, thresholdKinds } from './thresholds/threshold-kinds.js';
export type { ThresholdResult } from './thresholds/threshold-result.js';
