import {
  type ExactLawSolution,
  type ExactLawSolveOptions,
  ParameterError,
  requireInteger,
  solveFixedPoint,
} from '@attention-hd/core';
import type { ChannelKind } from '../channel/create-output.js';
import { GoeSamplePrior, type HatSpectralMap, softThresholdMap } from '../prior/goe-sample-prior.js';
import type { Hats } from '../prior/prior-side.js';
import { ExactLawChannel, type ExactLawHats, SELF_PAIR_MODES } from './exact-law-channel.js';
import { exactLawTestError } from './exact-law-test-error.js';
import { explicitModes, firstModes, LINDEBERG_THRESHOLD } from './explicit-modes.js';

export interface ExactLawProblem {
  /** the target's d eigenvalues */
  readonly s: Float64Array;
  readonly alpha: number;
  readonly lambdaTilde: number;
  /** the parameterization's denoiser in hat units at Σ̂ (default: the factorized soft threshold at λ̃) */
  readonly denoiser?: (sigmaHat: number) => HatSpectralMap;
  readonly T: number;
  readonly beta: number;
  readonly beta0: number;
  readonly noise: number;
  readonly channel?: ChannelKind;
}

/** substitutions of Ŝ = F(M + C∘Ŝ) per prior update (|C| ≲ 0.1 Σ̂: the error falls ≈ 10× per sweep) */
const SELF_TERM_SWEEPS = 3;

