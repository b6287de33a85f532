import { describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { eigenResidual } from '../testing/eigen-residual.js';
import { symmetricEigen, symmetricEigenvalues } from './symmetric-eigen.js';

// d = 1000 (divide and conquer for the vectors): the same bounds as the unit tests at d = 400–500.
describe('symmetricEigen at d = 1000', () => {
  it('‖AV − VΛ‖_F ≤ 1e-10‖A‖_F, ‖VᵀV − I‖_F ≤ 1e-10, eigenvalues equal to the QL values-only path to 1e-11', () => {
    const d = 1000;
    const g = Rng.fromSeed(3).fillNormal(new Float64Array(d * d));
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = (g[i * d + j] + g[j * d + i]) / Math.sqrt(2 * d);
    const { values, vectors } = symmetricEigen(a, d);
    const { residual, orthogonality } = eigenResidual(a, d, values, vectors as Float64Array);
    expect(residual).toBeLessThan(1e-10);
    expect(orthogonality).toBeLessThan(1e-10);
    const only = symmetricEigenvalues(a, d);
    for (let i = 0; i < d; i++) expect(Math.abs(only[i] - values[i])).toBeLessThan(1e-11);
  }, 300_000);
});
