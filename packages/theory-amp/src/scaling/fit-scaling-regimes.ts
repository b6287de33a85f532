import type { ResultRow } from '@attention-hd/core';
import { fitPowerLaw } from './fit-power-law.js';
import { type ScalingRegimeId, scalingRegime } from './scaling-regimes.js';

export interface ScalingFit {
  readonly lambda: string;
  readonly regime: ScalingRegimeId;
  readonly predictedExponent: number;
  /** −slope of log(e_test − e∞) against log n */
  readonly exponent: number;
  readonly exponentStdErr: number;
  readonly confidenceInterval: readonly [number, number];
  readonly confidenceLevel: number;
  readonly nMin: number;
  readonly nMax: number;
  readonly logNMin: number;
  readonly logNMax: number;
  readonly points: number;
  readonly d: number;
  /** where the window came from: the regime table ('auto') or the user ('lo:hi') */
  readonly window: string;
}

/**
 * Fits of the excess-error exponent on one λ's theory curve. 'auto' windows: runs of ≥ 3
 * consecutive points whose regime (docs/theory.md §5.3) is the same at ℓ_n − margin, ℓ_n and ℓ_n + margin
 * (so crossovers are left out), and — below line A, where λ is small — n at least a decade below
 * the interpolation peak α_interp d² (its bump is the ρ(n/d²) term of R1, not the rate). Points
 * with e_test ≤ e∞ are left out (no logarithm). A 'lo:hi' window fits the points with ℓ_n in it.
 */
export function fitScalingRegimes(
  rows: readonly ResultRow[],
  options: { lambda: string; d: number; gamma: number; margin: number; window: string },
): ScalingFit[] {
  const { d, gamma, margin } = options;
  const logD = Math.log(d);
  const points = rows
    .filter((r) => r.method === 'theory' && r.lambda === options.lambda && Number(r.excess) > 0)
    .map((r) => ({
      n: Number(r.n),
      logN: Math.log(Number(r.n)) / logD,
      logLambda: Math.log(Number(r.lambdaTilde)) / logD,
      excess: Number(r.excess),
      alphaInterp: Number(r.alphaInterp),
    }))
    .sort((a, b) => a.n - b.n);
  const groups: { regime: ScalingRegimeId; members: typeof points }[] = [];
  if (options.window !== 'auto') {
    const [lo, hi] = options.window.split(':').map(Number);
    const members = points.filter((p) => p.logN >= lo - 1e-9 && p.logN <= hi + 1e-9);
    const mid = members[Math.floor(members.length / 2)];
    if (mid !== undefined) groups.push({ regime: scalingRegime(mid.logN, mid.logLambda, gamma).id, members });
  } else {
    let current: { regime: ScalingRegimeId; members: typeof points } | undefined;
    for (const p of points) {
      const here = scalingRegime(p.logN, p.logLambda, gamma).id;
      const stable =
        scalingRegime(p.logN - margin, p.logLambda, gamma).id === here &&
        scalingRegime(p.logN + margin, p.logLambda, gamma).id === here;
      const nearPeak = (here === 'R1' || here === 'R3') && p.n > (p.alphaInterp * d * d) / 10 && p.n < 10 * p.alphaInterp * d * d;
      const usable = stable && !nearPeak && here !== 'below-d';
      if (usable && current !== undefined && current.regime === here) current.members.push(p);
      else {
        if (current !== undefined) groups.push(current);
        current = usable ? { regime: here, members: [p] } : undefined;
      }
    }
    if (current !== undefined) groups.push(current);
  }
  return groups
    .filter((g) => g.members.length >= 3)
    .map(({ regime, members }) => {
      const fit = fitPowerLaw(
        members.map((m) => m.n),
        members.map((m) => m.excess),
      );
      const mid = members[Math.floor(members.length / 2)];
      return {
        lambda: options.lambda,
        regime,
        predictedExponent: scalingRegime(mid.logN, mid.logLambda, gamma).exponent,
        exponent: -fit.slope,
        exponentStdErr: fit.slopeStdErr,
        confidenceInterval: [-fit.confidenceInterval[1], -fit.confidenceInterval[0]] as const,
        confidenceLevel: fit.confidenceLevel,
        nMin: fit.xMin,
        nMax: fit.xMax,
        logNMin: members[0].logN,
        logNMax: members[members.length - 1].logN,
        points: fit.points,
        d,
        window: options.window,
      };
    });
}
