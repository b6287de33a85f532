import { atomicLaw, integrateGaussLegendre } from '@attention-hd/core';
import { expectClose } from '@attention-hd/core/testing';
import { marchenkoPasturLaw, PowerLawTarget } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { semicircleLaw } from '../fixtures/semicircle-law.js';
import { BianeConvolution } from './biane-convolution.js';
import { MarchenkoPasturConvolution } from './marchenko-pastur-convolution.js';
import { SemicircleFreeConvolution } from './semicircle-free-convolution.js';

const service = new SemicircleFreeConvolution();

/**
 * The 1e-6 relative, or half a unit of the last printed digit when that is larger (F is
 * printed to 1e-6 absolute). The table's J came from scipy `quad` at its default tolerance
 * (1.5e-8): row 4 is 2.4039264 there and 2.40392635 here by both our methods.
 */
function expectPrinted(actual: number, printed: string, label: string): void {
  const decimals = printed.includes('.') ? printed.split('.')[1].length : 0;
  const expected = Number(printed);
  expectClose(actual, expected, { absolute: Math.max(1e-6 * Math.abs(expected), 0.5 * 10 ** -decimals) + 1e-12 }, label);
}

// docs/theory.md §9 A (authors' cubic/quartic code, J by quad, ∂ by central differences).
const table9A = [
  {
    kappa0: 0.5,
    delta: 0.5,
    epsilon: 0.2,
    edges: ['-0.805373', '4.224412'],
    J: '1.3976718',
    dJdDelta: '0.650628',
    dJdEpsilon: '-1.379290',
    F: '0.415952',
  },
  {
    kappa0: 0.5,
    delta: 1.0,
    epsilon: 0.0,
    edges: ['-1.699651', '4.528078'],
    J: '2.2396571',
    dJdDelta: '1.391565',
    dJdEpsilon: '-1.934339',
    F: '0.360650',
  },
  {
    kappa0: 0.2,
    delta: 0.3,
    epsilon: 0.1,
    edges: ['-0.54517', '0.52412', '0.757036', '4.711075'],
    J: '1.1566934',
    dJdDelta: '0.326842',
    dJdEpsilon: '-0.975521',
    F: '0.503950',
  },
  {
    kappa0: 0.8,
    delta: 1.5,
    epsilon: 0.5,
    edges: ['-2.47965', '5.011979'],
    J: '2.4039264',
    dJdDelta: '1.740960',
    dJdEpsilon: '-1.925454',
    F: '0.445684',
  },
  {
    kappa0: 0.5,
    delta: 0.05,
    epsilon: 0.0,
    edges: ['-0.072324', '0.068733', '0.127411', '4.122356'],
    J: '1.5021617',
    dJdDelta: '0.085969',
    dJdEpsilon: '-1.430079',
    F: '0.257937',
  },
];

