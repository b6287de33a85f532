import { FreeConvolution, inject, injectable, type TheoryProblem, type TheoryResult } from '@attention-hd/core';
import { type FrobeniusConvention, FrobeniusPrior, frobeniusFactor } from '../prior/frobenius-prior.js';
import { type HatSpectralMap, ridgeMap } from '../prior/goe-sample-prior.js';
import type { PriorSide } from '../prior/prior-side.js';
import { minimumNormDirect } from '../state-evolution/interpolating-lambda-zero.js';
import { linearSpectrum, type SpectralDenoiser } from '../state-evolution/spectral-denoiser.js';
import { alphaBar as effectiveRatio } from '../thresholds/effective-sample-ratio.js';
import { type CurveContext, interpolatingPoint, StateEvolutionSolver } from './state-evolution-solver.js';

/**
 * The SE of the direct (Frobenius-penalised symmetric S) ERM: docs/theory.md §3.10. Its variants are the
 * conventions of how λ̃ enters (see FrobeniusConvention): 'simulation' (default) matches the
 * trainer's penalty, 'stored-theory' the authors' SE_L2 files.
 */
@injectable()
export class DirectStateEvolutionSolver extends StateEvolutionSolver {
  readonly id = 'se-direct';
  readonly parameterization = 'direct';
  /** the penalty on S the ERM of this parameterization has, for GAMP on a finite instance */
  readonly gampPenalty = 'frobenius' as const;
  readonly description =
    'state evolution of the direct ERM (ridge denoiser on all symmetric S; softmax channel by quasi-Monte Carlo)';
  override readonly variants: readonly FrobeniusConvention[] = ['simulation', 'stored-theory'];

  constructor(@inject(FreeConvolution) freeConvolution: FreeConvolution) {
    super(freeConvolution);
  }

  protected prior(context: CurveContext): PriorSide {
    const convention = (context.options.variant ?? 'simulation') as FrobeniusConvention;
    return new FrobeniusPrior(context.q0, context.problem.lambdaTilde, convention);
  }

  protected estimatorSpectrum(problem: TheoryProblem): SpectralDenoiser {
    return linearSpectrum(problem);
  }

  /** the ridge with the trainer's penalty (the 'simulation' convention, c = 4) */
  protected hatDenoiser(problem: TheoryProblem, sigmaHat: number): HatSpectralMap {
    return ridgeMap(sigmaHat + frobeniusFactor('simulation') * problem.lambdaTilde);
  }

  protected interpolating(context: CurveContext, alpha: number): Omit<TheoryResult, 'seconds'> | null {
    const ratio = effectiveRatio(alpha, context.problem.T, context.problem.channel);
    if (!(ratio < 0.5)) return null;
    const solution = minimumNormDirect(context.q0, context.problem.noise, ratio);
    return {
      point: interpolatingPoint(context, alpha, { ...solution, epsilon: 0, rankFraction: 1 }),
      status: 'converged',
      iterations: 0,
      residual: 0,
      reason: `λ → 0⁺ below ᾱ = 1/2: minimum-Frobenius-norm interpolator (closed form)`,
    };
  }
}
