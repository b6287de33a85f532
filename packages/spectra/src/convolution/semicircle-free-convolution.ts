import {
  type FreeConvolution,
  hasMarchenkoPasturForm,
  requireNumber,
  type SemicircleConvolution,
  type SpectralLaw,
} from '@attention-hd/core';
import { BianeConvolution } from './biane-convolution.js';
import { MarchenkoPasturConvolution } from './marchenko-pastur-convolution.js';
import { ZeroNoiseConvolution } from './zero-noise-convolution.js';

/**
 * The closed form a law's capabilities allow (docs/theory.md §6.1), or undefined; a closed form
 * whose own accuracy check fails is not used (then Biane's method, §11.2, as for any other law).
 */
function closedForm(law: SpectralLaw, delta: number): SemicircleConvolution | undefined {
  if (!hasMarchenkoPasturForm(law)) return undefined;
  const closed = new MarchenkoPasturConvolution(law.marchenkoPastur.kappa0, delta, law);
  return closed.massError <= 1e-12 ? closed : undefined;
}

/** The `FreeConvolution` service: closed form where the law's capabilities give one, else the general method. */
export class SemicircleFreeConvolution implements FreeConvolution {
  convolveWithSemicircle(law: SpectralLaw, delta: number, options: { method?: 'auto' | 'general' } = {}): SemicircleConvolution {
    requireNumber('delta', delta, { min: 0 });
    if (delta === 0) return new ZeroNoiseConvolution(law);
    const closed = (options.method ?? 'auto') === 'auto' ? closedForm(law, delta) : undefined;
    return closed ?? new BianeConvolution(law, delta);
  }
}
