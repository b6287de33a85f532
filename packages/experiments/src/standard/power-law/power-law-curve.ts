import { ParameterError, type TargetModel, TargetRegistry, type TheoryResult, type TrainingResult } from '@attention-hd/core';
import {
  type AsymptoticTestError,
  asymptoticTestError,
  type ExactLaw,
  type ExactLawAtPoint,
  exactLawAsymptoticError,
  exactLawAt,
  exactLawTestErrorAt,
  type LambdaSchedule,
  parseLambdaSchedule,
} from '@attention-hd/theory-amp';
import { paperParameterization, type Services, theorySolverFor, trainWithAdam } from '../experiment-services.js';

/** The parameters every power-law experiment shares (docs/theory.md §5, Figs. 3–5: γ = 0.75, Δ = 0.5, T = 2). */
export const powerLawSchema = {
  gamma: {
    kind: 'number',
    symbol: 'γ',
    description: 'decay exponent of the target eigenvalues s_i = c_γ√d i^{−γ}',
    default: 0.75,
    range: { min: 0.5, minExclusive: true, max: 10 },
  },
  noise: { kind: 'number', symbol: 'Δ', description: 'label-noise variance Δ', default: 0.5, range: { min: 0 } },
  T: { kind: 'number', symbol: 'T', description: 'tokens', default: 2, range: { integer: true, min: 2, max: 12 } },
  beta: {
    kind: 'number',
    symbol: 'β',
    description: 'student = target inverse temperature',
    default: 1,
    range: { min: 0, minExclusive: true },
  },
  samples: {
    kind: 'number',
    description: 'channel integration nodes of the SE (common to every point, so e_test − e∞ is smooth)',
    default: 16384,
    range: { integer: true, min: 1024, max: 1048576 },
  },
} as const;

/** The test-error law of the theory points (docs/theory.md §5.4), for the experiments that report e_test. */
export const channelLawSchema = {
  channelLaw: {
    kind: 'choice',
    description:
      "theory e_test under 'gaussian' (the paper's channel) or 'exact' (the exact token law at d, docs/theory.md §5.4; the Gaussian value is kept beside it)",
    default: 'gaussian',
    choices: ['gaussian', 'exact'],
  },
  exactSamples: {
    kind: 'number',
    description: "token sequences per estimator draw for the e_test of channelLaw 'exact'",
    default: 100000,
    range: { integer: true, min: 1000, max: 10000000 },
  },
  exactDraws: {
    kind: 'number',
    description: "GOE draws of the estimator with channelLaw 'exact' (the exact-law SE's prior side and its e_test)",
    default: 4,
    range: { integer: true, min: 1, max: 100 },
  },
} as const;

/** The values PowerLawCurve reads (every power-law experiment has them; Adam's only where it trains). */
export interface PowerLawValues {
  readonly gamma: number;
  readonly noise: number;
  readonly T: number;
  readonly beta: number;
  readonly samples: number;
  readonly tol?: number;
  readonly maxSteps?: number;
  /** the trainer id of the finite-d points (default: the parameterization's default trainer) */
  readonly simulator?: string;
}

/** A λ(n, d) parameter: "1/d", "1", "sqrt(d)", "0.5*sqrt(n)/d", … (checked when the run starts). */
export const lambdaPattern = '^[0-9a-z.^*/()+;\\- ]+$';

export function powerLawTarget(services: Services, gamma: number): TargetModel {
  return services.get(TargetRegistry).get('power-law').create({ gamma });
}

/** "1/d;1;sqrt(d)" → the schedules, named after the parameter they came from for errors. */
export function schedules(text: string, name: string): LambdaSchedule[] {
  const parts = text.split(';').map((p) => p.trim());
  if (parts.some((p) => p === ''))
    throw new ParameterError(name, text, 'λ(n, d) expressions separated by ";", e.g. "1/d;1;sqrt(d)"');
  return parts.map((p) => parseLambdaSchedule(p, name));
}

/** log_d n values from `logNMin` to `logNMax` in `points` steps. */
export function logNGrid({ logNMin: lo, logNMax: hi, points }: { logNMin: number; logNMax: number; points: number }): number[] {
  if (!(hi > lo)) throw new ParameterError('logNMax', hi, `> logNMin = ${lo}`);
  return Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
}

