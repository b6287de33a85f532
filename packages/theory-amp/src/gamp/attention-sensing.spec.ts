import { Rng } from '@attention-hd/core';
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

  it('forward: z_μk = h_ab(S)/c_ab, against the data model’s own pre-activations', () => {
    const S = symmetric();
    const z = sensing.forward(S, new Float64Array(n * flat.L));
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

  it('adjoint: ⟨𝒜(S), g⟩ = ⟨S, 𝒜*(g)⟩_F for random S and g (round-off: 1e-12 relative)', () => {
    for (let trial = 0; trial < 3; trial++) {
      const S = symmetric();
      const g = rng.fillNormal(new Float64Array(n * flat.L));
      const z = sensing.forward(S, new Float64Array(n * flat.L));
      const M = sensing.adjoint(g, new Float64Array(d * d));
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
});
