import { describe, expect, it } from 'vitest';
import { brentRoot, expandBracket } from './brent.js';
import { solveFixedPoint } from './fixed-point.js';
import { gaussLegendre, integrateGaussLegendre } from './gauss-legendre.js';
import { matmul, matmulTransposeA, matmulTransposeB } from './matmul.js';

describe('Gauss–Legendre', () => {
  it('has the closed-form two- and three-point rules', () => {
    // n = 2: ±1/√3, weights 1; n = 3: 0, ±√(3/5), weights 8/9, 5/9.
    const two = gaussLegendre(2);
    expect(two.nodes[1]).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(two.weights[0]).toBeCloseTo(1, 15);
    const three = gaussLegendre(3);
    expect(three.nodes[2]).toBeCloseTo(Math.sqrt(3 / 5), 15);
    expect(three.weights[1]).toBeCloseTo(8 / 9, 15);
  });

  it('integrates polynomials of degree 2n−1 exactly and smooth functions to round-off', () => {
    for (const n of [5, 20, 100, 1000]) {
      const degree = 2 * n - 1;
      // ∫_{-1}^{1} x^{2k} = 2/(2k+1); use degree 2n−2 (even) to have a nonzero value.
      const value = integrateGaussLegendre((x) => x ** (degree - 1), -1, 1, n);
      expect(Math.abs(value - 2 / degree)).toBeLessThan(1e-13);
      let weightSum = 0;
      for (const w of gaussLegendre(n).weights) weightSum += w;
      expect(Math.abs(weightSum - 2)).toBeLessThan(1e-13);
    }
    expect(Math.abs(integrateGaussLegendre(Math.exp, 0, 1, 30) - (Math.E - 1))).toBeLessThan(1e-15);
  });
});

describe('Brent', () => {
  it('finds closed-form roots to 1e-14', () => {
    const cubeRoot = brentRoot((x) => x ** 3 - 2, 0, 2);
    expect(cubeRoot.status).toBe('converged');
    expect(Math.abs(cubeRoot.values - Math.cbrt(2))).toBeLessThan(1e-14);
    const piOver2 = brentRoot(Math.cos, 1, 2);
    expect(Math.abs(piOver2.values - Math.PI / 2)).toBeLessThan(1e-14);
  });

  it('reports a missing sign change instead of a number', () => {
    const result = brentRoot((x) => x * x + 1, -1, 1);
    expect(result.status).toBe('no-bracket');
    expect(Number.isNaN(result.values)).toBe(true);
  });

  it('expands a bracket geometrically', () => {
    const bracket = expandBracket((x) => x - 100, 0, 1);
    expect(bracket).not.toBeNull();
    const [a, b] = bracket as [number, number];
    expect(a <= 100 && b >= 100).toBe(true);
  });
});

describe('solveFixedPoint', () => {
  it('solves x = cos x (the Dottie number, 0.7390851332151607)', () => {
    const result = solveFixedPoint((x) => Float64Array.of(Math.cos(x[0])), [1], { tolerance: 1e-14 });
    expect(result.status).toBe('converged');
    expect(Math.abs(result.values[0] - 0.7390851332151607)).toBeLessThan(1e-13);
  });

  it('solves a linear contraction; Anderson needs fewer iterations than damping alone', () => {
    // x = A x + b with A = [[0.9, 0.05], [0.02, 0.85]]: solution (I − A)⁻¹ b by Cramer's rule.
    const A = [0.9, 0.05, 0.02, 0.85];
    const b = [1, 2];
    const map = (x: Float64Array) => Float64Array.of(A[0] * x[0] + A[1] * x[1] + b[0], A[2] * x[0] + A[3] * x[1] + b[1]);
    const det = (1 - A[0]) * (1 - A[3]) - A[1] * A[2];
    const exact = [((1 - A[3]) * b[0] + A[1] * b[1]) / det, (A[2] * b[0] + (1 - A[0]) * b[1]) / det];
    const plain = solveFixedPoint(map, [0, 0], { acceleration: 'none', damping: 1, tolerance: 1e-12, maxIterations: 5000 });
    const anderson = solveFixedPoint(map, [0, 0], { acceleration: 'anderson', damping: 1, tolerance: 1e-12 });
    for (const result of [plain, anderson]) {
      expect(result.status).toBe('converged');
      expect(Math.abs(result.values[0] - exact[0]) / exact[0]).toBeLessThan(1e-10);
      expect(Math.abs(result.values[1] - exact[1]) / exact[1]).toBeLessThan(1e-10);
    }
    expect(anderson.iterations).toBeLessThan(plain.iterations / 5);
  });

  it('reports divergence, NaN and the iteration cap with the residual', () => {
    const diverging = solveFixedPoint((x) => Float64Array.of(3 * x[0] + 1), [1], {
      acceleration: 'none',
      damping: 1,
      maxIterations: 100,
    });
    expect(diverging.status).toBe('diverged');
    const nan = solveFixedPoint(() => Float64Array.of(Number.NaN), [1]);
    expect(nan.status).toBe('nan');
    const slow = solveFixedPoint((x) => Float64Array.of(0.999 * x[0] + 0.001), [0], { acceleration: 'none', maxIterations: 10 });
    expect(slow.status).toBe('max-iterations');
    expect(slow.iterations).toBe(10);
    expect(slow.residual).toBeGreaterThan(0);
  });
});

