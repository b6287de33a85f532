import { createContainer, FreeConvolution } from '@attention-hd/core';
import { marchenkoPasturLaw } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { spectraModule } from '../spectra-module.js';
import { upperBulkMass } from './upper-bulk-mass.js';

// δ = √q̂/m̂ and ε = 2λ̃/m̂ from the authors' SE (spectra/theory_spectra.csv, κ₀ = 0.5, λ̃ = 0.01,
// rows α = 4 and α = 40): δ = 0.1674, ε = 0.0043 (one bulk) and δ = 0.0514, ε = 0.0004 (split).
describe('upperBulkMass', () => {
  const convolution = createContainer([spectraModule]).get(FreeConvolution);
  const law = marchenkoPasturLaw(0.5);

  it('is NaN while the learned spectrum is one bulk (α = 4 of Fig. 1)', () => {
    expect(upperBulkMass(convolution.convolveWithSemicircle(law, 0.1674), 0.0043)).toBeNaN();
  });

  it('after the split (α = 40) is the mass κ₀ of the MP bulk, to the O(δ²) leak of the semicircle', () => {
    // as δ → 0, μ_δ → μ₀ = (1 − κ₀)δ₀ + κ₀·(MP bulk), and the gap keeps the two masses apart
    expect(upperBulkMass(convolution.convolveWithSemicircle(law, 0.0514), 0.0004)).toBeCloseTo(0.5, 3);
  });
});
