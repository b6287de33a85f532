import { type FixedPointResult, type SolverStatusCode, solveFixedPoint, type TheoryPoint } from '@attention-hd/core';
import type { ChannelAverage } from '../channel/channel-average.js';
import type { ChannelIntegrator } from '../channel/channel-integrator.js';
import type { PriorSide, PriorUpdate } from '../prior/prior-side.js';
import { type PropagatedErrors, propagatedErrors } from './error-propagation.js';
import { notAResult } from './not-a-result.js';

export interface Overlaps {
  readonly q: number;
  readonly m: number;
  readonly sigma: number;
}

export interface StateEvolutionSetup {
  readonly alpha: number;
  readonly q0: number;
  readonly noise: number;
  readonly kappa: number;
  readonly prior: PriorSide;
  readonly channel: ChannelIntegrator;
}

export interface StateEvolutionOptions {
  /** relative residual of (q, m, Σ) (default 1e-6, well below the integration error; the map is deterministic: fixed nodes) */
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** weight on the new iterate (default 0.5), with Anderson mixing on top */
  readonly damping?: number;
  /** forget the proximal warm starts of the nodes (a cold start); default true */
  readonly freshProximalStarts?: boolean;
  /** solve on the first this many replicates of the rule only (coarse stage); default all */
  readonly replicates?: number;
  /** halve damping and steps after this many iterations without progress (see solveFixedPoint); default off */
  readonly stallIterations?: number;
}

export interface StateEvolutionSolution {
  readonly point: TheoryPoint;
  readonly status: SolverStatusCode;
  readonly iterations: number;
  readonly residual: number;
  readonly reason: string;
  /** MC standard errors of the hats at the fixed point, and unconverged proximal solves */
  readonly channel: Pick<ChannelAverage, 'standardErrors' | 'unconverged'>;
  readonly truncated: boolean;
  /** MC standard errors of the reported quantities (the hats' spread over the rule's replicates, propagated through the fixed point) */
  readonly monteCarloErrors?: Readonly<Record<string, number>>;
  /** M at the fixed point from each replicate of the rule alone (for comparing Φ across branches); null for a deterministic rule */
  readonly replicateMoreau?: Float64Array | null;
}

/** The authors' initialisation (q, m, Σ) = (0.6, 0.2, 1) and a "well-learned" one; see `solveFromStarts`. */
export const defaultStarts = (q0: number): Overlaps[] => [
  { q: 0.6, m: 0.2, sigma: 1 },
  { q: q0, m: 0.95 * q0, sigma: 0.1 },
];

/**
 * The ERM state evolution (docs/theory.md §3.4): iterate (q, m, Σ) → hats (channel) → (q, m, Σ) (prior)
 * to a fixed point, then evaluate Φ (the training loss), e_test, MSE_S at it (§3.5).
 */
export function solveStateEvolution(
  setup: StateEvolutionSetup,
  start: Overlaps,
  options: StateEvolutionOptions = {},
): StateEvolutionSolution {
  const first = solveOnce(setup, start, options);
  const coarse = options.replicates !== undefined && options.replicates < setup.channel.rule.replicates;
  if (first.status !== 'max-iterations' || options.stallIterations !== undefined || coarse) return first;
  // A cycle (e.g. at small α and small λ̃, steps bouncing between the trust-region limits of log q
  // and log Σ): once more with the damping halved whenever 10 iterations bring no progress. Only
  // after a failure of a full-rule solve, so every point that converged before keeps its fixed
  // point (retrying coarse solves too moved a curve onto another branch, where it then failed).
  const retry = solveOnce(setup, start, { ...options, stallIterations: 10 });
  return retry.status === 'converged' ? { ...retry, reason: `${retry.reason} (damping halved on stalls)` } : first;
}

