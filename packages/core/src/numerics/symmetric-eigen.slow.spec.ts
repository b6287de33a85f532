import { describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { symmetricEigen, symmetricEigenvalues } from './symmetric-eigen.js';

// d = 1000 (divide and conquer for the vectors): the same bounds as the unit tests at d = 400–500.
describe('symmetricEigen at d = 1000', () => {
  it('‖AV − VΛ‖_F ≤ 1e-10‖A‖_F, ‖VᵀV − I‖_F ≤ 1e-10, eigenvalues equal to the QL values-only path to 1e-11', () => {
    const d = 1000;
    const g = Rng.fromSeed(3).fillNormal(new Float64Array(d * d));
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = (g[i * d + j] + g[j * d + i]) / Math.sqrt(2 * d);
    const { values, vectors } = symmetricEigen(a, d);
    const v = vectors as Float64Array;
    let residual2 = 0;
    let orthogonality2 = 0;
    let norm2 = 0;
    for (const x of a) norm2 += x * x;
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += a[i * d + k] * v[j * d + k];
        residual2 += (s - values[j] * v[j * d + i]) ** 2;
      }
      for (let l = 0; l <= j; l++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += v[j * d + k] * v[l * d + k];
        orthogonality2 += (l === j ? 2 : 1) * (s - (l === j ? 1 : 0)) ** 2;
      }
    }
    expect(Math.sqrt(residual2)).toBeLessThan(1e-10 * Math.sqrt(norm2));
    expect(Math.sqrt(orthogonality2)).toBeLessThan(1e-10);
    const only = symmetricEigenvalues(a, d);
    for (let i = 0; i < d; i++) expect(Math.abs(only[i] - values[i])).toBeLessThan(1e-11);
  }, 300_000);
});
