import { type FreeConvolution, requireNumber, type SemicircleConvolution, type SpectralLaw } from '@attention-hd/core';
import { BianeConvolution } from './biane-convolution.js';
import { MarchenkoPasturConvolution } from './marchenko-pastur-convolution.js';
import { ZeroNoiseConvolution } from './zero-noise-convolution.js';

/**
 * Closed forms by law family; each returns undefined when its own accuracy check fails (then the
 * general method is used). Any other law goes through Biane's parametrisation.
 */
const closedForms: Readonly<Record<string, (law: SpectralLaw, delta: number) => SemicircleConvolution | undefined>> = {
  'marchenko-pastur': (law, delta) => {
    const closed = new MarchenkoPasturConvolution(law.family?.parameters.kappa0 as number, delta, law);
    return closed.massError <= 1e-12 ? closed : undefined;
  },
};

/** The `FreeConvolution` service: closed form when the law's family has one, else the general method. */
export class SemicircleFreeConvolution implements FreeConvolution {
  convolveWithSemicircle(law: SpectralLaw, delta: number, options: { method?: 'auto' | 'general' } = {}): SemicircleConvolution {
    requireNumber('delta', delta, { min: 0 });
    if (delta === 0) return new ZeroNoiseConvolution(law);
    const closedForm = law.family === undefined ? undefined : closedForms[law.family.name];
    const closed = (options.method ?? 'auto') === 'auto' && closedForm !== undefined ? closedForm(law, delta) : undefined;
    return closed ?? new BianeConvolution(law, delta);
  }
}
