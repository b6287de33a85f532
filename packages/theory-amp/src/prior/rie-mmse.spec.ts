import {
  atomicLaw,
  type Complex,
  cdiv,
  cmul,
  complex,
  createContainer,
  cscale,
  csqrt,
  csub,
  FreeConvolution,
  type SpectralLaw,
  TargetRegistry,
} from '@attention-hd/core';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { rieMmse } from './rie-mmse.js';

const container = createContainer([targetsModule, spectraModule]);
const free = container.get(FreeConvolution);

describe('rieMmse: the Bayes-optimal prior side (docs/theory.md §3.12)', () => {
  it('S₀ = 0: nothing to estimate, mmse = 0 (∫ρ³ of a semicircle of variance t is 3/(4π²t))', () => {
    for (const t of [0.1, 1, 7]) expect(Math.abs(rieMmse(free, atomicLaw([0]), t))).toBeLessThan(1e-10 * t);
  });

  it('S₀ a semicircle of variance s: mmse = st/(s + t) (the Gaussian case in closed form)', () => {
    // μ₀ = SC(s) given as a general law, so the free convolution runs through Biane's method and
    // the integral through rieMmse: both against the closed form of Gaussian denoising
    for (const [v, t] of [
      [1, 1],
      [0.5, 2],
      [3, 0.2],
    ]) {
      const mmse = rieMmse(free, semicircleLaw(v), t);
      expect(Math.abs(mmse - (v * t) / (v + t))).toBeLessThan(1e-6 * ((v * t) / (v + t)));
    }
  });

  it('t → 0: mmse(t)/t → 2κ₀ − κ₀² for an MP target of rank κ₀ (the Bayes-optimal perfect-recovery threshold α = κ₀ − κ₀²/2)', () => {
    // With the T = 1 linear channel q̂ = 2α/(mmse(1/q̂) + Δ/2), at Δ = 0 a finite q̂ needs
    // mmse(t)/t = 2α, so recovery is perfect exactly when 2α exceeds lim mmse(t)/t = 2κ₀ − κ₀²
    // (the known threshold, docs/theory.md §3.9). The approach is O(t): at t = 1e-5 the measured gap
    // is ≤ 6e-5 (κ₀ = 0.8); 1e-3 leaves room for the quadrature.
    for (const kappa0 of [0.2, 0.5, 0.8]) {
      const law = container.get(TargetRegistry).get('mp').create({ kappa0 }).spectralLaw();
      const t = 1e-5;
      expect(Math.abs(rieMmse(free, law, t, 512) / t - (2 * kappa0 - kappa0 * kappa0))).toBeLessThan(1e-3);
    }
  });

  it('MP target: 0 < mmse(t) < min(t, Var μ₀), increasing in t, and → Var μ₀ = Q₀ − mean² as t → ∞', () => {
    const kappa0 = 0.5;
    const law = container.get(TargetRegistry).get('mp').create({ kappa0 }).spectralLaw();
    const variance = 1 + kappa0 - kappa0; // Q₀ = 1 + κ₀, mean √κ₀: variance 1
    let previous = 0;
    for (const t of [0.01, 0.1, 1, 10]) {
      const mmse = rieMmse(free, law, t);
      expect(mmse).toBeGreaterThan(previous);
      expect(mmse).toBeLessThan(Math.min(t, variance));
      previous = mmse;
    }
    // at t = 10⁴ the Bayes estimator has little more than the mean: within 1e-3 of the variance
    expect(Math.abs(rieMmse(free, law, 1e4) - variance)).toBeLessThan(1e-3);
  });
});

/** The semicircle law of variance v as a plain SpectralLaw (no closed-form capability). */
function semicircleLaw(v: number): SpectralLaw {
  const edge = 2 * Math.sqrt(v);
  // G(z) = (z − √(z² − 4v))/(2v), the root with G(z) ~ 1/z: √ taken as z·√(1 − 4v/z²)
  const g = (z: Complex): Complex => {
    const root = cmul(z, csqrt(csub(complex(1), cscale(cdiv(complex(1), cmul(z, z)), 4 * v))));
    return cscale(csub(z, root), 1 / (2 * v));
  };
  return {
    description: `semicircle of variance ${v}`,
    atoms: { positions: new Float64Array(0), weights: new Float64Array(0) },
    continuousMass: 1,
    continuousSupport: [{ lo: -edge, hi: edge }],
    density: (x) => (Math.abs(x) < edge ? Math.sqrt(4 * v - x * x) / (2 * Math.PI * v) : 0),
    moment: (k) => (k % 2 === 1 ? 0 : catalan(k / 2) * v ** (k / 2)),
    stieltjes: g,
    // from vG² − zG + 1 = 0: G′ = −G/(z − 2vG)
    stieltjesDerivative: (z) => {
      const G = g(z);
      return cscale(cdiv(G, csub(z, cscale(G, 2 * v))), -1);
    },
  };
}

function catalan(n: number): number {
  let c = 1;
  for (let i = 0; i < n; i++) c = (c * 2 * (2 * i + 1)) / (i + 2);
  return c;
}