export interface ExactLawSeOptions extends ExactLawSolveOptions {
  readonly lindebergThreshold?: number;
  /** K itself instead of the rule */
  readonly modes?: number;
  /** relative residual of the unknowns (default 1e-5) */
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

export interface ExactLawSeResult extends ExactLawSolution {
  /** Σ of the prior side, and the hats at the fixed point */
  readonly sigma: number;
  readonly qHat: number;
  readonly sigmaHat: number;
  /** m̂ of the Gaussian rest and of each explicit mode (largest s_i first) */
  readonly mHatRest: number;
  readonly mHatModes: readonly number[];
  /** ρ_i of the explicit modes with the rest (ExactLawHats.selfRatios; 1 under the Gaussian law) */
  readonly onsagerRatios: readonly number[];
  /** the hats' Monte Carlo standard errors at the fixed point */
  readonly hatErrors: Readonly<Record<string, number>>;
  readonly unconverged: number;
}

/**
 * The ERM state evolution with the output channel under the exact token law (docs/theory.md §5.4,
 * beyond the paper): the prior side at finite d over fixed GOE draws with one m̂_i per explicit mode
 * (GoeSamplePrior.spikedUpdate with the parameterization's denoiser), the output side by
 * ExactLawChannel on those draws' Ŝ. Iterated on (log q̂, log Σ̂, log m̂_B, log m̂_i) from `start`
 * (e.g. the Gaussian SE's hats) with damping and Anderson mixing; common random numbers make the map
 * deterministic. λ̃ > 0.
 */
export function solveExactLawStateEvolution(
  problem: ExactLawProblem,
  start: Hats,
  options: ExactLawSeOptions = {},
): ExactLawSeResult {
  const { s, alpha, lambdaTilde } = problem;
  const d = requireInteger('d', s.length, { min: 2 });
  if (!(lambdaTilde > 0))
    throw new ParameterError('lambdaTilde', lambdaTilde, '(0, ∞) for the exact-law SE (a GOE-sample prior)');
  if (!(alpha > 0)) throw new ParameterError('alpha', alpha, '(0, ∞)');
  const draws = requireInteger('draws', options.draws ?? 4, { min: 1, max: 100 });
  const samples = requireInteger('samples', options.samples ?? 20_000, { min: 100, max: 10_000_000 });
  const testSamples = requireInteger('testSamples', options.testSamples ?? 200_000, { min: 100, max: 100_000_000 });
  const seed = options.seed ?? 1;
  const split =
    options.modes === undefined
      ? explicitModes(s, options.lindebergThreshold ?? LINDEBERG_THRESHOLD)
      : firstModes(s, requireInteger('modes', options.modes, { min: 0, max: d }));
  const K = split.explicit.length;
  const prior = new GoeSamplePrior(s, lambdaTilde, draws, seed);
  const denoiser = problem.denoiser ?? ((sigmaHat: number) => softThresholdMap(lambdaTilde, sigmaHat));
  const channel = new ExactLawChannel({
    s,
    split,
    T: problem.T,
    beta: problem.beta,
    beta0: problem.beta0,
    noise: problem.noise,
    channel: problem.channel ?? 'softmax',
    samples,
    seed,
  });
  // the unknowns: log q̂, log Σ̂, log m̂_B, log m̂_i of the K explicit modes, then the Onsager ratios ρ
  // of ExactLawHats.selfRatios: explicit–rest (K), pairs of the first P = min(K, SELF_PAIR_MODES)
  const P = Math.min(K, SELF_PAIR_MODES);
  const restAt = 3 + K;
  const pairAt = restAt + K;
  const pairIndex = (i: number, l: number) => pairAt + (i * (i - 1)) / 2 + l; // l < i < P
  const unknowns = pairAt + (P * (P - 1)) / 2;
  const mHats = new Float64Array(d);
  const coefficients = new Float64Array(d * d);
  const priorAt = (y: Float64Array) => {
    mHats.fill(Math.exp(y[2]));
    for (let i = 0; i < K; i++) mHats[split.explicit[i]] = Math.exp(y[3 + i]);
    const sigmaHat = Math.exp(y[1]);
    const map = denoiser(sigmaHat);
    const first = prior.spikedUpdate(Math.exp(y[0]), mHats, map, true);
    if (K === 0) return first;
    // R's mean keeps Σ̂(1 − ρ_ij)Ŝ_ij on the explicit modes' off-diagonal entries: Ŝ = F(M + C∘Ŝ),
    // a contraction (|C| ≲ 0.1 Σ̂), solved by a few substitutions from Ŝ = F(M)
    coefficients.fill(0);
    for (let i = 0; i < K; i++) {
      const a = split.explicit[i];
      const c = sigmaHat * (1 - y[restAt + i]);
      for (let j = 0; j < d; j++) {
        coefficients[a * d + j] = c;
        coefficients[j * d + a] = c;
      }
    }
    // between explicit modes: the pairs' own ρ among the first P, else ρ_i ρ_l (a mode whose token
    // sums are nearly Gaussian has ρ ≈ 1 and leaves the other's, as for a rest mode); the diagonal is
    // in m̂_i
    for (let i = 0; i < K; i++) {
      for (let l = 0; l <= i; l++) {
        const rho = l === i ? 1 : i < P ? y[pairIndex(i, l)] : y[restAt + i] * y[restAt + l];
        const c = sigmaHat * (1 - rho);
        coefficients[split.explicit[i] * d + split.explicit[l]] = c;
        coefficients[split.explicit[l] * d + split.explicit[i]] = c;
      }
    }
    let update = first;
    for (let sweep = 0; sweep < SELF_TERM_SWEEPS; sweep++) {
      const offsets = update.estimators.map((estimator) => {
        const offset = new Float64Array(d * d);
        for (let k = 0; k < d * d; k++) offset[k] = coefficients[k] * estimator[k];
        return offset;
      });
      update = prior.spikedUpdate(Math.exp(y[0]), mHats, map, true, offsets);
    }
    return update;
  };
  let lastHats: ExactLawHats | undefined;
  const result = solveFixedPoint(
    (y) => {
      const update = priorAt(y);
      if (!(update.q > 0 && update.sigma > 0)) return new Float64Array(unknowns).fill(Number.NaN);
      const hats = channel.average(update.estimators, update.sigma, alpha);
      lastHats = hats;
      const next = new Float64Array(y.length);
      next[0] = Math.log(hats.qHat);
      next[1] = Math.log(hats.sigmaHat);
      next[2] = Math.log(hats.mHatRest);
      for (let i = 0; i < K; i++) {
        next[3 + i] = Math.log(hats.mHatModes[i]);
        next[restAt + i] = hats.selfRatios.rest[i];
        if (i < P) for (let l = 0; l < i; l++) next[pairIndex(i, l)] = hats.selfRatios.pairs[i * K + l];
      }
      return next;
    },
    // from the Gaussian SE: one m̂ for every mode, ρ = 1
    Float64Array.from({ length: unknowns }, (_, k) =>
      k === 0 ? Math.log(start.qHat) : k === 1 ? Math.log(start.sigmaHat) : k < restAt ? Math.log(start.mHat) : 1,
    ),
    {
      tolerance: options.tolerance ?? 1e-5,
      maxIterations: options.maxIterations ?? 100,
      damping: 0.5,
      acceleration: 'anderson',
      andersonDepth: 4,
      accelerateBelow: 0.05,
      maxStep: Math.LN2,
      floor: 1,
    },
  );
  const y = result.values;
  const update = priorAt(y);
  const q0 = s.reduce((a, v) => a + v * v, 0) / d;
  // the test error on fresh sequences (another seed than the channel's)
  const tests = update.estimators.map((estimator, j) =>
    exactLawTestError(
      { s, estimator, T: problem.T, beta: problem.beta, beta0: problem.beta0, noise: problem.noise, channel: problem.channel },
      { samples: testSamples, seed: seed + 7919 + 1000 * j, modes: K },
    ),
  );
  const testError = tests.reduce((a, t) => a + t.value, 0) / draws;
  const monteCarlo = Math.sqrt(tests.reduce((a, t) => a + t.standardError ** 2, 0)) / draws;
  const spread = draws > 1 ? Math.sqrt(tests.reduce((a, t) => a + (t.value - testError) ** 2, 0) / (draws - 1) / draws) : 0;
  const modeRecovery = split.explicit.map(
    (i) => update.estimators.reduce((a, estimator) => a + estimator[i * d + i], 0) / (draws * s[i]),
  );
  const hats = lastHats;
  return {
    status: result.status,
    iterations: result.iterations,
    residual: result.residual,
    reason: `${result.reason} (exact-law SE: K = ${K} explicit modes, ${draws} GOE draws × ${samples} sequences)`,
    q: update.q,
    m: update.m,
    sigma: update.sigma,
    mseS: q0 - 2 * update.m + update.q,
    qHat: Math.exp(y[0]),
    sigmaHat: Math.exp(y[1]),
    mHatRest: Math.exp(y[2]),
    mHatModes: Array.from({ length: K }, (_, i) => Math.exp(y[3 + i])),
    mHatRatios: Array.from({ length: K }, (_, i) => Math.exp(y[3 + i] - y[2])),
    onsagerRatios: Array.from({ length: K }, (_, i) => y[restAt + i]),
    modeRecovery,
    draws,
    samplesPerDraw: samples,
    testError,
    testErrorStdErr: Math.max(monteCarlo, spread),
    modes: K,
    lindebergRatio: split.lindebergRatio,
    hatErrors:
      hats === undefined
        ? {}
        : {
            qHat: hats.standardErrors.qHat,
            sigmaHat: hats.standardErrors.sigmaHat,
            mHatRest: hats.standardErrors.mHatRest,
            mHatTopMode: hats.standardErrors.mHatModes[0] ?? 0,
          },
    unconverged: hats?.unconverged ?? 0,
  };
}