describe('matmul', () => {
  const naive = (a: number[], b: number[], m: number, k: number, n: number) => {
    const c = new Array(m * n).fill(0);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) c[i * n + j] += a[i * k + p] * b[p * n + j];
    return c;
  };
  const random = (size: number, seed: number) => Array.from({ length: size }, (_, i) => Math.sin(seed * 1000 + i * 1.7));

  it('agrees with the naive triple loop, including ragged sizes', () => {
    for (const [m, k, n] of [
      [7, 5, 3],
      [9, 13, 11],
      [1, 1, 1],
    ]) {
      const a = random(m * k, 1);
      const b = random(k * n, 2);
      const expected = naive(a, b, m, k, n);
      const c = matmul(Float64Array.from(a), Float64Array.from(b), m, k, n);
      // B transposed: bt[j*k + p] = b[p*n + j]
      const bt = Array.from({ length: n * k }, (_, idx) => b[(idx % k) * n + Math.floor(idx / k)]);
      const ct = matmulTransposeB(Float64Array.from(a), Float64Array.from(bt), m, k, n);
      const at = Array.from({ length: k * m }, (_, idx) => a[(idx % m) * k + Math.floor(idx / m)]);
      const cta = matmulTransposeA(Float64Array.from(at), Float64Array.from(b), k, m, n);
      for (let i = 0; i < m * n; i++) {
        expect(Math.abs(c[i] - expected[i])).toBeLessThan(1e-12);
        expect(Math.abs(ct[i] - expected[i])).toBeLessThan(1e-12);
        expect(Math.abs(cta[i] - expected[i])).toBeLessThan(1e-12);
      }
    }
  });
});

describe('solveFixedPoint backtracking', () => {
  it('backs off from proposals outside the domain of G instead of failing', () => {
    // G(x) = 2√x has the fixed point 4 and is undefined (NaN) for x < 0. An over-relaxed first step
    // from x = 100 lands at x < 0: without backtracking that is reported as 'nan', with it the
    // iteration recovers and converges.
    const map = (x: Float64Array) => Float64Array.of(x[0] >= 0 ? 2 * Math.sqrt(x[0]) : Number.NaN);
    const overRelaxed = { acceleration: 'none' as const, damping: 1, tolerance: 1e-12 };
    const start = [100];
    const stretched = (x: Float64Array) => {
      const g = map(x);
      return Float64Array.of(x[0] + 1.9 * (g[0] - x[0]));
    };
    expect(solveFixedPoint(stretched, start, { ...overRelaxed, backtracking: 0 }).status).toBe('nan');
    const result = solveFixedPoint(stretched, start, overRelaxed);
    expect(result.status).toBe('converged');
    expect(Math.abs(result.values[0] - 4)).toBeLessThan(1e-10);
  });
});

describe('solveFixedPoint stall handling', () => {
  it('breaks a two-cycle by halving the damping when asked (stallIterations), and reports it otherwise', () => {
    // G(x) = 4 − 3x (fixed point 1): the damped step with β = 1/2 is x ← 2 − x, a two-cycle from
    // any start but 1; at β = 1/4 it lands on 1 exactly.
    const map = (x: Float64Array) => Float64Array.of(4 - 3 * x[0]);
    const options = { acceleration: 'none', damping: 0.5, tolerance: 1e-12, maxIterations: 200 } as const;
    const cycling = solveFixedPoint(map, [0], options);
    expect(cycling.status).toBe('max-iterations');
    const rescued = solveFixedPoint(map, [0], { ...options, stallIterations: 10 });
    expect(rescued.status).toBe('converged');
    expect(rescued.values[0]).toBeCloseTo(1, 12);
  });
});
