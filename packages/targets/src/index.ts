export {
  type ComparedValue,
  type DataModelStatistics,
  type DataModelStatisticsRequest,
  dataModelStatistics,
} from './data-model/data-model-statistics.js';
export { type Dataset, type DatasetRequest, datasetBytes, generateDataset, type OutputKind } from './data-model/dataset.js';
export { sampleLabelNoise } from './data-model/label-noise.js';
export {
  PreActivationWorkspace,
  preActivationsFromFactor,
  preActivationsFromMatrix,
} from './data-model/pre-activations.js';
export { softmaxRows } from './data-model/softmax.js';
export { marchenkoPasturLaw } from './mp/marchenko-pastur-law.js';
export { MarchenkoPasturTarget, sampleMarchenkoPastur } from './mp/marchenko-pastur-target.js';
export { DirectParameterization } from './parameterizations/direct-parameterization.js';
export { FactorizedParameterization } from './parameterizations/factorized-parameterization.js';
export { packedIndex, packedLength, packSymmetric, unpackSymmetric } from './parameterizations/packed-symmetric.js';
export { type PowerLawNormalization, PowerLawTarget, powerLawEigenvalues, samplePowerLaw } from './power-law/power-law-target.js';
export { targetsModule } from './targets-module.js';
