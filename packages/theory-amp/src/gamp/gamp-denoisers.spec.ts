import { Rng } from '@attention-hd/core';
import { describe, expect, it } from 'vitest';
import { FlatSymmetric } from '../channel/flat-symmetric.js';
import { TwoTokenSoftmaxOutput } from '../channel/two-token-softmax-output.js';
import { ErmOutputChannel } from './erm-output-channel.js';
import { SpectralSoftThreshold } from './spectral-soft-threshold.js';

/** The orthonormal Frobenius basis of symmetric d×d matrices: E_ii and (E_ij + E_ji)/√2. */
function symmetricBasis(d: number): Float64Array[] {
  const basis: Float64Array[] = [];
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const E = new Float64Array(d * d);
      const value = i === j ? 1 : Math.SQRT1_2;
      E[i * d + j] = value;
      E[j * d + i] = value;
      basis.push(E);
    }
  }
  return basis;
}

describe('GAMP’s divergences against central differences (docs/theory.md §3.14)', () => {
  it('spectral soft threshold: div η = Σ 1[λ > θ] + Σ_{i<j} (f_i − f_j)/(λ_i − λ_j)', () => {
    const d = 7;
    const rng = Rng.fromSeed(2, 'soft-threshold');
    const R = rng.fillNormal(new Float64Array(d * d));
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) R[i * d + j] = R[j * d + i];
    const prior = new SpectralSoftThreshold(0.05, d);
    const sigmaR = 1; // θ = Σ_r λ̃ d = 0.35: some eigenvalues above, some below
    const out = new Float64Array(d * d);
    const divergence = prior.denoise(R, sigmaR, out);
    const jacobianSquared = prior.jacobianSquared();
    const h = 1e-6;
    let numeric = 0;
    let numericSquared = 0;
    const plus = new Float64Array(d * d);
    const minus = new Float64Array(d * d);
    const basis = symmetricBasis(d);
    for (const E of basis) {
      prior.denoise(
        R.map((r, k) => r + h * E[k]),
        sigmaR,
        plus,
      );
      prior.denoise(
        R.map((r, k) => r - h * E[k]),
        sigmaR,
        minus,
      );
      for (let k = 0; k < d * d; k++) numeric += (E[k] * (plus[k] - minus[k])) / (2 * h);
      // the column ∂η/∂R·E in the same coordinates: ⟨F, (η(R + hE) − η(R − hE))/2h⟩ for every basis F
      for (const F of basis) {
        let entry = 0;
        for (let k = 0; k < d * d; k++) entry += (F[k] * (plus[k] - minus[k])) / (2 * h);
        numericSquared += entry * entry;
      }
    }
    // central differences of a piecewise-smooth map away from its kinks: 1e-6 relative
    expect(Math.abs(divergence - numeric)).toBeLessThan(1e-6 * Math.abs(numeric));
    // ‖∂η/∂R‖²_F (the stability factor's prior part): the same accuracy
    expect(Math.abs(jacobianSquared - numericSquared)).toBeLessThan(1e-6 * numericSquared);
  });

  it('ERM channel: Tr ∂g/∂ω = (Tr (I + V∇²ℓ)⁻¹ − L)/V and ‖∂g/∂ω‖²_F = ‖(I + V∇²ℓ)⁻¹ − I‖²_F/V² per sample', () => {
    const n = 5;
    const flat = new FlatSymmetric(2);
    const rng = Rng.fromSeed(4, 'channel');
    const Y = new Float64Array(n * 4);
    for (let mu = 0; mu < n; mu++) {
      // row-stochastic labels
      for (let a = 0; a < 2; a++) {
        const p = 0.2 + 0.6 * rng.uniform();
        Y[mu * 4 + a * 2] = p;
        Y[mu * 4 + a * 2 + 1] = 1 - p;
      }
    }
    const omega = rng.fillNormal(new Float64Array(n * flat.L));
    const V = 0.7;
    const channel = () => new ErmOutputChannel(new TwoTokenSoftmaxOutput(flat, 1), Y, n);
    const g = new Float64Array(n * flat.L);
    const { jacobianTrace, jacobianSquared, failures } = channel().step(omega, V, g);
    expect(failures).toBe(0);
    const h = 1e-6;
    let numeric = 0;
    let numericSquared = 0;
    for (let i = 0; i < n * flat.L; i++) {
      const up = Float64Array.from(omega);
      const down = Float64Array.from(omega);
      up[i] += h;
      down[i] -= h;
      const gUp = new Float64Array(n * flat.L);
      const gDown = new Float64Array(n * flat.L);
      channel().step(up, V, gUp);
      channel().step(down, V, gDown);
      numeric += (gUp[i] - gDown[i]) / (2 * h);
      // samples are independent: only sample μ = ⌊i/L⌋'s outputs move
      const mu = Math.floor(i / flat.L);
      for (let k = mu * flat.L; k < (mu + 1) * flat.L; k++) numericSquared += ((gUp[k] - gDown[k]) / (2 * h)) ** 2;
    }
    expect(Math.abs(jacobianTrace - numeric)).toBeLessThan(1e-5 * Math.abs(numeric));
    expect(Math.abs((jacobianSquared ?? Number.NaN) - numericSquared)).toBeLessThan(1e-5 * numericSquared);
  });
});
