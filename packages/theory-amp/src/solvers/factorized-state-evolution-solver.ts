import {
  FreeConvolution,
  inject,
  injectable,
  ParameterError,
  type TheoryPoint,
  type TheoryProblem,
  type TheoryResult,
} from '@attention-hd/core';
import { type HatSpectralMap, softThresholdMap } from '../prior/goe-sample-prior.js';
import { NuclearNormPrior } from '../prior/nuclear-norm-prior.js';
import type { PriorSide } from '../prior/prior-side.js';
import { interpolatingLambdaZero } from '../state-evolution/interpolating-lambda-zero.js';
import { type SpectralDenoiser, softThresholdSpectrum } from '../state-evolution/spectral-denoiser.js';
import { alphaBar as effectiveRatio } from '../thresholds/effective-sample-ratio.js';
import { interpolationThreshold } from '../thresholds/interpolation-threshold.js';
import { type CurveContext, interpolatingPoint, notAResult, StateEvolutionSolver } from './state-evolution-solver.js';

/** The SE of the factorized (tied W, weight decay ⇔ nuclear norm) ERM: docs/theory.md §3.4–3.9. */
@injectable()
export class FactorizedStateEvolutionSolver extends StateEvolutionSolver {
  readonly id = 'se-factorized';
  readonly parameterization = 'factorized';
  /** the penalty on S the ERM of this parameterization has (at κ = 1), for GAMP on a finite instance */
  readonly gampPenalty = 'nuclear' as const;
  readonly description = 'state evolution of the factorized ERM (spectral soft threshold; softmax channel by quasi-Monte Carlo)';
  readonly #thresholds = new WeakMap<CurveContext, number>();

  constructor(@inject(FreeConvolution) freeConvolution: FreeConvolution) {
    super(freeConvolution);
  }

  protected prior(context: CurveContext): PriorSide {
    return new NuclearNormPrior(this.freeConvolution, context.law, context.problem.lambdaTilde, context.problem.kappa);
  }

  protected estimatorSpectrum(problem: TheoryProblem, point: TheoryPoint): SpectralDenoiser {
    return softThresholdSpectrum(problem, point);
  }

  protected hatDenoiser(problem: TheoryProblem, sigmaHat: number): HatSpectralMap {
    return softThresholdMap(problem.lambdaTilde, sigmaHat);
  }

  /** κ = 1: the GOE-sample prior of the exact-law SE has no κd truncation */
  override checkExactLaw(problem: TheoryProblem): void {
    super.checkExactLaw(problem);
    if (problem.kappa !== 1) throw new ParameterError('kappa', problem.kappa, '1 for the exact-law state evolution');
  }

  protected interpolating(context: CurveContext, alpha: number): Omit<TheoryResult, 'seconds'> | null {
    const { problem, law } = context;
    let threshold = this.#thresholds.get(context);
    if (threshold === undefined) {
      threshold = interpolationThreshold(this.freeConvolution, law, problem.noise, problem.T, problem.channel).alpha;
      this.#thresholds.set(context, threshold);
    }
    if (!(alpha < threshold)) return null; // above interpolation: the full SE at λ̃ = 0 (ε = 0, Σ finite)
    const solution = interpolatingLambdaZero(
      this.freeConvolution,
      law,
      problem.noise,
      effectiveRatio(alpha, problem.T, problem.channel),
    );
    const converged = solution.status === 'converged';
    return {
      point: converged ? interpolatingPoint(context, alpha, { ...solution, eta: 1 }) : notAResult(alpha),
      status: solution.status,
      iterations: 0,
      residual: 0,
      reason: `λ → 0⁺ below interpolation (α < α_interp = ${threshold.toPrecision(7)}): ${solution.reason}`,
    };
  }
}
