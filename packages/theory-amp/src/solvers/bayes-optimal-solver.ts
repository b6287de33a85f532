import {
  type CrossValidatedResult,
  FreeConvolution,
  inject,
  injectable,
  ParameterError,
  type TestErrorEstimate,
  type TheoryBranch,
  type TheoryOptions,
  type TheoryPoint,
  type TheoryProblem,
  type TheoryResult,
  type TheorySolver,
  type TrajectoryPoint,
} from '@attention-hd/core';
import { bayesOptimalFixedPoint } from '../bayes-optimal/bayes-optimal-fixed-point.js';
import { BayesOptimalTestError } from '../bayes-optimal/bayes-optimal-test-error.js';
import { createOutput } from '../channel/create-output.js';
import { FlatSymmetric } from '../channel/flat-symmetric.js';
import { rieMmse } from '../prior/rie-mmse.js';
import { notAResult } from '../state-evolution/not-a-result.js';
import { type ChannelChoice, validateProblem } from '../state-evolution/validate-problem.js';
import { alphaBar } from '../thresholds/effective-sample-ratio.js';

/**
 * The Bayes-optimal state evolution (docs/theory.md §3.13): the lowest test error and weight MSE any
 * estimator can reach, for comparison with the ERM. Prior side: the rotationally invariant
 * estimator's mmse(1/q̂) for any target law (free convolution). Output side: the softmax inverted row
 * by row up to the c11ᵀ shift, i.e. a Gaussian linear channel on ᾱ d² observations of noise Δ/2. The
 * student's β, κ and λ̃ do not enter (the Bayes estimator knows the target, β₀ included).
 */
@injectable()
export class BayesOptimalSolver implements TheorySolver {
  readonly id = 'bayes-optimal';
  readonly description =
    'Bayes-optimal state evolution (rotationally invariant estimator prior side, softmax inverted row by row); the lower bound on every estimator';
  readonly variants: readonly string[] = [];

  constructor(@inject(FreeConvolution) private readonly freeConvolution: FreeConvolution) {}

  async solve(problem: TheoryProblem & { channel?: ChannelChoice }, options: TheoryOptions = {}): Promise<TheoryResult> {
    return this.#solve(problem, this.#testError(problem, options), new Map());
  }

  async solveCurve(
    problem: Omit<TheoryProblem, 'alpha'> & { channel?: ChannelChoice },
    alphas: readonly number[],
    options: TheoryOptions = {},
    onPoint?: (result: TheoryResult, index: number) => void,
  ): Promise<TheoryResult[]> {
    if (alphas.length === 0) return [];
    const testError = this.#testError({ ...problem, alpha: alphas[0] }, options);
    const mmseCache = new Map<number, number>(); // the same law along the curve: mmse(t) on the grid's lattice is reused
    return alphas.map((alpha, i) => {
      const result = this.#solve({ ...problem, alpha }, testError, mmseCache);
      onPoint?.(result, i);
      return result;
    });
  }

  async crossValidate(): Promise<CrossValidatedResult> {
    throw new ParameterError('cv', true, 'false for the bayes-optimal solver (it has no λ̃ to choose)');
  }

  /**
   * The Bayes-optimal SE as an iteration, what GAMP-BO's overlaps follow (docs/theory.md §3.14): the
   * output variance V gives t = 1/q̂ = (V + Δ/2)/(2ᾱ), the RIE gives V' = mmse(t) and q' = m' = Q₀ − V'.
   * GAMP-BO's start Ŝ = 0 with variance V₀ is `start.sigma` = V₀ (the start's q and m do not enter).
   */
  async trajectory(
    problem: TheoryProblem & { channel?: ChannelChoice },
    start: { readonly sigma: number },
    iterations: number,
  ): Promise<TrajectoryPoint[]> {
    const validated = validateProblem(problem);
    const law = validated.target.spectralLaw(validated.d);
    const q0 = law.moment(2);
    const ratio = alphaBar(validated.alpha, validated.T, validated.channel);
    const points: TrajectoryPoint[] = [];
    let V = start.sigma;
    for (let iteration = 1; iteration <= iterations; iteration++) {
      V = rieMmse(this.freeConvolution, law, (V + validated.noise / 2) / (2 * ratio));
      if (!Number.isFinite(V)) break;
      points.push({ iteration, q: q0 - V, m: q0 - V, sigma: V, mseS: V });
    }
    return points;
  }

