import { ContainerModule, FreeConvolution } from '@attention-hd/core';
import { SemicircleFreeConvolution } from './convolution/semicircle-free-convolution.js';

/** Binds the free-convolution service (MP closed form, Biane's method for every other law). */
export const spectraModule = new ContainerModule(({ bind }) => {
  bind(FreeConvolution).toConstantValue(new SemicircleFreeConvolution());
});