describe('docs/theory.md §9 A: MP ⊞ SC anchors', () => {
  for (const row of table9A) {
    for (const method of ['auto', 'general'] as const) {
      it(`κ₀ = ${row.kappa0}, δ = ${row.delta}, ε = ${row.epsilon} (${method}) to every printed digit`, () => {
        const convolution = service.convolveWithSemicircle(marchenkoPasturLaw(row.kappa0), row.delta, { method });
        expect(convolution.method).toBe(method === 'auto' ? 'mp-closed-form' : 'biane');
        const edges = convolution.support.flatMap(({ lo, hi }) => [lo, hi]);
        expect(edges).toHaveLength(row.edges.length);
        for (let i = 0; i < edges.length; i++) expectPrinted(edges[i], row.edges[i], `edge ${i}`);
        const r = convolution.denoiserIntegrals(row.epsilon);
        expectPrinted(r.J, row.J, 'J');
        expectPrinted(r.dJdDelta, row.dJdDelta, '∂δJ');
        expectPrinted(r.dJdEpsilon, row.dJdEpsilon, '∂εJ');
        expectPrinted(r.F, row.F, 'F');
      });
    }
  }

  it('matches the 10-digit values of docs/theory.md §11.4 to 1e-9 relative', () => {
    // (κ₀, δ, ε): J, ∂δJ, m/η, rank fraction — independent Python (cubic + quad, and Biane).
    const cases = [
      [0.5, 0.5, 0.2, 1.3976717788, 0.65062827, 1.37294373, 0.584048],
      [0.2, 0.3, 0.0, 1.2595192413, 0.3916708, 1.20076862, 0.5905493],
      [1.0, 1.0, 1.0, 1.1165376904, 0.94173446, 1.23658889, 0.4640966],
    ];
    for (const [kappa0, delta, epsilon, J, dJdDelta, overlap, rank] of cases) {
      const r = service.convolveWithSemicircle(marchenkoPasturLaw(kappa0), delta).denoiserIntegrals(epsilon);
      expectClose(r.J, J, { relative: 1e-9 }, `J(${kappa0}, ${delta}, ${epsilon})`);
      expectClose(r.dJdDelta, dJdDelta, { absolute: 5e-9 }, '∂δJ');
      expectClose(r.overlap, overlap, { absolute: 5e-9 }, 'm/η');
      expectClose(r.rankFraction, rank, { absolute: 5e-8 }, 'rank');
    }
  });
});

