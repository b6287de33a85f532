import {
  type CrossValidatedResult,
  type EstimatorSample,
  type ExactLawSolveOptions,
  type FreeConvolution,
  ParameterError,
  requireInteger,
  requireNumber,
  requireOneOf,
  type SpectralLaw,
  type TestErrorEstimate,
  type TheoryOptions,
  type TheoryPoint,
  type TheoryProblem,
  type TheoryResult,
  type TheorySolver,
  type TrajectoryPoint,
} from '@attention-hd/core';
import type { ChannelIntegrator } from '../channel/channel-integrator.js';
import type { HatForms } from '../channel/hat-estimators.js';
import type { ProximalBranch } from '../channel/proximal-branch.js';
import { crossValidateLambda } from '../cross-validation/cross-validate-lambda.js';
import { type ExactLawSeResult, solveExactLawStateEvolution } from '../exact-law/exact-law-state-evolution.js';
import type { HatSpectralMap } from '../prior/goe-sample-prior.js';
import type { PriorSide } from '../prior/prior-side.js';
import { setUpChannel } from '../state-evolution/channel-setup.js';
import { typicalTargetEigenvalues } from '../state-evolution/finite-d-target.js';
import { notAResult } from '../state-evolution/not-a-result.js';
import { sampleEstimators } from '../state-evolution/sample-estimators.js';
import type { SpectralDenoiser } from '../state-evolution/spectral-denoiser.js';
import {
  defaultStarts,
  type Overlaps,
  type StateEvolutionSolution,
  solveStateEvolution,
} from '../state-evolution/state-evolution.js';
import { stateEvolutionTrajectory } from '../state-evolution/state-evolution-trajectory.js';
import { type ChannelChoice, type ValidatedProblem, validateProblem } from '../state-evolution/validate-problem.js';
import { zeroEstimatorPoint } from '../state-evolution/zero-estimator.js';
import { relativeDistance, selectBranches } from './fixed-point-branches.js';

export interface StateEvolutionSolverOptions extends TheoryOptions {
  /** use the generic channel even where a closed-form one exists (cross-checks) */
  readonly genericChannel?: boolean;
  /** the proximal branch where the loss makes it non-convex (default 'label', the paper's; see ProximalBranch) */
  readonly proximalBranch?: ProximalBranch;
  /** m̂, Σ̂ estimators: 'auto' (default), or 'stein' / 'derivative' everywhere (cross-checks) */
  readonly hatForms?: HatForms;
  /** 'all' also tries the default initialisations when a warm start is given (default: only at cold starts) */
  readonly initializations?: 'warm' | 'all';
}

/** Everything fixed along a curve: the law, Q₀ and the channel nodes (they do not depend on α). */
export interface CurveContext {
  readonly problem: ValidatedProblem;
  readonly law: SpectralLaw;
  readonly q0: number;
  readonly channel: ChannelIntegrator;
  readonly options: StateEvolutionSolverOptions;
}

/**
 * The shared machinery of the SE solvers (docs/theory.md §3, §6): a fixed channel rule for the whole curve,
 * warm starts along α, two initialisations at a cold start with the lowest Φ kept among converged
 * fixed points (§3.4), and the λ → 0⁺ branch below interpolation. Subclasses give the prior side.
 */
export abstract class StateEvolutionSolver implements TheorySolver {
  abstract readonly id: string;
  abstract readonly parameterization: string;
  abstract readonly description: string;
  readonly variants: readonly string[] = [];

  constructor(protected readonly freeConvolution: FreeConvolution) {}

  /** The denoiser side for this parameterization. */
  protected abstract prior(context: CurveContext): PriorSide;

  /** The fixed point's estimator as a spectral map of S₀ + δZ (docs/theory.md §5.4). */
  protected abstract estimatorSpectrum(problem: TheoryProblem, point: TheoryPoint): SpectralDenoiser;

  /** The prior's denoiser in hat units at Σ̂, for the exact-law SE (docs/theory.md §5.4). */
  protected abstract hatDenoiser(problem: TheoryProblem, sigmaHat: number): HatSpectralMap;