  /** The Bayes prediction's e_test for an estimator of overlap q (Nishimori: m = q; α, λ̃ do not enter). */
  testErrorEstimator(
    problem: TheoryProblem & { channel?: ChannelChoice },
    options: TheoryOptions = {},
  ): (q: number, m: number) => TestErrorEstimate {
    const testError = this.#testError(problem, options);
    const variance = problem.target.spectralLaw(problem.d).moment(2) + problem.noise / 2;
    return (q, m) => {
      if (Math.abs(q - m) > 1e-9 * Math.max(1, Math.abs(q))) {
        throw new RangeError(`the Bayes-optimal estimator has m = q, got q = ${q}, m = ${m}`);
      }
      return testError.estimate(q, variance);
    };
  }

  #testError(problem: TheoryProblem & { channel?: ChannelChoice }, options: TheoryOptions): BayesOptimalTestError {
    const validated = validateProblem(problem);
    const softmax = validated.channel === 'softmax';
    const output = createOutput(validated.channel, new FlatSymmetric(validated.T), validated.beta0);
    return new BayesOptimalTestError(output, softmax, options.samples ?? 65536, options.seed ?? 1);
  }

  #solve(
    problem: TheoryProblem & { channel?: ChannelChoice },
    testError: BayesOptimalTestError,
    mmseCache: Map<number, number>,
  ): TheoryResult {
    const started = performance.now();
    const validated = validateProblem(problem);
    const law = validated.target.spectralLaw(validated.d);
    const q0 = law.moment(2);
    const priorVariance = q0 - law.moment(1) ** 2;
    const noise = validated.noise;
    const fixedPoint = bayesOptimalFixedPoint({
      alphaBar: alphaBar(validated.alpha, validated.T, validated.channel),
      noise,
      priorVariance,
      mmse: (t) => {
        let value = mmseCache.get(t);
        if (value === undefined) {
          value = rieMmse(this.freeConvolution, law, t);
          mmseCache.set(t, value);
        }
        return value;
      },
    });
    const seconds = () => (performance.now() - started) / 1000;
    if (fixedPoint.status !== 'converged') {
      return {
        point: notAResult(validated.alpha),
        status: fixedPoint.status,
        iterations: fixedPoint.evaluations,
        residual: fixedPoint.residual,
        reason: fixedPoint.reason,
        seconds: seconds(),
      };
    }
    const variance = q0 + noise / 2;
    const branches: TheoryBranch[] = fixedPoint.branches.map((b) => ({
      q: q0 - b.mmse,
      mseS: b.mmse,
      testError: testError.estimate(q0 - b.mmse, variance).value,
      potential: b.potential,
      stable: b.stable,
      selected: b.t === fixedPoint.t,
    }));
    const q = q0 - fixedPoint.mmse;
    const error = testError.estimate(q, variance);
    const qHat = 1 / fixedPoint.t;
    const zeroMass = zeroAtomMass(law.atoms);
    const point: TheoryPoint = {
      alpha: validated.alpha,
      q,
      m: q,
      // V = Q₀ − q, the posterior variance per entry (GAMP-BO's output-step variance, Σ's role)
      sigma: fixedPoint.mmse,
      qHat,
      mHat: qHat,
      sigmaHat: qHat,
      delta: Math.sqrt(fixedPoint.t),
      epsilon: 0,
      eta: 1,
      testError: error.value,
      testErrorStdErr: error.standardError,
      trainLoss: Number.NaN,
      mseS: fixedPoint.mmse,
      // the RIE keeps Y's eigenvectors with a smooth eigenvalue map: full rank unless it recovers S₀
      rankFraction: fixedPoint.t === 0 ? 1 - zeroMass : 1,
      valid: true,
    };
    return {
      point,
      status: 'converged',
      iterations: fixedPoint.evaluations,
      residual: fixedPoint.residual,
      reason: `${fixedPoint.reason}; ${fixedPoint.evaluations} evaluations of mmse(t)`,
      seconds: seconds(),
      monteCarloErrors: { testError: error.standardError },
      ...(branches.length > 1 ? { branches } : {}),
    };
  }
}

function zeroAtomMass(atoms: { positions: ArrayLike<number>; weights: ArrayLike<number> }): number {
  let mass = 0;
  for (let i = 0; i < atoms.positions.length; i++) if (Math.abs(atoms.positions[i]) < 1e-12) mass += atoms.weights[i];
  return mass;
}
