import { describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { eigenResidual } from '../testing/eigen-residual.js';
import { symmetricEigen, symmetricEigenvalues } from './symmetric-eigen.js';

function randomSymmetric(d: number, seed: number): Float64Array {
  const g = Rng.fromSeed(seed).fillNormal(new Float64Array(d * d));
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = (g[i * d + j] + g[j * d + i]) / Math.sqrt(2 * d);
  return a;
}

describe('symmetricEigen', () => {
  it('has the closed-form spectrum of the tridiagonal Toeplitz matrix tridiag(−1, 2, −1)', () => {
    // Eigenvalues 2 − 2 cos(kπ/(n+1)), k = 1..n.
    const n = 50;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i > 0) a[i * n + i - 1] = -1;
      if (i < n - 1) a[i * n + i + 1] = -1;
    }
    const { values } = symmetricEigen(a, n);
    for (let k = 1; k <= n; k++) {
      expect(Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (n + 1))))).toBeLessThan(1e-13);
    }
  });

  it('handles diagonal, zero and 1×1 matrices', () => {
    expect(Array.from(symmetricEigen(Float64Array.of(3, 0, 0, -1), 2).values)).toEqual([-1, 3]);
    expect(Array.from(symmetricEigen(new Float64Array(9), 3).values)).toEqual([0, 0, 0]);
    expect(Array.from(symmetricEigen(Float64Array.of(5), 1).values)).toEqual([5]);
  });

  it('at d = 400: ‖AV − VΛ‖_F ≤ 1e-10‖A‖_F and ‖VᵀV − I‖_F ≤ 1e-10', () => {
    const d = 400;
    const a = randomSymmetric(d, 1);
    const { values, vectors } = symmetricEigen(a, d);
    const { residual, orthogonality } = eigenResidual(a, d, values, vectors as Float64Array);
    expect(residual).toBeLessThan(1e-10);
    expect(orthogonality).toBeLessThan(1e-10);
    // Eigenvalues only: the same numbers as the full decomposition.
    const only = symmetricEigenvalues(a, d);
    for (let i = 0; i < d; i++) expect(Math.abs(only[i] - values[i])).toBeLessThan(1e-11);
    // The trace is preserved.
    let traceA = 0;
    let traceL = 0;
    for (let i = 0; i < d; i++) {
      traceA += a[i * d + i];
      traceL += values[i];
    }
    expect(Math.abs(traceA - traceL)).toBeLessThan(1e-10);
  });

  // From d = 65 on the vectors come from divide and conquer (tridiagonal-divide-conquer.ts): its
  // deflation paths (repeated and clustered eigenvalues, a split tridiagonal) against the same
  // residual and orthogonality bounds, and eigenvalues against a closed form or the QL.
  function residualAndOrthogonality(a: Float64Array, d: number) {
    const { values, vectors } = symmetricEigen(a, d);
    return { ...eigenResidual(a, d, values, vectors as Float64Array), values };
  }

  it('divide and conquer: tridiag(−1, 2, −1) at d = 200 to its closed form, orthogonal vectors', () => {
    const n = 200;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i > 0) a[i * n + i - 1] = -1;
      if (i < n - 1) a[i * n + i + 1] = -1;
    }
    const { residual, orthogonality, values } = residualAndOrthogonality(a, n);
    expect(residual).toBeLessThan(1e-12);
    expect(orthogonality).toBeLessThan(1e-11);
    for (let k = 1; k <= n; k++)
      expect(Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (n + 1))))).toBeLessThan(1e-12);
  });

  it('divide and conquer deflates: a rank-3 matrix plus I (eigenvalue 1 of multiplicity 147), a split tridiagonal, a diagonal', () => {
    const d = 150;
    const u = Rng.fromSeed(5).fillNormal(new Float64Array(3 * d));
    const lowRank = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let s = i === j ? 1 : 0;
        for (let r = 0; r < 3; r++) s += (u[r * d + i] * u[r * d + j]) / d;
        lowRank[i * d + j] = s;
      }
    }
    const low = residualAndOrthogonality(lowRank, d);
    expect(low.residual).toBeLessThan(1e-12);
    expect(low.orthogonality).toBeLessThan(1e-11);
    for (let i = 0; i < d - 3; i++) expect(Math.abs(low.values[i] - 1)).toBeLessThan(1e-12);
    // two decoupled tridiagonal blocks (a zero coupling where the recursion splits: ρ = 0)
    const split = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      split[i * d + i] = i < d / 2 ? 1 : 3;
      if (i > 0 && i !== d / 2) {
        split[i * d + i - 1] = 0.5;
        split[(i - 1) * d + i] = 0.5;
      }
    }
    const blocks = residualAndOrthogonality(split, d);
    expect(blocks.residual).toBeLessThan(1e-12);
    expect(blocks.orthogonality).toBeLessThan(1e-11);
    const diagonal = new Float64Array(d * d);
    for (let i = 0; i < d; i++) diagonal[i * d + i] = (i * 7919) % 13;
    const diag = residualAndOrthogonality(diagonal, d);
    expect(diag.residual).toBeLessThan(1e-14);
    expect(Array.from(diag.values)).toEqual(Array.from({ length: d }, (_, i) => (i * 7919) % 13).sort((x, y) => x - y));
  });

  // d = 500 here (the check itself is 2d³ flops); d = 1000 in symmetric-eigen.slow.spec.ts
  it('divide and conquer at d = 500: residual and orthogonality ≤ 1e-10', () => {
    const d = 500;
    const a = randomSymmetric(d, 3);
    const { residual, orthogonality, values } = residualAndOrthogonality(a, d);
    expect(residual).toBeLessThan(1e-10);
    expect(orthogonality).toBeLessThan(1e-10);
    // eigenvalues of the vectors path (divide and conquer) against the values-only path (QL)
    const only = symmetricEigenvalues(a, d);
    for (let i = 0; i < d; i++) expect(Math.abs(only[i] - values[i])).toBeLessThan(1e-11);
  }, 120_000);

  it('rejects non-finite input', () => {
    expect(() => symmetricEigen(Float64Array.of(Number.NaN), 1)).toThrow(RangeError);
  });
});