describe('limits and closed forms', () => {
  it('J(0, 0) = Q₀ = 1 + κ₀, and |J(δ, 0) − Q₀| ≤ δ² as δ → 0', () => {
    for (const kappa0 of [0.2, 0.5, 1]) {
      const law = marchenkoPasturLaw(kappa0);
      expectClose(service.convolveWithSemicircle(law, 0).denoiserIntegrals(0).J, 1 + kappa0, { relative: 1e-12 }, 'J(0,0)');
      // ∫x₊² dμ_δ ≤ ∫x² dμ_δ = Q₀ + t, and the part below 0 has second moment ≤ t (it comes
      // from the semicircle spreading): so |J(δ, 0) − Q₀| ≤ t. The closed form degenerates at
      // δ = 1e-3 and the service must notice (mass check) and use the general method.
      for (const delta of [1e-3, 1e-2]) {
        const convolution = service.convolveWithSemicircle(law, delta);
        expect(Math.abs(convolution.denoiserIntegrals(0).J - (1 + kappa0))).toBeLessThanOrEqual(delta * delta);
        expectClose(convolution.cdf(10), 1, { absolute: 1e-12 }, `mass at δ = ${delta}`);
      }
    }
  });

  it('semicircle(s) ⊞ semicircle(t) = semicircle(s + t), with its J, ∂_tJ and m/η', () => {
    const s = 0.7;
    const delta = 0.6;
    const v = s + delta * delta;
    const convolution = new BianeConvolution(semicircleLaw(s), delta);
    expectClose(convolution.support[0].lo, -2 * Math.sqrt(v), { absolute: 1e-12 }, 'lower edge');
    expectClose(convolution.support[0].hi, 2 * Math.sqrt(v), { absolute: 1e-12 }, 'upper edge');
    const exact = semicircleLaw(v);
    for (const x of [-1.9, -1, 0, 0.3, 1.2, 1.95]) {
      expectClose(convolution.density(x), exact.density(x), { absolute: 1e-11 }, `ρ(${x})`);
      // Inside the support H(x) = x/(2v).
      expectClose(convolution.hilbert(x), x / (2 * v), { absolute: 1e-11 }, `H(${x})`);
    }
    // Independent quadrature of the exact semicircle of variance v: with ξ(x) = x·s/v (docs/theory.md §11.3),
    // ∂_tJ = (1/v)∫(x−ε)₊ x dσ_v and m/η = (s/v)∫(x−ε)₊ x dσ_v.
    const r = 2 * Math.sqrt(v);
    for (const epsilon of [0, 0.4, -0.5]) {
      const integral = (f: (x: number) => number) =>
        integrateGaussLegendre(
          (theta) => {
            const lo = Math.max(-r, epsilon);
            const x = lo + ((r - lo) * (1 - Math.cos(theta))) / 2;
            return f(x) * exact.density(x) * ((r - lo) / 2) * Math.sin(theta);
          },
          0,
          Math.PI,
          400,
        );
      const J = integral((x) => (x - epsilon) ** 2);
      const firstMoment = integral((x) => x * (x - epsilon));
      const result = convolution.denoiserIntegrals(epsilon);
      expectClose(result.J, J, { relative: 1e-10 }, `J(ε = ${epsilon})`);
      expectClose(result.dJdT, firstMoment / v, { relative: 1e-10 }, `∂tJ(ε = ${epsilon})`);
      expectClose(result.overlap, (s / v) * firstMoment, { relative: 1e-10 }, `m/η(ε = ${epsilon})`);
    }
  });

  it('δ₀ ⊞ SC(t): J(δ, 0) = t/2, ∂_tJ = 1/2, H(x) = x/(2t)', () => {
    const delta = 0.8;
    const t = delta * delta;
    const convolution = service.convolveWithSemicircle(atomicLaw([0]), delta);
    const r = convolution.denoiserIntegrals(0);
    expectClose(r.J, t / 2, { relative: 1e-12 }, 'J');
    expectClose(r.dJdT, 0.5, { relative: 1e-12 }, '∂tJ');
    expectClose(convolution.hilbert(0.3), 0.3 / (2 * t), { relative: 1e-12 }, 'H');
  });

  it('conserves mass, mean and adds t to the second moment (MP and a power law at d = 400)', () => {
    const laws = [marchenkoPasturLaw(0.3), new PowerLawTarget().create({ gamma: 0.75 }).spectralLaw(400)];
    for (const law of laws) {
      for (const delta of [0.1, 0.7]) {
        const convolution = service.convolveWithSemicircle(law, delta);
        const below = convolution.support[0].lo - 1;
        const t = delta * delta;
        expectClose(convolution.cdf(convolution.support[convolution.support.length - 1].hi + 1), 1, { absolute: 1e-12 }, 'mass');
        // With ε below the support: ∫(x−ε) = m₁ − ε and ∫(x−ε)² = m₂ + t − 2εm₁ + ε².
        const r = convolution.denoiserIntegrals(below);
        const m1 = law.moment(1);
        const m2 = law.moment(2);
        expectClose(r.meanPositivePart, m1 - below, { relative: 1e-11 }, 'mean');
        expectClose(r.J, m2 + t - 2 * below * m1 + below * below, { relative: 1e-11 }, 'second moment');
      }
    }
  });

  it('δ = 0 carries the atom: F(0) = 1 − κ₀ + 0 and the continuous part has mass κ₀', () => {
    const convolution = service.convolveWithSemicircle(marchenkoPasturLaw(0.4), 0);
    expectClose(convolution.cdf(0), 0.6, { absolute: 1e-14 }, 'F(0)');
    expectClose(convolution.cdf(100) - convolution.cdf(0), 0.4, { absolute: 1e-12 }, 'continuous mass');
  });
});

