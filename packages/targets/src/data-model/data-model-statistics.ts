import { type Rng, requireInteger, requireNumber, symmetricEigenvalues, type TargetModel } from '@attention-hd/core';
import { sampleLabelNoise } from './label-noise.js';
import { preActivationsFromFactor, preActivationsFromMatrix } from './pre-activations.js';
import { softmaxRows } from './softmax.js';

export interface ComparedValue {
  readonly empirical: number;
  /** the exact value it estimates */
  readonly exact: number;
  /** standard error of the empirical value, where it is a sample mean */
  readonly standardError?: number;
}

export interface DataModelStatistics {
  /** (1/d) Tr S₀ᵏ of the drawn S₀ vs the moments of the target's law */
  readonly spectralMoments: readonly (ComparedValue & { readonly k: number })[];
  /** Q = (1/d) Tr S₀² of the drawn S₀ (sets the exact variances below) */
  readonly q: number;
  /** Var h_aa vs 2Q and Var h_ab (a ≠ b) vs Q, over the n·T and n·T(T−1)/2 entries */
  readonly preActivationVariance: { readonly diagonal: ComparedValue; readonly offDiagonal: ComparedValue };
  /** label-noise variances vs Δ and Δ/2 */
  readonly noiseVariance: { readonly diagonal: ComparedValue; readonly offDiagonal: ComparedValue };
  /** max over rows of |Σ_b A_ab − 1| for the target attention σ_{β₀}(h + √ΔΞ) */
  readonly attentionRowSumError: number;
}

export interface DataModelStatisticsRequest {
  readonly target: TargetModel;
  readonly d: number;
  readonly n: number;
  readonly T: number;
  readonly noise: number;
  readonly beta0: number;
  /** S₀ is drawn from rng.fork('teacher'), tokens from 'tokens', noise from 'label-noise' */
  readonly rng: Rng;
}

/**
 * Draws S₀ and a batch of the attention-indexed model and compares what can be checked exactly:
 * the spectral moments of S₀ with its law, the variances of h and of the label noise with 2Q, Q,
 * Δ and Δ/2 (docs/theory.md §2.2–2.3), and the row sums of the target attention.
 */
export function dataModelStatistics(request: DataModelStatisticsRequest): DataModelStatistics {
  const { target, rng } = request;
  const d = requireInteger('d', request.d, { min: 1 });
  const n = requireInteger('n', request.n, { min: 2 });
  const T = requireInteger('T', request.T, { min: 2 });
  const noise = requireNumber('noise', request.noise, { min: 0 });
  const beta0 = requireNumber('beta0', request.beta0, { min: 0, minExclusive: true });

  const sampled = target.sample(d, rng.fork('teacher'));
  const eigenvalues = symmetricEigenvalues(sampled.S, d);
  const law = target.spectralLaw(d);
  const spectralMoments = [1, 2, 3].map((k) => {
    let empirical = 0;
    for (const e of eigenvalues) empirical += e ** k / d;
    return { k, empirical, exact: law.moment(k) };
  });
  const q = spectralMoments[1].empirical;

  const X = rng.fork('tokens').fillNormal(new Float64Array(n * T * d));
  const h =
    sampled.factor !== undefined
      ? preActivationsFromFactor(X, n, T, d, sampled.factor.F, sampled.factor.rank, 1)
      : preActivationsFromMatrix(X, n, T, d, sampled.S);
  const xi = sampleLabelNoise(n, T, noise, rng.fork('label-noise'));

  const hDiagonal = new MomentAccumulator();
  const hOff = new MomentAccumulator();
  const xiDiagonal = new MomentAccumulator();
  const xiOff = new MomentAccumulator();
  for (let s = 0; s < n; s++) {
    const base = s * T * T;
    for (let a = 0; a < T; a++) {
      hDiagonal.add(h[base + a * T + a]);
      xiDiagonal.add(xi[base + a * T + a]);
      for (let b = a + 1; b < T; b++) {
        hOff.add(h[base + a * T + b]);
        xiOff.add(xi[base + a * T + b]);
      }
    }
  }
  for (let i = 0; i < h.length; i++) h[i] += xi[i];
  const attention = softmaxRows(h, n, T, beta0, h);
  let attentionRowSumError = 0;
  for (let row = 0; row < n * T; row++) {
    let sum = 0;
    for (let b = 0; b < T; b++) sum += attention[row * T + b];
    attentionRowSumError = Math.max(attentionRowSumError, Math.abs(sum - 1));
  }
  return {
    spectralMoments,
    q,
    preActivationVariance: { diagonal: hDiagonal.compare(2 * q), offDiagonal: hOff.compare(q) },
    noiseVariance: { diagonal: xiDiagonal.compare(noise), offDiagonal: xiOff.compare(noise / 2) },
    attentionRowSumError,
  };
}

/** Second moment about 0 (the means are 0 exactly) with its standard error from the fourth moment. */
class MomentAccumulator {
  #count = 0;
  #m2 = 0;
  #m4 = 0;

  add(x: number): void {
    this.#count++;
    this.#m2 += x * x;
    this.#m4 += x ** 4;
  }

  compare(exact: number): ComparedValue {
    const m2 = this.#m2 / this.#count;
    const m4 = this.#m4 / this.#count;
    return { empirical: m2, exact, standardError: Math.sqrt(Math.max(0, m4 - m2 * m2) / this.#count) };
  }
}
