export { BianeConvolution } from './convolution/biane-convolution.js';
export { MarchenkoPasturConvolution } from './convolution/marchenko-pastur-convolution.js';
export { SemicircleFreeConvolution } from './convolution/semicircle-free-convolution.js';
export { SemicircleSubordination } from './convolution/semicircle-subordination.js';
export { ZeroNoiseConvolution } from './convolution/zero-noise-convolution.js';
export {
  eigenvaluesOfMatrix,
  type Histogram,
  histogram,
  learnedEigenvaluesFromFactor,
  singularValuesFromFactor,
} from './empirical/empirical-spectrum.js';
export { ksDistance } from './empirical/kolmogorov-smirnov.js';
export { cosineGaussNodes } from './integrals/cosine-gauss-nodes.js';
export { accumulateDenoiserIntegrals } from './integrals/denoiser-accumulator.js';
export {
  decomposeTestError,
  type ErrorDecomposition,
  type MseDecomposition,
} from './learned/error-decomposition.js';
export { learnedDiagonal } from './learned/learned-diagonal.js';
export { LearnedSpectrum, type SpectrumLaw } from './learned/learned-spectrum.js';
export { type PredictedOutlier, predictOutliers } from './learned/outliers.js';
export { type RecoveredMode, type SequentialRecovery, sequentialRecovery } from './learned/sequential-recovery.js';
export { upperBulkMass } from './learned/upper-bulk-mass.js';
export { solveCubic } from './polynomials/cubic-roots.js';
export { polynomialRoots, realPolynomialRoots } from './polynomials/polynomial-roots.js';
export { spectraModule } from './spectra-module.js';
