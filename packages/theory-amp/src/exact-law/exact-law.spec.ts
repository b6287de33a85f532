import { Rng } from '@attention-hd/core';
import { SemicircleFreeConvolution } from '@attention-hd/spectra';
import { MarchenkoPasturTarget, PowerLawTarget } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { plainMonteCarlo, scaledTarget } from '../fixtures/plain-monte-carlo.js';
import { FactorizedStateEvolutionSolver } from '../solvers/factorized-state-evolution-solver.js';
import { setUpChannel } from '../state-evolution/channel-setup.js';
import { typicalTargetEigenvalues } from '../state-evolution/finite-d-target.js';
import { validateProblem } from '../state-evolution/validate-problem.js';
import { exactLawAsymptoticError, exactLawTestErrorAt } from './exact-law-at-point.js';
import { exactLawTestError } from './exact-law-test-error.js';
import { explicitModes, LINDEBERG_THRESHOLD } from './explicit-modes.js';

const powerLaw = new PowerLawTarget().create({ gamma: 0.75 });
const channel = { T: 2, beta: 1, beta0: 1, noise: 0.5 };

function powerLawModes(d: number): Float64Array {
  return Float64Array.from(powerLaw.spectralLaw(d).atoms.positions);
}

describe('the explicit modes (docs/theory.md §5.4)', () => {
  it('keeps the smallest K after which no mode carries more than θ of the rest', () => {
    for (const d of [20, 100, 200, 400]) {
      const s = powerLawModes(d);
      const { explicit, rest, lindebergRatio } = explicitModes(s);
      expect(explicit.length + rest.length).toBe(d);
      expect(lindebergRatio).toBeLessThanOrEqual(LINDEBERG_THRESHOLD);
      if (explicit.length > 0 && rest.length > 0) {
        // one mode fewer would break the rule
        const withPrevious = [explicit[explicit.length - 1], ...rest];
        const variance = withPrevious.reduce((a, i) => a + s[i] ** 2, 0);
        expect(s[withPrevious[0]] ** 2 / variance).toBeGreaterThan(LINDEBERG_THRESHOLD);
      }
    }
    // equal eigenvalues at d = 200: each carries 1/200 ≤ θ, nothing is explicit
    expect(explicitModes(new Float64Array(200).fill(1)).explicit).toEqual([]);
    // one spike on a flat rest: the spike only
    const spiked = new Float64Array(200).fill(1);
    spiked[7] = 30;
    expect(explicitModes(spiked).explicit).toEqual([7]);
  });
});