export interface PowerLawPoint {
  readonly n: number;
  readonly alpha: number;
  readonly lambdaTilde: number;
  readonly result: TheoryResult;
}

/**
 * The finite-d SE of the factorized ERM along n at one d, with λ̃ = λ(n, d) at every point (docs/theory.md
 * §5.1, Conjecture E.1): the free convolution of the d atoms with the semicircle, warm-started from
 * the previous n. Also e∞ (the n → ∞ error on the same nodes) for the excess.
 */
export class PowerLawCurve {
  readonly target: TargetModel;

  constructor(
    private readonly services: Services,
    private readonly parameters: PowerLawValues,
    readonly d: number,
  ) {
    this.target = powerLawTarget(services, parameters.gamma);
  }

  problem(alpha: number, lambdaTilde: number) {
    const { noise, T, beta } = this.parameters;
    return { target: this.target, d: this.d, alpha, lambdaTilde, noise, T, beta, beta0: beta, kappa: 1 };
  }

  get options() {
    return { samples: this.parameters.samples, seed: 1 };
  }

  asymptotic(): AsymptoticTestError {
    return asymptoticTestError(theorySolverFor(this.services, paperParameterization), this.problem(1, 1), this.options);
  }

  /** e∞ under the exact token law (docs/theory.md §5.4), `samples` sequences per evaluation. */
  asymptoticExact(samples: number): AsymptoticTestError {
    const exact = exactLawAsymptoticError(this.problem(1, 1), { samples, seed: 1 });
    return { value: exact.value, standardError: exact.standardError, scale: exact.scale, atTarget: Number.NaN };
  }

  /** e_test of a fixed point's estimator under the exact token law (docs/theory.md §5.4). */
  exactTestError(point: PowerLawPoint, samples: number): ExactLawAtPoint {
    const solver = theorySolverFor(this.services, paperParameterization);
    return exactLawTestErrorAt(solver, this.problem(point.alpha, point.lambdaTilde), point.result.point, { samples, seed: 1 });
  }

  /**
   * The fixed point re-solved under the exact token law, its e_test and MSE_S (docs/theory.md §5.4;
   * the factorized SE's training side moves too).
   */
  exactLaw(point: PowerLawPoint, samples: number, draws: number): ExactLaw {
    const solver = theorySolverFor(this.services, paperParameterization);
    return exactLawAt(solver, this.problem(point.alpha, point.lambdaTilde), point.result.point, { samples, draws, seed: 1 });
  }

  /** One Adam run of the factorized ERM at this d on n samples (the power-law experiments' simulation). */
  train(n: number, lambda: number, seed: number, backend: string | undefined): Promise<TrainingResult> {
    const { noise, T, beta, tol, maxSteps } = this.parameters;
    if (tol === undefined || maxSteps === undefined) throw new Error('PowerLawCurve.train needs tol and maxSteps');
    return trainWithAdam(
      this.services,
      {
        parameterization: paperParameterization,
        target: this.target,
        d: this.d,
        kappa: 1,
        alpha: n / (this.d * this.d),
        lambda,
        noise,
        T,
        beta,
        beta0: beta,
        output: 'seq2lab',
        tolerance: tol,
        maxSteps,
        seed,
        simulator: this.parameters.simulator,
      },
      { backend },
    );
  }

  async solve(ns: readonly number[], schedule: LambdaSchedule, onPoint?: (p: PowerLawPoint) => void): Promise<PowerLawPoint[]> {
    const solver = theorySolverFor(this.services, paperParameterization);
    const out: PowerLawPoint[] = [];
    let warm: TheoryResult['point'] | undefined;
    for (const n of ns) {
      const alpha = n / (this.d * this.d);
      const lambdaTilde = schedule.at(n, this.d);
      const result = await solver.solve(this.problem(alpha, lambdaTilde), { ...this.options, warmStart: warm });
      if (result.status === 'converged' && result.point.q > 0) warm = result.point; // Ŝ = 0 (q = 0) is no start for log q
      const point = { n, alpha, lambdaTilde, result };
      out.push(point);
      onPoint?.(point);
    }
    return out;
  }
}
