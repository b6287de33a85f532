import { integrateGaussLegendre } from '@attention-hd/core';
import { expectClose } from '@attention-hd/core/testing';
import { SemicircleFreeConvolution } from '@attention-hd/spectra';
import { marchenkoPasturLaw } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { interpolationThreshold } from './interpolation-threshold.js';
import { bayesOptimalThreshold, directRecoveryThreshold, perfectRecoveryThreshold } from './perfect-recovery-threshold.js';

const freeConvolution = new SemicircleFreeConvolution();

describe('interpolation threshold (Corollary 3.2, docs/theory.md §9 B)', () => {
  // κ₀, Δ, δ̄, ᾱ_interp, α_interp(T = 2)
  const table = [
    [0.5, 0.5, 2.292821, 0.306964, 0.153482],
    [0.2, 0.5, 3.286346, 0.275794, 0.137897],
    [0.8, 0.5, 1.992214, 0.331304, 0.165652],
    [0.05, 0.05, 2.12435, 0.264138, 0.132069],
    [0.5, 1.0, 3.397018, 0.291101, 0.145551],
    [0.5, 0.05, 0.787985, 0.359735, 0.179868],
  ];
  for (const [kappa0, noise, deltaBar, alphaBar, alpha] of table) {
    it(`κ₀ = ${kappa0}, Δ = ${noise}: δ̄ = ${deltaBar}, ᾱ = ${alphaBar}`, () => {
      const result = interpolationThreshold(freeConvolution, marchenkoPasturLaw(kappa0), noise, 2);
      expect(result.status).toBe('converged');
      // the table prints 6 decimals: half a unit of the last one
      expectClose(result.details.deltaBar, deltaBar, { absolute: 5e-6 + 1e-12 }, 'δ̄');
      expectClose(result.alphaBar, alphaBar, { absolute: 5e-7 + 1e-12 }, 'ᾱ_interp');
      expectClose(result.alpha, alpha, { absolute: 5e-7 + 1e-12 }, 'α_interp (T = 2)');
    });
  }

  it('matches the notebook constant 0.3069641786653554 to 1e-6, and scales with T as ᾱ/((T² + T − 2)/2)', () => {
    const law = marchenkoPasturLaw(0.5);
    expectClose(interpolationThreshold(freeConvolution, law, 0.5, 2).alphaBar, 0.3069641786653554, { absolute: 1e-6 }, 'ᾱ');
    expectClose(interpolationThreshold(freeConvolution, law, 0.5, 3).alpha, 0.061393, { absolute: 5e-7 }, 'α (T = 3)');
    expectClose(interpolationThreshold(freeConvolution, law, 0.5, 5).alpha, 0.021926, { absolute: 5e-7 }, 'α (T = 5)');
  });

  it('tends to (1 + 2κ₀ − κ₀²)/4 as Δ → 0⁺', () => {
    for (const kappa0 of [0.2, 0.5, 0.8]) {
      const atZero = interpolationThreshold(freeConvolution, marchenkoPasturLaw(kappa0), 0, 2);
      expectClose(atZero.alphaBar, (1 + 2 * kappa0 - kappa0 * kappa0) / 4, { absolute: 1e-10 }, `Δ = 0, κ₀ = ${kappa0}`);
    }
    // and the slow approach quoted in docs/theory.md §3.9 at κ₀ = 0.5: 0.345, 0.3875, 0.4125 for Δ = 0.1, 0.01, 0.001
    const law = marchenkoPasturLaw(0.5);
    const values = [0.1, 0.01, 0.001].map((noise) => interpolationThreshold(freeConvolution, law, noise, 2).alphaBar);
    expect(values.map((v) => Number(v.toFixed(3)))).toEqual([0.345, 0.388, 0.413]);
  });
});

describe('perfect recovery and the other thresholds of Fig. 2 right (docs/theory.md §9 C)', () => {
  const kappas = [0.01, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 0.8, 0.9];
  const alphaPerf = [0.023142, 0.092007, 0.157572, 0.255562, 0.293942, 0.422175, 0.482761, 0.489198, 0.497405];
  const cValues = [1.493304, 1.118671, 0.903312, 0.656518, 0.571177, 0.291971, 0.121937, 0.094631, 0.044709];

  it('ᾱ_perf(κ₀) and c(κ₀) to 1e-5 (the table)', () => {
    kappas.forEach((kappa0, i) => {
      const result = perfectRecoveryThreshold(kappa0, 2);
      expectClose(result.alphaBar, alphaPerf[i], { absolute: 1e-5 }, `ᾱ_perf(${kappa0})`);
      expectClose(result.details.c, cValues[i], { absolute: 1e-5 }, `c(${kappa0})`);
      expectClose(result.alpha, alphaPerf[i] / 2, { absolute: 5e-6 }, `α_perf(${kappa0}), T = 2`);
    });
    expect(perfectRecoveryThreshold(1, 2).alphaBar).toBe(0.5);
  });

  it('equals half the PSD minimax MSE of soft thresholding (an independent computation)', () => {
    // M_psd(ρ) = min_τ { ρ² + ρτ² + 2ρ(1−ρ) + (1−ρ) ∫(s − τ)₊² dSC_{1−ρ}(s) } (docs/theory.md §3.9)
    const minimax = (rho: number) => {
      const v = 1 - rho;
      const radius = 2 * Math.sqrt(v);
      const tail = (tau: number) =>
        tau >= radius
          ? 0
          : integrateGaussLegendre(
              (theta) => {
                const s = tau + ((radius - tau) * (1 - Math.cos(theta))) / 2;
                return (
                  (s - tau) ** 2 *
                  (Math.sqrt(Math.max(0, radius * radius - s * s)) / (2 * Math.PI * v)) *
                  ((radius - tau) / 2) *
                  Math.sin(theta)
                );
              },
              0,
              Math.PI,
              400,
            );
      const f = (tau: number) => rho * rho + rho * tau * tau + 2 * rho * (1 - rho) + v * tail(tau);
      let [a, b] = [0, radius];
      const phi = (Math.sqrt(5) - 1) / 2;
      for (let i = 0; i < 200; i++) {
        const x1 = b - phi * (b - a);
        const x2 = a + phi * (b - a);
        if (f(x1) < f(x2)) b = x2;
        else a = x1;
      }
      return f((a + b) / 2);
    };
    for (const kappa0 of [0.05, 0.25, 0.5, 0.9]) {
      expectClose(perfectRecoveryThreshold(kappa0, 2).alphaBar, minimax(kappa0) / 2, { absolute: 1e-7 }, `M_psd(${kappa0})/2`);
    }
  });

  it('Bayes-optimal κ₀ − κ₀²/2 and direct ½ (in ᾱ), with α = 2ᾱ/(T² + T − 2)', () => {
    expectClose(bayesOptimalThreshold(0.05, 2).alphaBar, 0.04875, { absolute: 1e-15 }, 'BO 0.05');
    expectClose(bayesOptimalThreshold(0.5, 2).alphaBar, 0.375, { absolute: 1e-15 }, 'BO 0.5');
    expect(bayesOptimalThreshold(1, 2).alphaBar).toBe(0.5);
    expect(directRecoveryThreshold(3).alphaBar).toBe(0.5);
    expect(directRecoveryThreshold(3).alpha).toBe(0.1);
  });
});
