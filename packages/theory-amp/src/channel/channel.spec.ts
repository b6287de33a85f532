import { integrateGaussLegendre, Rng } from '@attention-hd/core';
import { expectClose } from '@attention-hd/core/testing';
import { describe, expect, it } from 'vitest';
import { activeDirections } from './active-directions.js';
import { createChannelNodes } from './channel-nodes.js';
import { FlatSymmetric } from './flat-symmetric.js';
import { type GaussianRule, haltonRule, monteCarloRule, productGaussHermite } from './gaussian-rule.js';
import { GenericChannel } from './generic-channel.js';
import { IdentityOutput } from './identity-output.js';
import { SoftmaxOutput } from './softmax-output.js';
import { TwoTokenChannel } from './two-token-channel.js';
import { TwoTokenSoftmaxOutput } from './two-token-softmax-output.js';

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

describe('softmax output in flat coordinates', () => {
  it('the closed-form T = 2 output equals the generic one (value, gradient, Hessian, Jacobian)', () => {
    const flat = new FlatSymmetric(2);
    const generic = new SoftmaxOutput(flat, 1.3);
    const fast = new TwoTokenSoftmaxOutput(flat, 1.3);
    const rng = Rng.fromSeed(1);
    for (let trial = 0; trial < 20; trial++) {
      const v = rng.fillNormal(new Float64Array(3), 2);
      const Y = new Float64Array(4);
      generic.value(rng.fillNormal(new Float64Array(3), 2), 0, Y);
      const [ga, gb] = [new Float64Array(3), new Float64Array(3)];
      const [ha, hb] = [new Float64Array(9), new Float64Array(9)];
      const [ja, jb] = [new Float64Array(12), new Float64Array(12)];
      const la = generic.loss(v, Y, 0, ga, ha, ja);
      const lb = fast.loss(v, Y, 0, gb, hb, jb);
      expect(Math.abs(la - lb)).toBeLessThan(1e-14);
      for (let i = 0; i < 3; i++) expect(Math.abs(ga[i] - gb[i])).toBeLessThan(1e-13);
      for (let i = 0; i < 9; i++) expect(Math.abs(ha[i] - hb[i])).toBeLessThan(1e-13);
      for (let i = 0; i < 12; i++) expect(Math.abs(ja[i] - jb[i])).toBeLessThan(1e-14);
    }
  });

  it('has the gradient and Hessian of central finite differences (T = 3)', () => {
    // Central differences with h = 1e-5: truncation ~1e-10, round-off ~1e-11.
    const flat = new FlatSymmetric(3);
    const out = new SoftmaxOutput(flat, 0.8);
    const rng = Rng.fromSeed(2);
    const v = rng.fillNormal(new Float64Array(6));
    const Y = new Float64Array(9);
    out.value(rng.fillNormal(new Float64Array(6)), 0, Y);
    const gradient = new Float64Array(6);
    const hessian = new Float64Array(36);
    out.loss(v, Y, 0, gradient, hessian);
    const h = 1e-5;
    for (let k = 0; k < 6; k++) {
      const plus = Float64Array.from(v);
      const minus = Float64Array.from(v);
      plus[k] += h;
      minus[k] -= h;
      expectClose(
        gradient[k],
        (out.loss(plus, Y, 0, null, null) - out.loss(minus, Y, 0, null, null)) / (2 * h),
        { absolute: 1e-8 },
        `∂g/∂v${k}`,
      );
      const gp = new Float64Array(6);
      const gm = new Float64Array(6);
      out.loss(plus, Y, 0, gp, null);
      out.loss(minus, Y, 0, gm, null);
      for (let l = 0; l < 6; l++)
        expectClose(hessian[l * 6 + k], (gp[l] - gm[l]) / (2 * h), { absolute: 1e-7 }, `∂²g/∂v${l}∂v${k}`);
    }
  });

  it('is invariant along the shift direction H → H + c11ᵀ, which activeDirections removes', () => {
    const flat = new FlatSymmetric(3);
    const out = new SoftmaxOutput(flat, 1);
    const { basis, rank } = activeDirections(flat, true);
    expect(rank).toBe(5);
    const v = Rng.fromSeed(3).fillNormal(new Float64Array(6));
    const P = new Float64Array(9);
    const Q = new Float64Array(9);
    out.value(v, 0, P);
    // the shift direction: orthogonal to all active directions
    const shifted = Float64Array.from(v);
    for (let a = 0; a < 3; a++) for (let b = a; b < 3; b++) shifted[flat.index[a * 3 + b]] += 0.7 * (a === b ? Math.SQRT1_2 : 1);
    out.value(shifted, 0, Q);
    for (let i = 0; i < 9; i++) expect(Math.abs(P[i] - Q[i])).toBeLessThan(1e-14);
    for (let j = 0; j < rank; j++) {
      let dot = 0;
      for (let a = 0; a < 3; a++)
        for (let b = a; b < 3; b++) dot += basis[flat.index[a * 3 + b] * rank + j] * (a === b ? Math.SQRT1_2 : 1);
      expect(Math.abs(dot)).toBeLessThan(1e-14);
    }
  });
});

