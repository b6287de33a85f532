import type { TrajectoryPoint } from '@attention-hd/core';
import type { ChannelIntegrator } from '../channel/channel-integrator.js';
import type { PriorSide } from '../prior/prior-side.js';
import type { Overlaps } from './state-evolution.js';

/**
 * The state evolution run as an iteration, not solved as a fixed point (docs/theory.md §3.14): the
 * undamped map (q, m, Σ) → hats → (q, m, Σ) from `start`, `iterations` times, with no Anderson mixing
 * and no step limits. This is what undamped GAMP's overlaps follow iteration by iteration as d → ∞;
 * GAMP's start Ŝ = 0, V = V₀ is the start (q, m, Σ) = (0, 0, V₀). A damped GAMP has no such
 * trajectory (its damped iterate's q mixes in ⟨Ŝ_t, Ŝ_{t−1}⟩, which the SE does not track).
 * Stops early (shorter result) where the map leaves its domain (a hat or q not positive).
 */
export function stateEvolutionTrajectory(
  setup: { readonly alpha: number; readonly q0: number; readonly prior: PriorSide; readonly channel: ChannelIntegrator },
  start: Overlaps,
  iterations: number,
): TrajectoryPoint[] {
  const { channel } = setup;
  channel.resetWarmStarts();
  channel.useReplicates(channel.rule.replicates);
  let { q, m, sigma } = start;
  const points: TrajectoryPoint[] = [];
  for (let iteration = 1; iteration <= iterations; iteration++) {
    const hats = channel.average({ q, m, sigma, alpha: setup.alpha });
    if (!(hats.mHat > 0 && hats.sigmaHat > 0 && hats.qHat > 0)) break;
    const next = setup.prior.update(hats);
    if (!(next.q > 0 && next.sigma > 0)) break;
    ({ q, m, sigma } = next);
    points.push({ iteration, q, m, sigma, mseS: setup.q0 - 2 * m + q });
  }
  return points;
}
