import { describe, expect, it } from 'vitest';
import { deriveStateWords } from './derive-seed.js';
import { haarOrthogonal } from './haar-orthogonal.js';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('gives the same numbers for the same seed and stream, others for other streams', () => {
    const a = Rng.fromSeed(1, 'data');
    const b = Rng.fromSeed(1, 'data');
    const c = Rng.fromSeed(1, 'teacher');
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it('matches the published 64-bit xoroshiro128+ (24, 16, 37) on the same state', () => {
    // Independent reference: the algorithm of Blackman & Vigna in BigInt arithmetic. Our state words
    // are [hi(s0), lo(s0), hi(s1), lo(s1)] and each draw is the low 32 bits of s0 + s1.
    const words = deriveStateWords(1, ['reference']);
    const u64 = (hi: number, lo: number) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    const mask = (1n << 64n) - 1n;
    const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & mask;
    let s0 = u64(words[0], words[1]);
    let s1 = u64(words[2], words[3]);
    const expected: number[] = [];
    for (let i = 0; i < 8; i++) {
      expected.push(Number((s0 + s1) & 0xffffffffn));
      s1 ^= s0;
      s0 = rotl(s0, 24n) ^ s1 ^ ((s1 << 16n) & mask);
      s1 = rotl(s1, 37n);
    }
    const rng = Rng.fromSeed(1, 'reference');
    expect(Array.from({ length: 8 }, () => rng.nextUint32())).toEqual(expected);
  });

  it('restores from a serialized state, spare normal included', () => {
    const rng = Rng.fromSeed('state-test');
    rng.normal(); // leaves a spare
    const saved = JSON.parse(JSON.stringify(rng.getState()));
    const next = [rng.normal(), rng.normal(), rng.uniform()];
    const restored = Rng.fromState(saved);
    expect([restored.normal(), restored.normal(), restored.uniform()]).toEqual(next);
  });

  it('fillNormal draws exactly the sequence of normal() calls', () => {
    const a = Rng.fromSeed(5);
    const b = Rng.fromSeed(5);
    a.normal();
    b.normal();
    const filled = a.fillNormal(new Float64Array(7));
    const called = Array.from({ length: 7 }, () => b.normal());
    expect(Array.from(filled)).toEqual(called);
  });

  it('draws uniforms in [0, 1) and normals with mean 0 and variance 1', () => {
    const rng = Rng.fromSeed(42);
    const n = 200_000;
    let uMin = 1;
    let uMax = 0;
    let uSum = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      uMin = Math.min(uMin, u);
      uMax = Math.max(uMax, u);
      uSum += u;
    }
    expect(uMin).toBeGreaterThanOrEqual(0);
    expect(uMax).toBeLessThan(1);
    // Mean 1/2 with standard error √(1/12/n) ≈ 6.5e-4: 5 standard errors.
    expect(Math.abs(uSum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    const z = rng.fillNormal(new Float64Array(n));
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    for (const x of z) {
      s1 += x;
      s2 += x * x;
      s4 += x ** 4;
    }
    // Standard errors: mean 1/√n, variance √(2/n), fourth moment √(96/n) (E z⁸ − 9 = 96).
    expect(Math.abs(s1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('forks independent, reproducible streams', () => {
    const parent = Rng.fromSeed(3);
    const child1 = parent.fork('a');
    const child2 = Rng.fromSeed(3).fork('a');
    expect(child1.uniform()).toBe(child2.uniform());
    expect(parent.fork('b').uniform()).not.toBe(Rng.fromSeed(3).fork('a').uniform());
  });
});

describe('haarOrthogonal', () => {
  it('is orthogonal to round-off', () => {
    const d = 60;
    const o = haarOrthogonal(d, Rng.fromSeed(9));
    let worst = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += o[k * d + i] * o[k * d + j];
        worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('is Haar: E O₁₁² = 1/d and E O₁₁⁴ = 3/(d(d+2))', () => {
    // For a Haar vector on the sphere S^{d−1}: E x₁² = 1/d, E x₁⁴ = 3/(d(d+2)). With the sign
    // correction omitted the first column would be biased towards −e₁ (E x₁ < 0).
    const d = 4;
    const draws = 20_000;
    const rng = Rng.fromSeed(10);
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (let t = 0; t < draws; t++) {
      const x = haarOrthogonal(d, rng)[0];
      m1 += x / draws;
      m2 += (x * x) / draws;
      m4 += x ** 4 / draws;
    }
    expect(Math.abs(m1)).toBeLessThan(5 * Math.sqrt(1 / d / draws));
    expect(Math.abs(m2 - 1 / d)).toBeLessThan(5 * Math.sqrt((3 / (d * (d + 2)) - 1 / d ** 2) / draws));
    expect(Math.abs(m4 - 3 / (d * (d + 2)))).toBeLessThan(0.01);
  });
});