describe('the channel integrals', () => {
  it('identity output, T = 1: the hats of docs/theory.md §3.7 exactly (m̂ = Σ̂ = 2α/(Σ + ¼), q̂ = 2α(Q₀ + Δ/2 − 2m + q)/(Σ + ¼)²)', () => {
    const flat = new FlatSymmetric(1);
    const output = new IdentityOutput(flat);
    const { basis, rank } = activeDirections(flat, false);
    const [q0, noise] = [1.25, 0.1];
    const nodes = createChannelNodes({ rule: productGaussHermite(2, 6), basis, rank, q0, noise, labelOutput: output });
    const channel = new GenericChannel(nodes, output, 1, true);
    const [q, m, sigma, alpha] = [1.15, 1.12, 1.3, 0.3];
    const hats = channel.average({ q, m, sigma, alpha });
    expectClose(hats.mHat, (2 * alpha) / (sigma + 0.25), { relative: 1e-13 }, 'm̂');
    expectClose(hats.sigmaHat, (2 * alpha) / (sigma + 0.25), { relative: 1e-13 }, 'Σ̂');
    expectClose(hats.qHat, (2 * alpha * (q0 + noise / 2 - 2 * m + q)) / (sigma + 0.25) ** 2, { relative: 1e-13 }, 'q̂');
  });

  it('the closed-form two-token channel equals the generic one on the same nodes', () => {
    const flat = new FlatSymmetric(2);
    const { basis, rank } = activeDirections(flat, true);
    const rule = haltonRule(4, 2048, 5);
    const [q0, noise, beta] = [1.5, 0.5, 1];
    const generic = new GenericChannel(
      createChannelNodes({ rule, basis, rank, q0, noise, labelOutput: new SoftmaxOutput(flat, beta) }),
      new SoftmaxOutput(flat, beta),
      1,
      false,
    );
    const fast = new TwoTokenChannel(rule, q0, noise, beta, beta);
    // Newton is affine invariant, so both solve the same proximal problems identically where it is
    // convex (1e-9). At Σ = 69 it is not, and the Levenberg shift (not affine invariant) can lead a
    // few nodes to other local minima on the label side: 1 %.
    for (const [overlaps, tolerance] of [
      [{ q: 1.46, m: 1.38, sigma: 2.3, alpha: 0.5 }, 1e-9],
      [{ q: 5.7, m: 2.2, sigma: 69, alpha: 0.245 }, 0.01],
    ] as const) {
      const a = generic.average(overlaps);
      const b = fast.average(overlaps);
      for (const key of ['qHat', 'mHat', 'sigmaHat', 'moreau'] as const)
        expectClose(b[key], a[key], { relative: tolerance }, key);
      expectClose(
        fast.testError(overlaps.q, overlaps.m).value,
        generic.testError(overlaps.q, overlaps.m).value,
        { relative: 1e-12 },
        'e_test',
      );
    }
  });

  it('counts the nodes whose proximal problem has two local minima alike in both implementations (none where it is convex)', () => {
    const flat = new FlatSymmetric(2);
    const { basis, rank } = activeDirections(flat, true);
    const rule = haltonRule(4, 4096, 5);
    // β = β₀ = 2 at the SE's fixed point for α = 0.8 (docs/theory.md §3.4), and Fig. 1's α = 0.5
    for (const [beta, overlaps, nonConvex] of [
      [2, { q: 3.9, m: 2.19, sigma: 1.9 }, true],
      [1, { q: 1.46, m: 1.38, sigma: 2.3 }, false],
    ] as const) {
      const output = new SoftmaxOutput(flat, beta);
      const generic = new GenericChannel(
        createChannelNodes({ rule, basis, rank, q0: 1.5, noise: 0.5, labelOutput: output }),
        output,
        1,
        false,
      );
      const fast = new TwoTokenChannel(rule, 1.5, 0.5, beta, beta);
      const a = fast.proximalMinima(overlaps, 4096);
      const b = generic.proximalMinima(overlaps, 4096);
      expect(a.nodes).toBe(4096);
      if (!nonConvex) {
        expect(a.twoMinima).toBe(0);
        expect(b.twoMinima).toBe(0);
        continue;
      }
      // measured 3 % of the nodes (495 and 493 of 16384 on a Sobol' rule); the two Newton methods
      // differ only in their Levenberg shift, which can settle a borderline node elsewhere
      expect(a.twoMinima).toBeGreaterThan(0.01 * a.nodes);
      expect(Math.abs(a.twoMinima - b.twoMinima)).toBeLessThanOrEqual(0.05 * a.twoMinima + 2);
    }
  });

  it('a plain Monte Carlo rule has a coarse stage: 2 replicates average its first 2/16 of the nodes, all replicates all of them', () => {
    const flat = new FlatSymmetric(2);
    const { basis, rank } = activeDirections(flat, true);
    const [q0, noise, beta] = [1.5, 0.5, 1];
    const channelOn = (rule: GaussianRule) =>
      new GenericChannel(
        createChannelNodes({ rule, basis, rank, q0, noise, labelOutput: new SoftmaxOutput(flat, beta) }),
        new SoftmaxOutput(flat, beta),
        1,
        false,
      );
    const rule = monteCarloRule(4, 1600, 3);
    // the first 200 nodes as a rule of their own: the independent reference for the coarse stage
    const prefix: GaussianRule = {
      ...rule,
      replicates: 200,
      count: 200,
      nodes: rule.nodes.slice(0, 200 * 4),
      weights: new Float64Array(200).fill(1 / 200),
    };
    const overlaps = { q: 1.46, m: 1.38, sigma: 2.3, alpha: 0.5 };
    const channel = channelOn(rule);
    channel.useReplicates(2);
    const coarse = channel.average(overlaps);
    const reference = channelOn(prefix).average(overlaps);
    for (const key of ['qHat', 'mHat', 'sigmaHat', 'moreau'] as const)
      expectClose(coarse[key], reference[key], { relative: 1e-12 }, `coarse ${key}`);
    channel.useReplicates(rule.replicates);
    const full = channel.average(overlaps);
    const fresh = channelOn(rule).average(overlaps);
    for (const key of ['qHat', 'mHat', 'sigmaHat', 'moreau'] as const)
      expectClose(full[key], fresh[key], { relative: 1e-9 }, `all nodes ${key}`);
    expect(Math.abs(full.qHat - coarse.qHat)).toBeGreaterThan(0);
  });

  it('integrates the test error of Claim 3.1 like an independent 2-D quadrature (and docs/theory.md §9 F)', () => {
    // For T = 2, e_test = 4 E[(σ(u_z) − σ(u_y))²] with (u_y, u_z) ~ N(0, 3[[V, m], [m, q]]) per row.
    const [q0, noise] = [1.5, 0.5];
    const V = q0 + noise / 2;
    const channel = new TwoTokenChannel(haltonRule(4, 65536, 1), q0, noise, 1, 1);
    const quadrature = (q: number, m: number) => {
      const sy = Math.sqrt(3 * V);
      const rho = m / Math.sqrt(V * Math.max(q, 1e-300));
      const sz = Math.sqrt(3 * q);
      const gauss = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
      return (
        4 *
        integrateGaussLegendre(
          (a) => {
            const inner = integrateGaussLegendre(
              (b) => {
                const uy = sy * a;
                const uz = sz * (rho * a + Math.sqrt(Math.max(0, 1 - rho * rho)) * b);
                return (logistic(uz) - logistic(uy)) ** 2 * gauss(b);
              },
              -9,
              9,
              200,
            );
            return inner * gauss(a);
          },
          -9,
          9,
          200,
        )
      );
    };
    for (const [q, m] of [
      [0, 0],
      [1.5, 1.5],
      [1.4621, 1.3804],
    ]) {
      const estimate = channel.testError(q, m);
      expect(Math.abs(estimate.value - quadrature(q, m))).toBeLessThan(4 * estimate.standardError + 1e-6);
    }
    // docs/theory.md §9 F (10⁶-sample MC): zero estimator 0.4441, oracle e₀ 0.0760.
    expectClose(channel.testError(0, 0).value, 0.4441, { absolute: 6e-4 }, 'zero estimator');
    expectClose(channel.testError(q0, q0).value, 0.076, { absolute: 2e-4 }, 'e₀');
  });

  it("estimates m̂ by the Stein form where the proximal map jumps (the authors' hats at α = 0.245, λ̃ = 1e-5)", () => {
    // Their stored point (SE_kappa_0.5_lreg_1e-05_noise_0.5.csv): q = 5.6951, m = 2.1997, Σ = 68.868 →
    // q̂ = 3.7025e-4, m̂ = 0.013076, Σ̂ = 0.0095204 (their MC: ±1–2 %). The derivative form would give m̂ ≈ 0.0114.
    const channel = new TwoTokenChannel(haltonRule(4, 65536, 1), 1.5, 0.5, 1, 1);
    const hats = channel.average({
      q: 5.695109227469482,
      m: 2.1996565591778476,
      sigma: 68.86774444581299,
      alpha: 0.2448818897637795,
    });
    expectClose(hats.qHat, 3.702497640073e-4, { relative: 0.03 }, 'q̂');
    expectClose(hats.mHat, 0.0130761860764438, { relative: 0.02 }, 'm̂');
    expectClose(hats.sigmaHat, 0.0095203724845621, { relative: 0.03 }, 'Σ̂');
  });
});
