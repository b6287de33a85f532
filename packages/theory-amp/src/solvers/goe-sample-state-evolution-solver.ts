import {
  type FreeConvolution,
  ParameterError,
  type TheoryPoint,
  type TheoryProblem,
  type TheoryResult,
} from '@attention-hd/core';
import { GoeSamplePrior, type HatSpectralMap, softThresholdMap } from '../prior/goe-sample-prior.js';
import type { PriorSide } from '../prior/prior-side.js';
import { finiteDTargetEigenvalues } from '../state-evolution/finite-d-target.js';
import { type SpectralDenoiser, softThresholdSpectrum } from '../state-evolution/spectral-denoiser.js';
import type { ChannelChoice } from '../state-evolution/validate-problem.js';
import { type CurveContext, StateEvolutionSolver, type StateEvolutionSolverOptions } from './state-evolution-solver.js';

/**
 * The factorized SE with the prior side averaged over a few fixed GOE draws at the actual d
 * (docs/theory.md §5.1 (b)) instead of the free convolution μ₀ ⊞ SC(δ²). The target's eigenvalues are the
 * law's d atoms when it is a finite-d law with d equal atoms (the power law), else those of one
 * sample of S₀ at d. Needs λ̃ > 0 (the λ → 0⁺ branch of the free-convolution solver has no
 * finite-d counterpart here). Not registered in the container (the CLI picks one solver per
 * parameterization); use it directly to cross-check the free-convolution SE at finite d.
 */
export class GoeSampleStateEvolutionSolver extends StateEvolutionSolver {
  readonly id = 'se-factorized-goe-samples';
  readonly parameterization = 'factorized';
  readonly description: string;

  constructor(
    freeConvolution: FreeConvolution,
    private readonly draws = 4,
    private readonly seed = 1,
  ) {
    super(freeConvolution);
    this.description = `state evolution of the factorized ERM, prior side averaged over ${draws} fixed GOE draws at finite d`;
  }

  override context(
    problem: TheoryProblem & { channel?: ChannelChoice },
    options: StateEvolutionSolverOptions = {},
  ): CurveContext {
    // checked before any solving (the small-λ̃ continuation would otherwise run first)
    if (!(problem.lambdaTilde > 0)) {
      throw new ParameterError('lambdaTilde', problem.lambdaTilde, '(0, ∞) for the GOE-sample prior');
    }
    if (problem.d === undefined) throw new ParameterError('d', problem.d, 'an integer ≥ 2 for the GOE-sample prior');
    return super.context(problem, options);
  }

  protected prior(context: CurveContext): PriorSide {
    const d = context.problem.d ?? 0;
    return new GoeSamplePrior(
      finiteDTargetEigenvalues(context.problem.target, context.law, d, this.seed),
      context.problem.lambdaTilde,
      this.draws,
      this.seed,
    );
  }

  protected hatDenoiser(problem: TheoryProblem, sigmaHat: number): HatSpectralMap {
    return softThresholdMap(problem.lambdaTilde, sigmaHat);
  }

  protected estimatorSpectrum(problem: TheoryProblem, point: TheoryPoint): SpectralDenoiser {
    return softThresholdSpectrum(problem, point);
  }

  protected interpolating(): Omit<TheoryResult, 'seconds'> | null {
    return null;
  }
}
