import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { deriveStateWords, type SeedLabel } from './derive-seed.js';

/** The serializable state of an Rng: save it, restore it, get the same numbers. */
export interface RngState {
  readonly algorithm: 'xoroshiro128+';
  readonly words: readonly number[];
  /** the second Box–Muller normal of the last pair, not yet handed out */
  readonly spareNormal: number | null;
}

const TWO_POW_MINUS_32 = 2 ** -32;
const TWO_POW_MINUS_53 = 2 ** -53;
const TWO_PI = 2 * Math.PI;

/**
 * Seeded pseudo-random numbers: xoroshiro128+ from pure-rand (32-bit arithmetic, fast in V8, with
 * `getState`/`fromState`), uniform doubles with 53 random bits, Gaussians by Box–Muller. The same
 * seed and stream labels give the same numbers everywhere; `fork` gives independent streams.
 */
export class Rng {
  readonly #generator: RandomGenerator;
  #spare: number | null;

  private constructor(generator: RandomGenerator, spare: number | null) {
    this.#generator = generator;
    this.#spare = spare;
  }

  /** A generator for `seed` and optional stream labels, e.g. `Rng.fromSeed(1, 'teacher')`. */
  static fromSeed(seed: SeedLabel, ...streams: SeedLabel[]): Rng {
    return new Rng(xoroshiro128plusFromState(deriveStateWords(seed, streams)), null);
  }

  static fromState(state: RngState): Rng {
    if (state.algorithm !== 'xoroshiro128+' || state.words.length !== 4) {
      throw new Error(`unsupported Rng state: ${JSON.stringify(state)}`);
    }
    return new Rng(xoroshiro128plusFromState(state.words), state.spareNormal);
  }

  getState(): RngState {
    return { algorithm: 'xoroshiro128+', words: [...this.#generator.getState()], spareNormal: this.#spare };
  }

  /** An independent stream derived from this generator's current state and the labels. */
  fork(...streams: SeedLabel[]): Rng {
    return Rng.fromSeed(this.#generator.getState().join(':'), ...streams);
  }

  nextUint32(): number {
    return this.#generator.next() >>> 0;
  }

  /** Uniform in [0, 1), a multiple of 2^-53. */
  uniform(): number {
    const hi = (this.#generator.next() >>> 0) >>> 5; // 27 bits
    const lo = (this.#generator.next() >>> 0) >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_MINUS_53;
  }

  /** Uniform integer in [0, n), n ≤ 2^32 (multiply-shift; the bias is below 2^-32·n). */
  integer(n: number): number {
    return Math.floor(this.nextUint32() * TWO_POW_MINUS_32 * n);
  }

  /** Standard normal N(0, 1). */
  normal(): number {
    if (this.#spare !== null) {
      const z = this.#spare;
      this.#spare = null;
      return z;
    }
    const u1 = 1 - this.uniform(); // (0, 1]: log is finite
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    this.#spare = radius * Math.sin(TWO_PI * u2);
    return radius * Math.cos(TWO_PI * u2);
  }

  /** Fills `out[offset … offset+length)` with N(0, scale²) draws; returns `out`. */
  fillNormal<A extends Float64Array | Float32Array>(out: A, scale = 1, offset = 0, length = out.length - offset): A {
    const end = offset + length;
    let i = offset;
    if (this.#spare !== null && i < end) out[i++] = scale * this.normal();
    for (; i + 1 < end; i += 2) {
      const u1 = 1 - this.uniform();
      const u2 = this.uniform();
      const radius = scale * Math.sqrt(-2 * Math.log(u1));
      out[i] = radius * Math.cos(TWO_PI * u2);
      out[i + 1] = radius * Math.sin(TWO_PI * u2);
    }
    if (i < end) out[i] = scale * this.normal();
    return out;
  }

  fillUniform<A extends Float64Array | Float32Array>(out: A): A {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }
}