  /** The λ → 0⁺ solution when the estimator interpolates (λ̃ = 0 below threshold), else null. */
  protected abstract interpolating(context: CurveContext, alpha: number): Omit<TheoryResult, 'seconds'> | null;

  async solve(
    problem: TheoryProblem & { channel?: ChannelChoice },
    options: StateEvolutionSolverOptions = {},
  ): Promise<TheoryResult> {
    const [result] = await this.solveCurve(problem, [problem.alpha], options);
    return result;
  }

  async solveCurve(
    problem: Omit<TheoryProblem, 'alpha'> & { channel?: ChannelChoice },
    alphas: readonly number[],
    options: StateEvolutionSolverOptions = {},
    onPoint?: (result: TheoryResult, index: number) => void,
  ): Promise<TheoryResult[]> {
    if (alphas.length === 0) return [];
    // without `samples`, the node count starts at FIRST_SAMPLES and grows (for this and the later
    // points) until e_test's relative MC error is at most mcError (docs/theory.md §6.2)
    const adaptive = options.samples === undefined;
    const target = requireNumber('mcError', options.mcError ?? DEFAULT_MC_ERROR, { min: 0, minExclusive: true, max: 0.5 });
    let samples = adaptive ? FIRST_SAMPLES : options.samples;
    let context = this.context({ ...problem, alpha: alphas[0] }, { ...options, samples });
    const results: TheoryResult[] = [];
    let warm = options.warmStart;
    for (let i = 0; i < alphas.length; i++) {
      let result = this.#searched(context, alphas[i], warm, false);
      const rounds = [samples];
      // a point with several fixed points gets at least BRANCHED_SAMPLES nodes: which branch has the
      // lowest Φ carries Monte Carlo error of its own, beyond e_test's at the selected one
      const short = (r: TheoryResult) =>
        relativeTestError(r) > target || (r.branches !== undefined && (samples ?? 0) < BRANCHED_SAMPLES);
      while (adaptive && samples !== undefined && samples < MAX_SAMPLES && short(result)) {
        const started = performance.now() - result.seconds * 1000;
        samples = Math.max(nodesFor(samples, relativeTestError(result), target), result.branches ? BRANCHED_SAMPLES : 0);
        context = this.context({ ...problem, alpha: alphas[0] }, { ...options, samples });
        const converged = result.status === 'converged';
        const refined = this.#searched(context, alphas[i], converged ? result.point : warm, converged, result);
        result = { ...refined, seconds: (performance.now() - started) / 1000 };
        rounds.push(samples);
      }
      if (adaptive) {
        const error = relativeTestError(result);
        const capped =
          error > target
            ? `; e_test's relative MC error ${error.toPrecision(2)} is above mcError = ${target} at the node cap`
            : '';
        // each later round starts from the fixed point of the one before (its iterations are its own)
        const history = rounds.length > 1 ? ` (rounds of ${rounds.join(' → ')} nodes, each from the previous fixed point)` : '';
        result = {
          ...result,
          samples,
          reason: `${result.reason}; ${samples} channel nodes for mcError = ${target}${history}${capped}`,
        };
      }
      results.push(result);
      onPoint?.(result, i);
      if (result.status === 'converged' && Number.isFinite(result.point.sigma) && result.point.q > 0) warm = result.point;
    }
    return results;
  }

  async crossValidate(
    problem: TheoryProblem & { channel?: ChannelChoice },
    options: StateEvolutionSolverOptions = {},
  ): Promise<CrossValidatedResult> {
    return crossValidateLambda(this, this.context(problem, options), problem.alpha);
  }

  testErrorEstimator(
    problem: TheoryProblem & { channel?: ChannelChoice },
    options: StateEvolutionSolverOptions = {},
  ): (q: number, m: number) => TestErrorEstimate {
    const { channel } = this.context(problem, options);
    return (q, m) => channel.testError(q, m);
  }

