import type { SolverStatusCode } from '@attention-hd/core';
import type { AttentionSensing } from './attention-sensing.js';
import { AndersonHistory } from './gamp-anderson.js';
import type { GampChannel } from './gamp-channel.js';
import type { GampPrior } from './gamp-prior.js';
import { OscillationWatch } from './oscillation-watch.js';

/** One GAMP iteration's overlaps (against the instance's S₀) and variances. */
export interface GampIterate {
  readonly iteration: number;
  /** m = Tr(S₀Ŝ)/d, q = Tr(Ŝ²)/d, mseS = ‖Ŝ − S₀‖²_F/d */
  readonly m: number;
  readonly q: number;
  readonly mseS: number;
  /** the output step's variance V and the effective observation's Σ_r (per Frobenius coordinate) */
  readonly V: number;
  readonly sigmaR: number;
  /** ‖Ŝ_t − Ŝ_{t−1}‖_F/‖Ŝ_t‖_F */
  readonly change: number;
  /** the damping this iteration used */
  readonly damping: number;
  /**
   * the stability factor χ = Σ_r² ‖∂η/∂R‖²_F Σ_μ ‖∂g_μ/∂ω_μ‖²_F / d² (docs/theory.md §3.14): how much a
   * perturbation of Ŝ grows per iteration; GAMP's fixed point repels it where χ > 1 (NaN: not computed)
   */
  readonly stability: number;
}

/**
 * How GAMP moves after its undamped start (docs/theory.md §3.14): 'anderson' mixes the last iterates
 * of (Ŝ, g, V) (Anderson type II, fitted on Ŝ); 'adaptive-damping' damps with a weight halved while the
 * steps oscillate; 'none' damps with the fixed weight from the first iteration on (no undamped start).
 */
export type GampAcceleration = 'anderson' | 'adaptive-damping' | 'none';

export interface GampOptions {
  /**
   * weight of the new iterate in Ŝ, V and g (1: no damping) after the undamped start; default 0.5.
   * With 'anderson' the mixing weight β; with 'adaptive-damping' the start of a weight halved (down to
   * 1/64) after every window of 10 iterations in which the undamped step oscillates (consecutive steps
   * at an obtuse angle on average) and shrinks by less than half — a fixed point whose linearisation
   * has an eigenvalue below −1 is stable under damping ρ if that eigenvalue exceeds 1 − 2/ρ.
   */
  readonly damping?: number;
  /**
   * iterations run undamped first (default 20): they follow the state evolution's trajectory, which
   * may overshoot far (q to 5× its fixed point at α = 0.1); damping during that transient runs away
   */
  readonly undampedIterations?: number;
  /** stop when the relative change of Ŝ is below this; default 1e-5 */
  readonly tolerance?: number;
  readonly maxIterations?: number;
  /** default 'anderson' */
  readonly acceleration?: GampAcceleration;
  /** iterates Anderson mixing fits over (default 5) */
  readonly andersonDepth?: number;
  /** initial V (default 1) */
  readonly initialV?: number;
  /**
   * initial Ŝ (d × d; default 0), e.g. another solver's estimate to test whether GAMP stays there;
   * g then starts at g_out(z(Ŝ), V → 0) = −∇ℓ(z(Ŝ)), the value it has at a fixed point at Ŝ
   */
  readonly initialS?: Float64Array;
  /** called after every iteration with the overlaps and the (damped) estimate Ŝ, a view valid until the next */
  readonly onIterate?: (iterate: GampIterate, S: Float64Array) => void;
}

export interface GampResult {
  readonly status: SolverStatusCode;
  readonly reason: string;
  readonly iterations: number;
  readonly S: Float64Array;
  readonly history: readonly GampIterate[];
}

