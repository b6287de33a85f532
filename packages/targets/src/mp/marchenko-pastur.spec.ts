import { integrateGaussLegendre, Rng, trace, traceOfProduct } from '@attention-hd/core';
import { describeTargetConformance, expectClose } from '@attention-hd/core/testing';
import { describe, expect, it } from 'vitest';
import { marchenkoPasturLaw } from './marchenko-pastur-law.js';
import { MarchenkoPasturTarget } from './marchenko-pastur-target.js';

describeTargetConformance(new MarchenkoPasturTarget(), {
  values: { kappa0: 0.5 },
  invalidValues: { kappa0: -1 },
  d: 400,
});

describe('Marchenko–Pastur law (κ₀ = 0.3)', () => {
  const kappa0 = 0.3;
  const law = marchenkoPasturLaw(kappa0);

  it('has the closed-form edges √κ₀(1 ∓ 1/√κ₀)², atom 1 − κ₀ and moments √κ₀, 1 + κ₀, κ₀^{3/2} + 3κ₀^{1/2} + κ₀^{−1/2}', () => {
    const [support] = law.continuousSupport;
    expectClose(support.lo, Math.sqrt(kappa0) * (1 - 1 / Math.sqrt(kappa0)) ** 2, { relative: 1e-14 }, 'lower edge');
    expectClose(support.hi, Math.sqrt(kappa0) * (1 + 1 / Math.sqrt(kappa0)) ** 2, { relative: 1e-14 }, 'upper edge');
    expect(law.atoms.weights[0]).toBeCloseTo(1 - kappa0, 15);
    expectClose(law.moment(1), Math.sqrt(kappa0), { relative: 1e-14 }, 'm1');
    expectClose(law.moment(2), 1 + kappa0, { relative: 1e-14 }, 'm2');
    expectClose(law.moment(3), kappa0 ** 1.5 + 3 * kappa0 ** 0.5 + kappa0 ** -0.5, { relative: 1e-14 }, 'm3');
  });

  it('has a Stieltjes transform equal to the quadrature of its density plus atom', () => {
    const [{ lo, hi }] = law.continuousSupport;
    for (const z of [
      { re: 1.0, im: 0.3 },
      { re: -0.5, im: 0.05 },
      { re: 4.0, im: 0.05 },
    ]) {
      // ∫ ρ(x)/(z − x) dx over the support (cosine map for the square-root edges) + (1 − κ₀)/z.
      const integral = (part: 're' | 'im') =>
        integrateGaussLegendre(
          (theta) => {
            const x = lo + ((hi - lo) * (1 - Math.cos(theta))) / 2;
            const jacobian = ((hi - lo) / 2) * Math.sin(theta);
            const dx = z.re - x;
            const r2 = dx * dx + z.im * z.im;
            return (law.density(x) * jacobian * (part === 're' ? dx : -z.im)) / r2;
          },
          0,
          Math.PI,
          4000,
        );
      const r2 = z.re * z.re + z.im * z.im;
      const expected = { re: integral('re') + ((1 - kappa0) * z.re) / r2, im: integral('im') - ((1 - kappa0) * z.im) / r2 };
      const g = law.stieltjes(z);
      // 4000 cosine-mapped nodes resolve the kernel 1/(z − x) for Im z ≥ 0.05: 1e-6 absolute.
      expectClose(g.re, expected.re, { absolute: 1e-6 }, `Re G(${z.re}+${z.im}i)`);
      expectClose(g.im, expected.im, { absolute: 1e-6 }, `Im G(${z.re}+${z.im}i)`);
      // G′ against a central difference of G (truncation O(h²) ≈ 1e-10 relative).
      const h = 1e-5;
      const plus = law.stieltjes({ re: z.re + h, im: z.im });
      const minus = law.stieltjes({ re: z.re - h, im: z.im });
      const derivative = law.stieltjesDerivative(z);
      expectClose(derivative.re, (plus.re - minus.re) / (2 * h), { relative: 1e-6, absolute: 1e-8 }, 'Re G′');
      expectClose(derivative.im, (plus.im - minus.im) / (2 * h), { relative: 1e-6, absolute: 1e-8 }, 'Im G′');
    }
  });
});

describe('sampled MP target at d = 400', () => {
  it('has Tr S₀/d ≈ √κ₀ and Q₀ ≈ 1 + κ₀ within sampling error', () => {
    // Fluctuations are O(1/d) (Tr S₀/d: std ≈ √(2/(r₀ d))/... ≈ 2.5e-3; Q₀ has mean 1 + κ₀ + 1/d):
    // a 1 % tolerance is about 4 standard deviations.
    const d = 400;
    const kappa0 = 0.5;
    const model = new MarchenkoPasturTarget().create({ kappa0 });
    for (const seed of [1, 2, 3]) {
      const { S } = model.sample(d, Rng.fromSeed(seed, 'teacher'));
      expectClose(trace(S, d) / d, Math.sqrt(kappa0), { relative: 0.01 }, `Tr S₀/d (seed ${seed})`);
      expectClose(traceOfProduct(S, S, d) / d, 1 + kappa0, { relative: 0.01 }, `Q₀ (seed ${seed})`);
    }
  });
});