  /**
   * The SE run as an undamped iteration from `start` (docs/theory.md §3.14): what GAMP's overlaps
   * follow per iteration (GAMP from Ŝ = 0, V = V₀ is the start q = m = 0, Σ = V₀).
   */
  async trajectory(
    problem: TheoryProblem & { channel?: ChannelChoice },
    start: Overlaps,
    iterations: number,
    options: StateEvolutionSolverOptions = {},
  ): Promise<TrajectoryPoint[]> {
    const context = this.context(problem, options);
    return stateEvolutionTrajectory(
      { alpha: problem.alpha, q0: context.q0, prior: this.prior(context), channel: context.channel },
      start,
      iterations,
    );
  }

  sampleEstimators(problem: TheoryProblem, point: TheoryPoint, draws: number, seed: number): EstimatorSample[] {
    return sampleEstimators(problem, point, this.estimatorSpectrum(problem, point), draws, seed);
  }

  /**
   * The SE with the exact token law in the output channel (docs/theory.md §5.4): the prior side over
   * GOE draws at d with one m̂_i per explicit target mode (this parameterization's denoiser), from the
   * Gaussian fixed point's hats. λ̃ > 0 (no λ → 0⁺ branch at finite d).
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
    const denoiser = (sigmaHat: number) => this.hatDenoiser(problem, sigmaHat);
    return solveExactLawStateEvolution({ ...problem, s, denoiser, channel: problem.channel }, point, options);
  }

  checkExactLaw(problem: TheoryProblem): void {
    requireInteger('d', problem.d, { min: 2, max: 4000 });
    if (!(problem.lambdaTilde > 0)) {
      throw new ParameterError('lambdaTilde', problem.lambdaTilde, '(0, ∞) for the exact-law state evolution');
    }
  }

  /** Validates and sets up what a curve shares. */
  context(problem: TheoryProblem & { channel?: ChannelChoice }, options: StateEvolutionSolverOptions = {}): CurveContext {
    if (options.branchSearch !== undefined) requireOneOf('branchSearch', options.branchSearch, ['starts', 'both-sides', 'auto']);
    if (options.variant !== undefined && !this.variants.includes(options.variant)) {
      throw new ParameterError(
        'variant',
        options.variant,
        this.variants.length > 0 ? this.variants.join(', ') : `none (${this.id} has no variants)`,
      );
    }
    const validated = validateProblem(problem);
    const law = validated.target.spectralLaw(validated.d);
    const q0 = law.moment(2);
    return {
      problem: validated,
      law,
      q0,
      channel: setUpChannel(validated, q0, {
        samples: options.samples,
        seed: options.seed,
        generic: options.genericChannel,
        branch: options.proximalBranch,
        hatForms: options.hatForms,
        threads: options.threads,
      }),
      options,
    };
  }