/**
 * Generalized approximate message passing over symmetric d×d matrices (docs/theory.md §3.14), the
 * algorithm the state evolution tracks:
 *
 *     ω = 𝒜(Ŝ) − V g_old,   g = g_out(ω, V),   Σ_r = −d / Σ_μ Tr ∂g_μ/∂ω_μ,
 *     R = Ŝ + Σ_r 𝒜*(g),    Ŝ = η(R; Σ_r),      V = Σ_r div η / d,
 *
 * with Ŝ and V damped (new weight `damping`). Its fixed points are the stationary points of the
 * ERM when η is the penalty's proximal map and g_out the loss's. It reports a status: 'diverged' when
 * Σ_μ Tr ∂g ≥ 0 (no positive Σ_r) or q blows up, 'nan', 'max-iterations' — never a silent number.
 */
export async function runGamp(
  problem: {
    readonly sensing: AttentionSensing;
    readonly channel: GampChannel;
    readonly prior: GampPrior;
    /** the instance's target, for the recorded overlaps */
    readonly S0: Float64Array;
  },
  options: GampOptions = {},
): Promise<GampResult> {
  const { sensing, channel, prior, S0 } = problem;
  const { n, d } = sensing;
  const L = sensing.flat.L;
  const acceleration = options.acceleration ?? 'anderson';
  const undamped = acceleration === 'none' ? 0 : (options.undampedIterations ?? 20);
  const weight = options.damping ?? 0.5;
  let damping = undamped > 0 ? 1 : weight;
  const mixing = acceleration === 'anderson' ? new AndersonHistory(d, n * L, options.andersonDepth ?? 5) : null;
  const oscillation = acceleration === 'adaptive-damping' ? new OscillationWatch() : null;
  const tolerance = options.tolerance ?? 1e-5;
  const maxIterations = options.maxIterations ?? 300;
  let S: Float64Array = options.initialS === undefined ? new Float64Array(d * d) : Float64Array.from(options.initialS);
  // Ŝ one and two iterations back: when GAMP does not stop, the reason tells a 2-cycle from a crawl
  let previous = S;
  let beforeLast = S;
  let V = options.initialV ?? 1;
  const z = new Float64Array(n * L);
  const omega = new Float64Array(n * L);
  const g = new Float64Array(n * L);
  const gPrevious = new Float64Array(n * L);
  const R = new Float64Array(d * d);
  const denoised = new Float64Array(d * d);
  const history: GampIterate[] = [];
  let q0 = 0;
  for (let i = 0; i < d * d; i++) q0 += (S0[i] * S0[i]) / d;
  const finish = (status: SolverStatusCode, reason: string, iterations: number): GampResult => ({
    status,
    reason,
    iterations,
    S,
    history,
  });
  if (options.initialS !== undefined) {
    await sensing.forward(S, z);
    channel.step(z, 1e-9 * V, g);
  }
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    await sensing.forward(S, z);
    for (let i = 0; i < n * L; i++) omega[i] = z[i] - V * g[i];
    gPrevious.set(g);
    const step = channel.step(omega, V, g);
    const mixed = mixing !== null && iteration > undamped;
    // g damped like Ŝ, so that the next Onsager term V g uses the g that Ŝ was built from (Anderson
    // mixes g with Ŝ below instead)
    if (iteration > 1 && !mixed) for (let i = 0; i < n * L; i++) g[i] = damping * g[i] + (1 - damping) * gPrevious[i];
    if (!(step.jacobianTrace < 0)) {
      return finish('diverged', `Σ_μ Tr ∂g/∂ω = ${step.jacobianTrace} ≥ 0 at iteration ${iteration}: no positive Σ_r`, iteration);
    }
    const sigmaR = -d / step.jacobianTrace;
    await sensing.adjoint(g, R);
    for (let i = 0; i < d * d; i++) R[i] = S[i] + sigmaR * R[i];
    const divergence = prior.denoise(R, sigmaR, denoised);
    const stability =
      (sigmaR * sigmaR * (prior.jacobianSquared?.() ?? Number.NaN) * (step.jacobianSquared ?? Number.NaN)) / (d * d);
    const vNew = (sigmaR * divergence) / d;
    // the undamped step η(R) − Ŝ decides convergence (the damped one shrinks with the damping)
    const undampedStep = new Float64Array(d * d);
    let stepNorm = 0;
    for (let i = 0; i < d * d; i++) {
      undampedStep[i] = denoised[i] - S[i];
      stepNorm += undampedStep[i] ** 2;
    }
    let next: Float64Array;
    if (mixed) {
      const mixedState = mixing.next(S, gPrevious, V, denoised, g, vNew, Math.sqrt(stepNorm), weight);
      next = mixedState.S;
      g.set(mixedState.g);
      V = mixedState.V;
    } else {
      next = new Float64Array(d * d);
      for (let i = 0; i < d * d; i++) next[i] = S[i] + damping * undampedStep[i];
      V = damping * vNew + (1 - damping) * V;
    }
    let norm = 0;
    let m = 0;
    for (let i = 0; i < d * d; i++) {
      norm += next[i] * next[i];
      m += (S0[i] * next[i]) / d;
    }
    beforeLast = previous;
    previous = S;
    S = next;
    const q = norm / d;
    const relative = Math.sqrt(stepNorm / Math.max(norm, Number.MIN_VALUE));
    const iterate = {
      iteration,
      m,
      q,
      mseS: q0 - 2 * m + q,
      V,
      sigmaR,
      change: relative,
      damping: mixed ? weight : damping,
      stability,
    };
    history.push(iterate);
    options.onIterate?.(iterate, S);
    if (!Number.isFinite(q) || !Number.isFinite(V))
      return finish('nan', `non-finite iterate at iteration ${iteration}`, iteration);
    if (q > 1e6 * Math.max(q0, 1)) return finish('diverged', `q = ${q} ≫ Q₀ at iteration ${iteration}`, iteration);
    const cosine = oscillation?.observe(undampedStep) ?? 0;
    if (iteration === undamped) {
      damping = weight;
      oscillation?.start(relative);
    } else if (oscillation !== null && iteration > undamped) damping = oscillation.adapt(cosine, relative, damping);
    const failures = step.failures > 0 ? ` (${step.failures} per-sample proximal problems unresolved)` : '';
    if (relative < tolerance && iteration > 1) {
      // a mix may leave the prior's range (e.g. S ⪰ 0) by O(tolerance); η(R) is in it
      if (mixed) S = Float64Array.from(denoised);
      const how = mixed ? 'Anderson mixing' : `final damping ${damping}`;
      return finish(
        'converged',
        `‖ΔŜ‖_F/‖Ŝ‖_F = ${relative.toExponential(2)} < ${tolerance} after ${iteration} iterations (${how})${failures}`,
        iteration,
      );
    }
  }
  const chi = history.at(-1)?.stability ?? Number.NaN;
  const stability = Number.isNaN(chi) ? '' : `; stability factor χ = ${chi.toPrecision(3)}`;
  const step = relativeDistance(S, previous);
  const cycle = relativeDistance(S, beforeLast);
  const pattern =
    cycle < 0.2 * step
      ? `; Ŝ alternates between two matrices (‖Ŝ_t − Ŝ_{t−1}‖ = ${step.toPrecision(2)}‖Ŝ‖, ‖Ŝ_t − Ŝ_{t−2}‖ = ${cycle.toPrecision(2)}‖Ŝ‖)`
      : '';
  return finish(
    'max-iterations',
    `‖ΔŜ‖_F/‖Ŝ‖_F still ≥ ${tolerance} after ${maxIterations} iterations${pattern}${stability}`,
    maxIterations,
  );
}

/** ‖A − B‖_F/‖A‖_F */
function relativeDistance(A: Float64Array, B: Float64Array): number {
  let difference = 0;
  let norm = 0;
  for (let i = 0; i < A.length; i++) {
    difference += (A[i] - B[i]) ** 2;
    norm += A[i] * A[i];
  }
  return Math.sqrt(difference / Math.max(norm, Number.MIN_VALUE));
}