function solveOnce(setup: StateEvolutionSetup, start: Overlaps, options: StateEvolutionOptions): StateEvolutionSolution {
  const { q0 } = setup;
  let lastChannel: ChannelAverage | undefined;
  let lastPrior: PriorUpdate | undefined;
  // The nodes' proximal warm starts belong to the previous fixed point: kept when continuing from a
  // nearby point (a curve), forgotten at a cold start.
  const { channel: integrator } = setup;
  const allReplicates = integrator.rule.replicates;
  if (options.freshProximalStarts ?? true) integrator.resetWarmStarts();
  integrator.useReplicates(options.replicates ?? allReplicates);
  // Iterate in (log q, m, log Σ): q and Σ stay positive under any extrapolation, and Σ spans
  // decades (0.01 at large α, ~10³ near interpolation with small λ̃). Residual: relative in q and Σ
  // (absolute in their logs), relative in m.
  const result: FixedPointResult = solveFixedPoint(
    (y) => {
      const q = Math.exp(y[0]);
      const sigma = Math.exp(y[2]);
      lastChannel = integrator.average({ q, m: y[1], sigma, alpha: setup.alpha });
      if (!(lastChannel.mHat > 0 && lastChannel.sigmaHat > 0 && lastChannel.qHat > 0)) {
        return Float64Array.of(Number.NaN, Number.NaN, Number.NaN);
      }
      lastPrior = setup.prior.update(lastChannel);
      if (!(lastPrior.q > 0 && lastPrior.sigma > 0)) return Float64Array.of(Number.NaN, Number.NaN, Number.NaN);
      return Float64Array.of(Math.log(lastPrior.q), lastPrior.m, Math.log(lastPrior.sigma));
    },
    [Math.log(start.q), start.m, Math.log(start.sigma)],
    {
      tolerance: options.tolerance ?? 1e-6,
      maxIterations: options.maxIterations ?? 300,
      damping: options.damping ?? 0.5,
      acceleration: 'anderson',
      andersonDepth: 4,
      // Far from a fixed point the map can be erratic (near interpolation with small λ̃): damped
      // steps of at most a factor 2 in q and Σ, Anderson mixing once the residual is below 5 %.
      accelerateBelow: 0.05,
      stallIterations: options.stallIterations,
      maxStep: [Math.LN2, Number.POSITIVE_INFINITY, Math.LN2],
      floor: [1, 1e-10, 1],
      project: (y) => {
        const bound = Math.sqrt(q0 * Math.exp(y[0])) * (1 - 1e-12);
        y[1] = Math.min(Math.max(y[1], -bound), bound);
      },
    },
  );
  const channel = lastChannel as ChannelAverage;
  const prior = lastPrior;
  const [q, m, sigma] = [Math.exp(result.values[0]), result.values[1], Math.exp(result.values[2])];
  if (prior === undefined || result.status === 'nan') {
    return failed(setup.alpha, result, channel);
  }
  const test = integrator.testError(q, m);
  // The e_test error bar: its own integration error and what the channel's integration error does
  // to the fixed point (only for the final, full-rule solve).
  const fullRule = options.replicates === undefined || options.replicates >= allReplicates;
  const propagated: PropagatedErrors | null =
    result.status === 'converged' && fullRule
      ? propagatedErrors({
          alpha: setup.alpha,
          x: [q, m, sigma],
          channelAtFixedPoint: channel,
          channel: integrator,
          prior: setup.prior,
        })
      : null;
  integrator.useReplicates(allReplicates);
  const trainLoss =
    (channel.qHat * sigma + 2 * channel.mHat * m - channel.sigmaHat * q) / 4 + setup.alpha * channel.moreau - prior.freeEnergy;
  return {
    point: {
      alpha: setup.alpha,
      q,
      m,
      sigma,
      qHat: channel.qHat,
      mHat: channel.mHat,
      sigmaHat: channel.sigmaHat,
      delta: prior.delta,
      epsilon: prior.epsilon,
      eta: prior.eta,
      testError: test.value,
      testErrorStdErr: Math.hypot(test.standardError, propagated?.testError ?? 0),
      trainLoss,
      mseS: q0 - 2 * m + q,
      rankFraction: prior.rankFraction,
      valid: setup.kappa >= prior.unconstrainedRankFraction,
    },
    status: result.status,
    iterations: result.iterations,
    residual: result.residual,
    reason: result.reason,
    channel: { standardErrors: channel.standardErrors, unconverged: channel.unconverged },
    replicateMoreau: channel.replicateMoreau,
    truncated: prior.truncated,
    ...(propagated === null
      ? {}
      : {
          monteCarloErrors: {
            q: propagated.q,
            m: propagated.m,
            sigma: propagated.sigma,
            mseS: propagated.mseS,
            testError: Math.hypot(test.standardError, propagated.testError),
            ...channel.standardErrors,
          },
        }),
  };
}

function failed(alpha: number, result: FixedPointResult, channel: ChannelAverage | undefined): StateEvolutionSolution {
  return {
    point: notAResult(alpha),
    status: 'nan',
    iterations: result.iterations,
    residual: result.residual,
    reason: `${result.reason}${channel !== undefined ? ` (last hats: q̂ = ${channel.qHat}, m̂ = ${channel.mHat}, Σ̂ = ${channel.sigmaHat})` : ''}`,
    channel: channel ?? { standardErrors: { qHat: Number.NaN, mHat: Number.NaN, sigmaHat: Number.NaN }, unconverged: 0 },
    truncated: false,
  };
}