  /**
   * One point. `refine`: `given` is this point's fixed point on a smaller rule (the node count
   * chosen for mcError), already within its Monte Carlo error of the one sought, so the coarse stage
   * (2 of 16 replicates, a larger error) would only lead away from it: the fine stage starts there.
   */
  /**
   * One point with the branch search the options ask for. 'auto' (at λ̃ ≥ 10⁻²) searches both sides where the
   * fixed point's per-sample problem has two minima or branches were found (here or on the smaller
   * rule before, `previous`), and where a warm start led nowhere (a branch that ends: then from the
   * cold starts too). On a larger rule the search runs again: there the selected branch may merge
   * into another, or lose to one the smaller rule did not resolve.
   */
  #searched(context: CurveContext, alpha: number, warm: TheoryPoint | undefined, refine: boolean, previous?: TheoryResult) {
    const asked = context.options.branchSearch ?? 'starts';
    // below λ̃ = 10⁻² the branch is the one continued in λ̃ from 10⁻², what λ → 0⁺ means (solvePoint):
    // 'auto' leaves it to that rule
    const search = asked === 'auto' && context.problem.lambdaTilde < CONTINUATION_START ? 'starts' : asked;
    if (search === 'both-sides') return this.solvePoint(context, alpha, warm, refine, this.#continuations(context, alpha));
    if (search === 'auto' && previous !== undefined && nonConvexOrBranched(previous)) {
      return this.solvePoint(context, alpha, warm, refine, this.#continuations(context, alpha));
    }
    const result = this.solvePoint(context, alpha, warm, refine);
    if (search !== 'auto') return result;
    const lostWarm = result.status !== 'converged' && warm !== undefined;
    if (!nonConvexOrBranched(result) && !lostWarm) return result;
    const searched = this.solvePoint(
      context,
      alpha,
      lostWarm ? undefined : warm,
      refine && !lostWarm,
      this.#continuations(context, alpha),
    );
    return { ...searched, seconds: result.seconds + searched.seconds };
  }

  /**
   * The fixed points at α reached by continuation along α from
   * below (α·0.6, 0.8, 0.9, 0.97, the first cold) and from above (α·1.6, 1.25, 1.1, 1.03), each
   * finished at α from its last point with the nodes' proximal solutions of that path (what a
   * curve swept in either direction reaches; docs/theory.md §3.4).
   */
  #continuations(context: CurveContext, alpha: number): StateEvolutionSolution[] {
    const solutions: StateEvolutionSolution[] = [];
    for (const factors of [BELOW, ABOVE]) {
      let warm: TheoryPoint | undefined;
      for (const factor of factors) {
        const step = this.solvePoint(context, alpha * factor, warm, warm !== undefined);
        if (step.status === 'converged' && step.point.q > 0 && Number.isFinite(step.point.sigma)) warm = step.point;
      }
      if (warm === undefined) continue;
      const solution = solveStateEvolution(this.#setup(context, alpha), warm, {
        tolerance: context.options.tolerance,
        maxIterations: context.options.maxIterations,
        freshProximalStarts: false,
      });
      const side = factors === BELOW ? 'below' : 'above';
      solutions.push({ ...solution, reason: `${solution.reason} (continued along α from ${side})` });
    }
    return solutions;
  }

  #setup(context: CurveContext, alpha: number) {
    return {
      alpha,
      q0: context.q0,
      noise: context.problem.noise,
      kappa: context.problem.kappa,
      prior: this.prior(context),
      channel: context.channel,
    };
  }

  /**
   * One point. `extra`: fixed points at α found otherwise (continuation from both sides), weighed
   * with this point's own by the branch rule.
   */
  solvePoint(
    context: CurveContext,
    alpha: number,
    given?: TheoryPoint,
    refine = false,
    extra: readonly StateEvolutionSolution[] = [],
  ): TheoryResult {
    const started = performance.now();
    // the iteration runs in log q and log Σ: Ŝ = 0 (q = 0) or a failed point is no start
    const warmStart = given !== undefined && given.q > 0 && given.sigma > 0 && Number.isFinite(given.sigma) ? given : undefined;
    validateProblem({ ...context.problem, alpha });
    if (context.problem.lambdaTilde === 0) {
      const interpolating = this.interpolating(context, alpha);
      if (interpolating !== null) return { ...interpolating, seconds: (performance.now() - started) / 1000 };
    }
    if (warmStart === undefined && context.problem.lambdaTilde < CONTINUATION_START) {
      // Small λ̃ from a cold start: continue from λ̃ = 10⁻², where the fixed point is unique, down to
      // the target (or to 0), warm-started — the branch connected to the regularised solution, which
      // is what λ → 0⁺ means. Near interpolation the SE has other fixed points a cold start can hit.
      let warm: TheoryPoint | undefined;
      for (const lambdaTilde of continuationPath(context.problem.lambdaTilde)) {
        const step = this.solvePoint({ ...context, problem: { ...context.problem, lambdaTilde } }, alpha, warm);
        if (step.status === 'converged') warm = step.point;
      }
      const final = this.solvePoint(
        context,
        alpha,
        warm ?? (defaultStarts(context.q0)[0] as unknown as TheoryPoint),
        false,
        extra,
      );
      return {
        ...final,
        seconds: (performance.now() - started) / 1000,
        reason: `${final.reason} (continued from λ̃ = ${CONTINUATION_START})`,
      };
    }
    const starts: { start: Overlaps; fresh: boolean }[] = [];
    if (warmStart !== undefined) starts.push({ start: warmStart, fresh: false });
    if (warmStart === undefined || context.options.initializations === 'all') {
      for (const start of defaultStarts(context.q0)) starts.push({ start, fresh: true });
    }
    const setup = this.#setup(context, alpha);
    const { prior } = setup;
    // Coarse-to-fine: every start is first solved on 2 of the rule's replicates; starts that land on
    // the same coarse fixed point are refined once, on all nodes, from there.
    const coarse = (refine && warmStart !== undefined ? [] : starts).map(({ start, fresh }) =>
      solveStateEvolution(setup, start, {
        tolerance: 1e-4,
        maxIterations: context.options.maxIterations,
        freshProximalStarts: fresh,
        replicates: 2,
      }),
    );
    const candidates: { start: Overlaps; fresh: boolean; coarseIterations: number }[] =
      refine && warmStart !== undefined ? [{ start: warmStart, fresh: false, coarseIterations: 0 }] : [];
    coarse.forEach((solution, i) => {
      const start = solution.status === 'converged' ? solution.point : starts[i].start;
      const duplicate = candidates.some((c) => relativeDistance(c.start, start) < 1e-3);
      if (!duplicate) {
        candidates.push({
          start,
          fresh: starts[i].fresh && solution.status !== 'converged',
          coarseIterations: solution.status === 'converged' ? solution.iterations : 0,
        });
      }
    });
    // The reported iterations are both stages': the fine stage alone starts at the coarse fixed
    // point (with a Monte Carlo rule, T ≥ 4, on the same nodes), so it often needs only 2–3 more to
    // go from the coarse tolerance 1e-4 to the final one — a count that alone would look like the
    // stopping rule was met trivially.
    const solutions: StateEvolutionSolution[] = candidates.map(({ start, fresh, coarseIterations }) => {
      const fine = solveStateEvolution(setup, start, {
        tolerance: context.options.tolerance,
        maxIterations: context.options.maxIterations,
        freshProximalStarts: fresh,
      });
      if (coarseIterations === 0) return fine;
      return {
        ...fine,
        iterations: coarseIterations + fine.iterations,
        reason: `${fine.reason}; ${coarseIterations} coarse iterations (tolerance 1e-4, 2 replicates) then ${fine.iterations} on all nodes`,
      };
    });
    // several fixed points: the lowest Φ, compared with its Monte Carlo error (fixed-point-branches.ts)
    const { best, branches, unresolved, summary } = selectBranches([...solutions, ...extra], alpha);
    if (best.status === 'nan') {
      // the iteration may have hit q = 0, which its log q cannot hold: is Ŝ = 0 the fixed point?
      const zero = zeroEstimatorPoint(alpha, context.q0, context.channel, prior);
      if (zero !== null) return { ...zero, seconds: (performance.now() - started) / 1000 };
    }
    const converged = best.status === 'converged';
    // how many nodes' per-sample problems have two minima at the fixed point ('label' solves one)
    const minima = converged ? context.channel.proximalMinima(best.point, MINIMA_NODES) : undefined;
    const twoMinima = `the per-sample problem has two local minima at ${minima?.twoMinima} of ${minima?.nodes} nodes (Newton from z and from the label point)`;
    const nonConvex =
      minima === undefined || minima.twoMinima === 0 || branches !== undefined
        ? ''
        : extra.length > 0
          ? `; ${twoMinima}, and continuation along α from both sides found no other fixed point`
          : `; ${twoMinima}: the SE may have other fixed points, which branchSearch 'both-sides' or 'auto' looks for`;
    return {
      point: converged ? best.point : notAResult(alpha),
      ...(converged ? {} : { lastIterate: best.point }),
      status: unresolved ? 'branches-unresolved' : best.status,
      iterations: best.iterations,
      residual: best.residual,
      reason:
        best.reason +
        (best.truncated ? '; rank constraint active: truncated denoiser (docs/theory.md §3.6)' : '') +
        (summary === '' ? '' : `; ${summary}`) +
        nonConvex,
      seconds: (performance.now() - started) / 1000,
      ...(converged && best.monteCarloErrors !== undefined ? { monteCarloErrors: best.monteCarloErrors } : {}),
      ...(branches !== undefined ? { branches } : {}),
      ...(minima !== undefined && minima.nodes > 0 ? { proximalMinima: minima } : {}),
    };
  }
}