describe('the general method equals the MP closed form', () => {
  it('to 1e-8 on a grid of (κ₀, δ, ε), for the integrals, the density and the Hilbert transform', () => {
    for (const kappa0 of [0.2, 0.5, 1]) {
      const law = marchenkoPasturLaw(kappa0);
      for (const delta of [0.05, 0.3, 1.2]) {
        const closed = new MarchenkoPasturConvolution(kappa0, delta, law);
        const general = new BianeConvolution(law, delta);
        for (const epsilon of [0, 0.1, 0.7]) {
          const a = closed.denoiserIntegrals(epsilon);
          const b = general.denoiserIntegrals(epsilon);
          for (const key of ['J', 'dJdT', 'dJdEpsilon', 'overlap', 'F'] as const) {
            expectClose(b[key], a[key], { absolute: 1e-8 }, `${key} at (${kappa0}, ${delta}, ${epsilon})`);
          }
        }
        const { lo, hi } = { lo: closed.support[0].lo, hi: closed.support[closed.support.length - 1].hi };
        for (let i = 0; i <= 20; i++) {
          const x = lo - 0.3 + ((hi - lo + 0.6) * i) / 20;
          expectClose(general.density(x), closed.density(x), { absolute: 1e-8 }, `ρ(${x}) at (${kappa0}, ${delta})`);
          expectClose(general.hilbert(x), closed.hilbert(x), { absolute: 1e-8 }, `H(${x}) at (${kappa0}, ${delta})`);
        }
      }
    }
  });
});

describe('truncated denoiser and quantiles', () => {
  it('integrates from the cutoff with the shift ε, and F(quantile(p)) = p', () => {
    for (const method of ['auto', 'general'] as const) {
      const convolution = service.convolveWithSemicircle(marchenkoPasturLaw(0.5), 0.5, { method });
      const y0 = convolution.quantile(0.7);
      expectClose(convolution.cdf(y0), 0.7, { absolute: 1e-12 }, `F(F⁻¹(0.7)) ${method}`);
      const truncated = convolution.denoiserIntegrals(0.2, { cutoff: y0 });
      expectClose(truncated.rankFraction, 0.3, { absolute: 1e-12 }, 'rank of the truncated denoiser');
      // J_trunc = ∫_{y₀}(x − ε)² dμ_δ by an independent quadrature of the density.
      const hi = convolution.support[convolution.support.length - 1].hi;
      const J = integrateGaussLegendre(
        (theta) => {
          const x = y0 + ((hi - y0) * (1 - Math.cos(theta))) / 2;
          return (x - 0.2) ** 2 * convolution.density(x) * ((hi - y0) / 2) * Math.sin(theta);
        },
        0,
        Math.PI,
        400,
      );
      expectClose(truncated.J, J, { relative: 1e-10 }, `J_trunc ${method}`);
    }
  });

  it('quantiles of a law with an atom: the generalized inverse inf{x : F(x) ≥ p}', () => {
    // MP with κ₀ = 0.5 at δ = 0 has mass ½ at 0: F⁻¹(p) = 0 for p ≤ ½, and above it the MP median
    // of the continuous part solves F(x) = p.
    const zeroNoise = service.convolveWithSemicircle(marchenkoPasturLaw(0.5), 0);
    expect(zeroNoise.quantile(0.3)).toBe(0);
    expect(zeroNoise.quantile(0.5)).toBe(0);
    const x = zeroNoise.quantile(0.75);
    expect(x).toBeGreaterThan(0);
    expectClose(zeroNoise.cdf(x), 0.75, { absolute: 1e-9 }, 'F(F⁻¹(0.75))');
  });

  it('has ∂_tJ of the truncated denoiser equal to the finite difference in t at fixed mass', () => {
    // J_trunc(t) = ∫_{y₀(t)}(x − ε)² dμ_t with ∫_{y₀(t)} dμ_t = κ; central difference, h = 1e-5.
    const law = marchenkoPasturLaw(0.5);
    const kappa = 0.3;
    const epsilon = 0.2;
    const Jt = (t: number) => {
      const c = service.convolveWithSemicircle(law, Math.sqrt(t));
      return c.denoiserIntegrals(epsilon, { cutoff: c.quantile(1 - kappa) }).J;
    };
    const t = 0.25;
    const h = 1e-5;
    const c = service.convolveWithSemicircle(law, Math.sqrt(t));
    const analytic = c.denoiserIntegrals(epsilon, { cutoff: c.quantile(1 - kappa) }).dJdT;
    expectClose(analytic, (Jt(t + h) - Jt(t - h)) / (2 * h), { relative: 1e-6 }, '∂tJ_trunc');
  });
});
