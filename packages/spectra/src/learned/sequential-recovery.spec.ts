import { atomicLaw, Rng, symmetricEigen } from '@attention-hd/core';
import { describe, expect, it } from 'vitest';
import { sequentialRecovery } from './sequential-recovery.js';

// The power-law atoms s_i = c_γ√d i^{−γ} (Q₀ = 1), built here so the test does not depend on targets.
function powerLaw(gamma: number, d: number): Float64Array {
  let sum = 0;
  for (let i = 1; i <= d; i++) sum += i ** (-2 * gamma);
  return Float64Array.from({ length: d }, (_, k) => (Math.sqrt(d) * (k + 1) ** -gamma) / Math.sqrt(sum));
}

/** One finite-d draw of S₀ + δZ (S₀ diagonal) and its eigen-decomposition: the independent check. */
function simulate(s: Float64Array, delta: number, seed: number) {
  const d = s.length;
  const rng = Rng.fromSeed(seed);
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const z = ((rng.normal() + rng.normal()) / Math.sqrt(2 * d)) * delta;
      m[i * d + j] = z;
      m[j * d + i] = z;
    }
    m[i * d + i] += s[i];
  }
  const { values, vectors } = symmetricEigen(m, d);
  return { values, vectors: vectors as Float64Array };
}

describe('sequential spectral recovery (docs/theory.md §4.1, §5.1)', () => {
  const d = 400;
  const s = powerLaw(0.75, d);
  const law = atomicLaw(s);
  const delta = 0.5;
  const sim = simulate(s, delta, 11);

  it('predicts the top outliers and their overlaps of one d = 400 GOE draw', () => {
    const recovery = sequentialRecovery(law, { delta, eta: 1, epsilon: 0 });
    for (let k = 0; k < 3; k++) {
      const mode = recovery.modes[k];
      const empirical = sim.values[d - 1 - k];
      // eigenvalue fluctuations are O(δ/√d) = 0.025 against positions 3–13: 1 %
      expect(Math.abs(mode.position / empirical - 1), `position of mode ${k + 1}`).toBeLessThan(0.01);
      // squared overlap with e_k: fluctuations O(δ/(s√d)), 0.03 absolute
      const overlap = sim.vectors[(d - 1 - k) * d + k] ** 2;
      expect(Math.abs(mode.overlap2 - overlap), `overlap of mode ${k + 1}`).toBeLessThan(0.03);
    }
  });

  it('recovers modes in order of size as δ falls, and ε cuts the recovered ones from below', () => {
    let previous = 0;
    for (const delta of [4, 2, 1, 0.5, 0.25, 0.1]) {
      const r = sequentialRecovery(law, { delta, eta: 1, epsilon: 0 });
      expect(r.recovered).toBeGreaterThanOrEqual(previous);
      // the recovered modes are exactly the top K
      expect(r.modes.slice(0, r.recovered).every((m) => m.recovered)).toBe(true);
      expect(r.modes.slice(r.recovered).some((m) => m.recovered)).toBe(false);
      previous = r.recovered;
    }
    expect(previous).toBeGreaterThan(10);
    const cut = sequentialRecovery(law, { delta: 0.25, eta: 1, epsilon: 2 });
    expect(cut.thresholded).toBeGreaterThan(0);
    expect(cut.modes.filter((m) => m.recovered).every((m) => m.position > 2)).toBe(true);
  });
});
