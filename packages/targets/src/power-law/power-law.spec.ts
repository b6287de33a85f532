import { ParameterError, Rng } from '@attention-hd/core';
import { describeTargetConformance, expectClose } from '@attention-hd/core/testing';
import { describe, expect, it } from 'vitest';
import { PowerLawTarget, powerLawEigenvalues } from './power-law-target.js';

describeTargetConformance(new PowerLawTarget(), {
  values: { gamma: 0.75 },
  invalidValues: { gamma: 0.5 },
  d: 200,
  // the law is exact at d: sampled moments agree to round-off
  momentTolerance: 1e-9,
});

describe('power-law target', () => {
  it('has Q₀ = 1 with the default normalization and Q₀ = Σ_{i≤d} i^{−2γ} with c_γ = 1', () => {
    const d = 300;
    const gamma = 0.75;
    const unit = new PowerLawTarget().create({ gamma });
    expectClose(unit.q0(d), 1, { relative: 1e-13 }, 'Q₀ (unit-q0)');
    const raw = new PowerLawTarget().create({ gamma, normalization: 'sqrt-d' });
    let zetaPartial = 0;
    for (let i = 1; i <= d; i++) zetaPartial += i ** (-2 * gamma);
    expectClose(raw.q0(d), zetaPartial, { relative: 1e-13 }, 'Q₀ (sqrt-d)');
  });

  it('has its top eigenvalue O(√d): s₁ = √d/√(Σ j^{−2γ})', () => {
    const d = 400;
    const gamma = 1.5;
    const s = powerLawEigenvalues(gamma, d, 'unit-q0');
    let sum = 0;
    for (let j = 1; j <= d; j++) sum += j ** (-2 * gamma);
    expectClose(s[0], Math.sqrt(d / sum), { relative: 1e-14 }, 's₁');
    expectClose(s[9] / s[0], 10 ** -gamma, { relative: 1e-14 }, 's₁₀/s₁');
  });

  it('needs d for its law and rejects γ ≤ 1/2', () => {
    const model = new PowerLawTarget().create();
    expect(() => model.spectralLaw()).toThrow(ParameterError);
    expect(() => new PowerLawTarget().create({ gamma: 0.4 })).toThrow('invalid gamma = 0.4: allowed a number in (0.5, 10]');
  });

  it('samples S₀ with exactly the prescribed eigenvalues (Haar basis)', () => {
    const d = 50;
    const model = new PowerLawTarget().create({ gamma: 1 });
    const sample = model.sample(d, Rng.fromSeed(4));
    // Tr S₀ and Tr S₀² are basis-independent: they equal Σ s_i and Σ s_i².
    const s = powerLawEigenvalues(1, d, 'unit-q0');
    let trace = 0;
    let frob = 0;
    for (let i = 0; i < d; i++) trace += sample.S[i * d + i];
    for (const x of sample.S) frob += x * x;
    expectClose(
      trace,
      s.reduce((a, b) => a + b, 0),
      { relative: 1e-12 },
      'Tr S₀',
    );
    expectClose(
      frob,
      s.reduce((a, b) => a + b * b, 0),
      { relative: 1e-12 },
      '‖S₀‖²_F',
    );
  });
});
