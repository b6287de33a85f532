import type { SolverStatusCode } from '@attention-hd/core';
import type { AttentionSensing } from './attention-sensing.js';
import type { GampChannel } from './gamp-channel.js';
import type { GampPrior } from './gamp-prior.js';

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

export interface GampOptions {
  /**
   * weight of the new iterate in Ŝ, V and g (1: no damping) after the undamped start; default 0.5.
   * Adapted (docs/theory.md §3.14): halved (down to 1/64) after every window of 10 iterations in which
   * the undamped step oscillates (consecutive steps at an obtuse angle on average) and shrinks by less
   * than half — a fixed point whose linearisation has an eigenvalue below −1 is stable under damping
   * ρ if that eigenvalue exceeds 1 − 2/ρ.
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
  /** adapt the damping as described (default true); false: `damping` from the first iteration on, fixed */
  readonly adaptiveDamping?: boolean;
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

const MIN_DAMPING = 1 / 64;
/** iterations per damping decision */
const WINDOW = 10;

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
  const adaptive = options.adaptiveDamping !== false;
  const undamped = adaptive ? (options.undampedIterations ?? 20) : 0;
  let damping = undamped > 0 ? 1 : (options.damping ?? 0.5);
  // the oscillation test's state: the previous undamped step, the window's step at its start and angle sum
  let previousStep: Float64Array | null = null;
  let windowStartChange = Number.POSITIVE_INFINITY;
  let windowCosine = 0;
  const tolerance = options.tolerance ?? 1e-5;
  const maxIterations = options.maxIterations ?? 300;
  let S = options.initialS === undefined ? new Float64Array(d * d) : Float64Array.from(options.initialS);
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
    // g damped like Ŝ, so that the next Onsager term V g uses the g that Ŝ was built from
    if (iteration > 1) for (let i = 0; i < n * L; i++) g[i] = damping * g[i] + (1 - damping) * gPrevious[i];
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
    let change = 0;
    let norm = 0;
    const next = new Float64Array(d * d);
    const undampedStep = new Float64Array(d * d);
    let dot = 0;
    let previousNorm = 0;
    for (let i = 0; i < d * d; i++) {
      undampedStep[i] = denoised[i] - S[i];
      next[i] = S[i] + damping * undampedStep[i];
      change += (next[i] - S[i]) ** 2;
      norm += next[i] * next[i];
      if (previousStep !== null) {
        dot += undampedStep[i] * previousStep[i];
        previousNorm += previousStep[i] * previousStep[i];
      }
    }
    const cosine =
      previousStep === null ? 0 : dot / Math.sqrt(Math.max(previousNorm * (change / damping ** 2), Number.MIN_VALUE));
    previousStep = undampedStep;
    beforeLast = previous;
    previous = S;
    S = next;
    V = damping * vNew + (1 - damping) * V;
    let m = 0;
    for (let i = 0; i < d * d; i++) m += (S0[i] * S[i]) / d;
    const q = norm / d;
    // the undamped step η(R) − Ŝ decides convergence (the damped one shrinks with the damping)
    const relative = Math.sqrt(change / Math.max(norm, Number.MIN_VALUE)) / damping;
    const iterate = { iteration, m, q, mseS: q0 - 2 * m + q, V, sigmaR, change: relative, damping, stability };
    history.push(iterate);
    options.onIterate?.(iterate, S);
    if (!Number.isFinite(q) || !Number.isFinite(V))
      return finish('nan', `non-finite iterate at iteration ${iteration}`, iteration);
    if (q > 1e6 * Math.max(q0, 1)) return finish('diverged', `q = ${q} ≫ Q₀ at iteration ${iteration}`, iteration);
    if (adaptive && iteration === undamped) {
      damping = options.damping ?? 0.5;
      windowStartChange = relative;
      windowCosine = 0;
    } else if (adaptive && iteration > undamped) {
      windowCosine += cosine;
      if ((iteration - undamped) % WINDOW === 0) {
        if (windowCosine < 0 && relative > 0.5 * windowStartChange) damping = Math.max(damping / 2, MIN_DAMPING);
        windowStartChange = relative;
        windowCosine = 0;
      }
    }
    const failures = step.failures > 0 ? ` (${step.failures} per-sample proximal problems unresolved)` : '';
    if (relative < tolerance && iteration > 1) {
      return finish(
        'converged',
        `‖ΔŜ‖_F/‖Ŝ‖_F = ${relative.toExponential(2)} < ${tolerance} after ${iteration} iterations (final damping ${damping})${failures}`,
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
