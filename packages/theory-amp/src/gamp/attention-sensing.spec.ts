import { Rng, type SampleForms } from '@attention-hd/core';
import { preActivationsFromMatrix } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { FlatSymmetric } from '../channel/flat-symmetric.js';
import { AttentionSensing } from './attention-sensing.js';

describe('AttentionSensing: GAMP’s sensing operator (docs/theory.md §3.14)', () => {
  const [n, T, d] = [37, 3, 11];
  const rng = Rng.fromSeed(5, 'sensing');
  const X = rng.fillNormal(new Float64Array(n * T * d));
  const flat = new FlatSymmetric(T);
  const sensing = new AttentionSensing(flat, X, n, d);
  const symmetric = () => {
    const A = rng.fillNormal(new Float64Array(d * d));
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) A[i * d + j] = A[j * d + i];
    return A;
  };

  it('forward: z_μk = h_ab(S)/c_ab, against the data model’s own pre-activations', async () => {
    const S = symmetric();
    const z = await sensing.forward(S, new Float64Array(n * flat.L));
    const h = preActivationsFromMatrix(X, n, T, d, S);
    for (let mu = 0; mu < n; mu++) {
      for (let a = 0; a < T; a++) {
        for (let b = a; b < T; b++) {
          const expected = h[mu * T * T + a * T + b] / flat.scale[a * T + b];
          expect(z[mu * flat.L + flat.index[a * T + b]]).toBeCloseTo(expected, 12);
        }
      }
    }
  });

  it('adjoint: ⟨𝒜(S), g⟩ = ⟨S, 𝒜*(g)⟩_F for random S and g (round-off: 1e-12 relative)', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const S = symmetric();
      const g = rng.fillNormal(new Float64Array(n * flat.L));
      const z = await sensing.forward(S, new Float64Array(n * flat.L));
      const M = await sensing.adjoint(g, new Float64Array(d * d));
      let left = 0;
      let right = 0;
      let scale = 0;
      for (let i = 0; i < z.length; i++) {
        left += z[i] * g[i];
        scale += Math.abs(z[i] * g[i]);
      }
      for (let i = 0; i < d * d; i++) right += S[i] * M[i];
      expect(Math.abs(left - right)).toBeLessThan(1e-12 * scale);
      // 𝒜*(g) is symmetric
      for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) expect(M[i * d + j]).toBeCloseTo(M[j * d + i], 12);
    }
  });

  it('on a backend’s sample forms by blocks of samples: the same z and 𝒜*(g) (blocks of 5 of 37 samples)', async () => {
    // a float64 SampleForms written out plainly, so that only the blocking is under test
    const x = (mu: number, a: number, k: number) => X[(mu * T + a) * d + k];
    const forms: SampleForms = {
      precision: 'float64',
      async forms(S, first, count) {
        const H = new Float64Array(count * T * T);
        for (let s = 0; s < count; s++)
          for (let a = 0; a < T; a++)
            for (let b = 0; b < T; b++)
              for (let k = 0; k < d; k++)
                for (let l = 0; l < d; l++) H[(s * T + a) * T + b] += x(first + s, a, k) * S[k * d + l] * x(first + s, b, l);
        return H;
      },
      async adjointForms(G, first, count) {
        const M = new Float64Array(d * d);
        for (let s = 0; s < count; s++)
          for (let a = 0; a < T; a++)
            for (let b = 0; b < T; b++)
              for (let i = 0; i < d; i++)
                for (let j = 0; j < d; j++) M[i * d + j] += x(first + s, a, i) * G[(s * T + a) * T + b] * x(first + s, b, j);
        return M;
      },
      dispose() {},
    };
    const blocked = new AttentionSensing(flat, X, n, d, forms, 5);
    const S = symmetric();
    const g = rng.fillNormal(new Float64Array(n * flat.L));
    const z = await sensing.forward(S, new Float64Array(n * flat.L));
    const zBlocked = await blocked.forward(S, new Float64Array(n * flat.L));
    const M = await sensing.adjoint(g, new Float64Array(d * d));
    const MBlocked = await blocked.adjoint(g, new Float64Array(d * d));
    // the same sums in another order: round-off only
    for (let i = 0; i < z.length; i++) expect(zBlocked[i]).toBeCloseTo(z[i], 10);
    for (let i = 0; i < d * d; i++) expect(MBlocked[i]).toBeCloseTo(M[i], 10);
  });
});
