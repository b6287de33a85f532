import { describe, expect, it } from 'vitest';
import type { Target, TargetModel } from '../contracts/target.js';
import { ParameterError } from '../errors/parameter-error.js';
import { integrateGaussLegendre } from '../numerics/gauss-legendre.js';
import { symmetricEigenvalues } from '../numerics/symmetric-eigen.js';
import { Rng } from '../random/rng.js';
import { expectClose } from './expect-close.js';

export interface TargetConformanceOptions {
  /** parameter values to test with (defaults are used when omitted) */
  readonly values?: Readonly<Record<string, unknown>>;
  /** a parameter value that must be rejected, e.g. { kappa0: -1 } */
  readonly invalidValues?: Readonly<Record<string, unknown>>;
  /** dimension for the sampling checks (default 200) */
  readonly d?: number;
  /** relative tolerance for sampled vs exact moments at d (default 0.05: O(1/√d) fluctuations) */
  readonly momentTolerance?: number;
}

/**
 * The checks every Target plugin must pass (run it from your plugin's tests):
 * parameters are validated; the law has mass 1; Q₀ equals its second moment; G(z) agrees with a
 * quadrature of the law; the same seed gives the same S₀; S₀ is symmetric and its eigenvalue
 * moments match the law's moments at d.
 */
export function describeTargetConformance(target: Target, options: TargetConformanceOptions = {}): void {
  const d = options.d ?? 200;
  const momentTolerance = options.momentTolerance ?? 0.05;
  const model = (): TargetModel => target.create(options.values ?? {});

  describe(`Target conformance: ${target.id}`, () => {
    it('declares an id, a description and its parameters', () => {
      expect(target.id).toMatch(/^[a-z0-9-]+$/);
      expect(target.description.length).toBeGreaterThan(0);
      for (const spec of target.parameters) expect(spec.description.length).toBeGreaterThan(0);
    });

    if (options.invalidValues !== undefined) {
      it('rejects invalid parameters with a ParameterError', () => {
        expect(() => target.create(options.invalidValues)).toThrow(ParameterError);
      });
    }

    it('has a law of total mass 1 whose second moment is Q₀', () => {
      const m = model();
      const law = m.spectralLaw(d);
      let atomMass = 0;
      for (const w of law.atoms.weights) atomMass += w;
      let continuous = 0;
      for (const { lo, hi } of law.continuousSupport) {
        // cosine map: the density may have square-root edges
        continuous += integrateGaussLegendre(
          (theta) => law.density(lo + ((hi - lo) * (1 - Math.cos(theta))) / 2) * ((hi - lo) / 2) * Math.sin(theta),
          0,
          Math.PI,
          400,
        );
      }
      expectClose(atomMass + law.continuousMass, 1, { absolute: 1e-12 }, 'declared mass');
      expectClose(continuous, law.continuousMass, { absolute: 1e-6 }, 'integrated continuous mass');
      expectClose(m.q0(d), law.moment(2), { relative: 1e-12 }, 'Q₀ vs second moment');
    });

    it('has a Stieltjes transform consistent with its moments at large |z|', () => {
      const law = model().spectralLaw(d);
      // G(z) = 1/z + m1/z² + m2/z³ + O(z⁻⁴) along the imaginary axis far away.
      const y = 1e3 * Math.max(1, Math.abs(law.moment(1)), Math.sqrt(law.moment(2)));
      const g = law.stieltjes({ re: 0, im: y });
      // 1/(iy) = −i/y, m1/(iy)² = −m1/y², m2/(iy)³ = i m2/y³
      expectClose(g.re, -law.moment(1) / y ** 2, { relative: 1e-3, absolute: 1e-14 }, 'Re G(iy)');
      expectClose(g.im, -1 / y + law.moment(2) / y ** 3, { relative: 1e-6 }, 'Im G(iy)');
    });

    it('samples the same S₀ for the same seed, a different one for another seed', () => {
      const a = model().sample(30, Rng.fromSeed(7, 'conformance'));
      const b = model().sample(30, Rng.fromSeed(7, 'conformance'));
      const c = model().sample(30, Rng.fromSeed(8, 'conformance'));
      expect(Array.from(a.S)).toEqual(Array.from(b.S));
      expect(Array.from(a.S)).not.toEqual(Array.from(c.S));
    });

    it(`samples a symmetric S₀ whose spectral moments match the law at d = ${d}`, () => {
      const m = model();
      const sample = m.sample(d, Rng.fromSeed(11, 'conformance'));
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < i; j++) expect(sample.S[i * d + j]).toBe(sample.S[j * d + i]);
      }
      const eigenvalues = symmetricEigenvalues(sample.S, d);
      const law = m.spectralLaw(d);
      for (const k of [1, 2]) {
        let empirical = 0;
        for (const e of eigenvalues) empirical += e ** k / d;
        expectClose(empirical, law.moment(k), { relative: momentTolerance, absolute: 1e-9 }, `moment ${k}`);
      }
      if (sample.factor !== undefined) {
        const { F, rank } = sample.factor;
        let maxError = 0;
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            let s = 0;
            for (let r = 0; r < rank; r++) s += F[i * rank + r] * F[j * rank + r];
            maxError = Math.max(maxError, Math.abs(s - sample.S[i * d + j]));
          }
        }
        expect(maxError).toBeLessThan(1e-10);
      }
    });
  });
}
