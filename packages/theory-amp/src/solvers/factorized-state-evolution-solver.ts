import {
  type ExactLawSolveOptions,
  FreeConvolution,
  inject,
  injectable,
  ParameterError,
  requireInteger,
  type TheoryPoint,
  type TheoryProblem,
  type TheoryResult,
} from '@attention-hd/core';
import { type ExactLawSeResult, solveExactLawStateEvolution } from '../exact-law/exact-law-state-evolution.js';
import { NuclearNormPrior } from '../prior/nuclear-norm-prior.js';
import type { PriorSide } from '../prior/prior-side.js';
import { typicalTargetEigenvalues } from '../state-evolution/finite-d-target.js';
import { interpolatingLambdaZero } from '../state-evolution/interpolating-lambda-zero.js';
import { type SpectralDenoiser, softThresholdSpectrum } from '../state-evolution/spectral-denoiser.js';
import type { ChannelChoice } from '../state-evolution/validate-problem.js';
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

  /**
   * The SE with the exact token law in the output channel (docs/theory.md §5.4): the prior side over
   * GOE draws at d with one m̂_i per explicit target mode, from the Gaussian fixed point's hats.
   * κ = 1 and λ̃ > 0 (the GOE-sample prior has neither the κd truncation nor the λ → 0⁺ branch).
   */
  solveExactLaw(
    problem: TheoryProblem & { channel?: ChannelChoice },
    point: TheoryPoint,
    options: ExactLawSolveOptions = {},
  ): ExactLawSeResult {
    this.checkExactLaw(problem);
    const d = problem.d as number;
    if (!(point.qHat > 0 && point.mHat > 0 && point.sigmaHat > 0)) {
      throw new ParameterError('point', `q̂ = ${point.qHat}, m̂ = ${point.mHat}, Σ̂ = ${point.sigmaHat}`, 'a converged fixed point');
    }
    const s = typicalTargetEigenvalues(problem.target.spectralLaw(d), d);
    return solveExactLawStateEvolution({ ...problem, s, channel: problem.channel }, point, options);
  }

  checkExactLaw(problem: TheoryProblem): void {
    requireInteger('d', problem.d, { min: 2, max: 4000 });
    if (problem.kappa !== 1) throw new ParameterError('kappa', problem.kappa, '1 for the exact-law state evolution');
    if (!(problem.lambdaTilde > 0)) {
      throw new ParameterError('lambdaTilde', problem.lambdaTilde, '(0, ∞) for the exact-law state evolution');
    }
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