describe('e_test under the exact token law', () => {
  it('with K = 0 is the Gaussian channel of the same (Q₀, m, q)', () => {
    // Ŝ = 0.9 S₀, power law at d = 100: m = 0.9 Q₀, q = 0.81 Q₀; both Monte Carlo, 3 combined s.e.
    const d = 100;
    const s = powerLawModes(d);
    const c = 0.9;
    const exact = exactLawTestError({ s, estimator: scaledTarget(s, c), ...channel }, { modes: 0, samples: 200_000 });
    const problem = validateProblem({ target: powerLaw, d, alpha: 1, lambdaTilde: 0.01, kappa: 1, ...channel });
    const q0 = powerLaw.spectralLaw(d).moment(2);
    const gaussian = setUpChannel(problem, q0, { samples: 65536 }).testError(c * c * q0, c * q0);
    expect(exact.modes).toBe(0);
    expect(Math.abs(exact.value - gaussian.value)).toBeLessThan(3 * Math.hypot(exact.standardError, gaussian.standardError));
  });

  it.each([
    { T: 3, channel: 'softmax' as const },
    { T: 2, channel: 'identity' as const },
  ])('with K = 0 is the Gaussian channel also at T = $T, $channel output', ({ T, channel: kind }) => {
    // the flat coordinates (√2 on the diagonal), the label noise and the T-token softmax of the
    // exact-law sampler against the channel's own nodes, at Ŝ = 0.8 S₀ (power law, d = 60)
    const d = 60;
    const s = powerLawModes(d);
    const c = 0.8;
    const settings = { ...channel, T, channel: kind };
    const exact = exactLawTestError({ s, estimator: scaledTarget(s, c), ...settings }, { modes: 0, samples: 100_000 });
    const problem = validateProblem({ target: powerLaw, d, alpha: 1, lambdaTilde: 0.01, kappa: 1, ...settings });
    const q0 = powerLaw.spectralLaw(d).moment(2);
    const gaussian = setUpChannel(problem, q0, { samples: 65536 }).testError(c * c * q0, c * q0);
    expect(Math.abs(exact.value - gaussian.value)).toBeLessThan(3 * Math.hypot(exact.standardError, gaussian.standardError));
  });

  it('identity output: e_test = 6‖S₀ − Ŝ‖²_F/d + 3Δ at T = 2 under any token law (second moments only), for cS₀ and a dense Ŝ', () => {
    // Σ_ab E[((1 − c)H⁰_ab + N_ab)²] with Var H⁰ = Q₀ off the diagonal (2 entries), 2Q₀ on it (2), and
    // the noise Δ/2 off, Δ on: (1 − c)²Q₀(2 + 4) + Δ(1 + 2)
    const d = 60;
    const s = powerLawModes(d);
    const c = 0.8;
    const q0 = s.reduce((a, v) => a + v * v, 0) / d;
    const expected = 6 * (1 - c) ** 2 * q0 + 3 * channel.noise;
    const settings = { ...channel, channel: 'identity' as const };
    for (const modes of [0, undefined]) {
      const e = exactLawTestError({ s, estimator: scaledTarget(s, c), ...settings }, { modes, samples: 100_000 });
      expect(Math.abs(e.value - expected)).toBeLessThan(3 * e.standardError);
    }
    // a dense Ŝ (0.8 S₀ plus a symmetric Gaussian matrix): h⁰ − h = h(S₀ − Ŝ) is linear in the
    // difference, so e_test = 6‖S₀ − Ŝ‖²_F/d + 3Δ; this exercises the cross term l and the B block
    const rng = Rng.fromSeed(5, 'dense-estimator');
    const dense = scaledTarget(s, c);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        const x = 0.3 * rng.normal();
        dense[i * d + j] += x;
        if (j !== i) dense[j * d + i] += x;
      }
    }
    let distance = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) distance += ((i === j ? s[i] : 0) - dense[i * d + j]) ** 2;
    const denseExpected = (6 * distance) / d + 3 * channel.noise;
    // K = 8 of d = 60 (the rule keeps all 60 here): 52 modes in the Gaussian rest and the cross term
    const e = exactLawTestError({ s, estimator: dense, ...settings }, { modes: 8, samples: 100_000 });
    expect(Math.abs(e.value - denseExpected)).toBeLessThan(3 * e.standardError);
  }, 30_000);

  it.each([100, 200])(
    'of Ŝ = c∞S₀ is within 0.5 % of a plain Monte Carlo over real tokens, and > 3 % above the Gaussian channel (power law, d = $0)',
    (d) => {
      const s = powerLawModes(d);
      const { scale } = exactLawAsymptoticError(
        { target: powerLaw, d, alpha: 1, lambdaTilde: 0, kappa: 1, ...channel },
        { samples: 10_000 },
      );
      expect(scale).toBeGreaterThan(0.8);
      expect(scale).toBeLessThan(0.95);
      const exact = exactLawTestError({ s, estimator: scaledTarget(s, scale), ...channel }, { samples: 2_000_000, seed: 3 });
      const plain = plainMonteCarlo(s, scale, 1_000_000, 11, channel);
      const gaussian = exactLawTestError(
        { s, estimator: scaledTarget(s, scale), ...channel },
        { modes: 0, samples: 200_000, seed: 3 },
      );
      expect(exact.modes).toBeGreaterThan(0);
      expect(exact.modes).toBeLessThan(d / 4);
      const combined = Math.hypot(exact.standardError, plain.standardError);
      // 0.5 % is the bar; the combined s.e. here is ≈ 0.13 %, and the Gaussian rest's own
      // bias at θ = 0.05 is ≈ +0.25 % (measured against 1.6·10⁶ plain sequences, docs/theory.md §5.4)
      expect(Math.abs(exact.value / plain.value - 1)).toBeLessThan(0.005);
      expect(Math.abs(exact.value - plain.value)).toBeLessThan(3 * combined);
      // the effect the exact law exists for: the top modes' non-Gaussian token sums (≈ 4 % at γ = 0.75)
      expect(exact.value / gaussian.value - 1).toBeGreaterThan(0.03);
    },
    60_000,
  );

  it('on an MP target at d = 200 agrees with the Gaussian SE at its fixed point (MP modes carry O(1/d) each)', async () => {
    const target = new MarchenkoPasturTarget().create({ kappa0: 0.5 });
    const solver = new FactorizedStateEvolutionSolver(new SemicircleFreeConvolution());
    const problem = { target, d: 200, alpha: 0.5, lambdaTilde: 0.01, kappa: 1, ...channel };
    const result = await solver.solve(problem, { samples: 65536 });
    expect(result.status).toBe('converged');
    const exact = exactLawTestErrorAt(solver, problem, result.point, { samples: 100_000, draws: 4 });
    expect(exact.modes).toBeLessThanOrEqual(3);
    const combined = Math.hypot(exact.standardError, result.point.testErrorStdErr);
    expect(Math.abs(exact.value - result.point.testError)).toBeLessThan(3 * combined);
  }, 60_000);

  it('draws the typical target: quantiles whose moments match the law', () => {
    const law = new MarchenkoPasturTarget().create({ kappa0: 0.5 }).spectralLaw(200);
    const s = typicalTargetEigenvalues(law, 200);
    const moment = (k: number) => s.reduce((a, v) => a + v ** k, 0) / s.length;
    // O(1/d²) discretisation error of the quantile rule (the square-root edges make it ≈ 1/d^1.5)
    expect(Math.abs(moment(1) / law.moment(1) - 1)).toBeLessThan(2e-3);
    expect(Math.abs(moment(2) / law.moment(2) - 1)).toBeLessThan(2e-3);
  });
});