/** Where 'auto' searches both sides: two minima of the per-sample problem at the fixed point, or branches already found. */
function nonConvexOrBranched(result: TheoryResult): boolean {
  return (result.proximalMinima?.twoMinima ?? 0) > 0 || (result.branches?.length ?? 0) > 1;
}

const CONTINUATION_START = 1e-2;
/** the fewest channel nodes for a point with several fixed points when the node count is adaptive */
const BRANCHED_SAMPLES = 65536;
/** channel nodes the fixed point's per-sample problems are checked for two minima on */
const MINIMA_NODES = 1024;
/** α-factors of the continuation paths of branchSearch 'both-sides' (each ends next to α) */
const BELOW = [0.6, 0.8, 0.9, 0.97];
const ABOVE = [1.6, 1.25, 1.1, 1.03];

/** The default relative MC standard error of e_test when no node count is given. */
export const DEFAULT_MC_ERROR = 0.003;
const FIRST_SAMPLES = 16384;
const MAX_SAMPLES = 4_194_304;

/** e_test's relative MC error at a result: the larger of the integration one and the propagated one. */
function relativeTestError(result: TheoryResult): number {
  const { testError, testErrorStdErr } = result.point;
  if (result.status !== 'converged' || !(testError > 1e-12)) return 0; // nothing to refine (or e_test = 0)
  return Math.max(testErrorStdErr, result.monteCarloErrors?.testError ?? 0) / testError;
}

/**
 * The next node count: the MC rate N^{−1/2} with 20 % margin, at least twice N, rounded up to the
 * next 2^k or 1.5·2^k (a power of 2 alone cost up to 2× the nodes at T ≥ 3; a finer rounding let
 * the noisy error estimate near the interpolation peak ask for a second, much larger round).
 */
function nodesFor(samples: number, error: number, target: number): number {
  const wanted = Math.max(2 * samples, samples * (error / target) ** 2 * 1.2);
  const power = 2 ** Math.ceil(Math.log2(wanted));
  return Math.min(MAX_SAMPLES, 0.75 * power >= wanted ? 0.75 * power : power);
}

/** λ̃ = 10⁻², 10^−2.5, … above the target (down to 10⁻⁶ when the target is 0). */
function continuationPath(target: number): number[] {
  const path: number[] = [];
  const floor = target > 0 ? target : 1e-6;
  for (let exponent = -2; 10 ** exponent > floor * 1.0001; exponent -= 0.5) path.push(10 ** exponent);
  if (target === 0) path.push(1e-6);
  return path;
}

/**
 * Among the fixed points found, the converged one with the lowest training loss Φ (docs/theory.md §3.4);
 * if none converged, the one with the smallest residual (its status says so).
 */
export function selectFixedPoint(solutions: readonly StateEvolutionSolution[]): StateEvolutionSolution {
  return selectBranches(solutions, 1).best;
}

/** A TheoryPoint for an interpolating (λ → 0⁺) solution: Σ = ∞, hats 0, training loss 0. */
export function interpolatingPoint(
  context: CurveContext,
  alpha: number,
  values: { q: number; m: number; delta: number; epsilon: number; eta: number; rankFraction: number },
): TheoryPoint {
  const test = context.channel.testError(values.q, values.m);
  return {
    alpha,
    q: values.q,
    m: values.m,
    sigma: Number.POSITIVE_INFINITY,
    qHat: 0,
    mHat: 0,
    sigmaHat: 0,
    delta: values.delta,
    epsilon: values.epsilon,
    eta: values.eta,
    testError: test.value,
    testErrorStdErr: test.standardError,
    trainLoss: 0,
    mseS: context.q0 - 2 * values.m + values.q,
    rankFraction: values.rankFraction,
    valid: context.problem.kappa >= values.rankFraction,
  };
}

export { notAResult };
