import type { AttentionOutput } from './attention-output.js';

export interface ProximalSolution {
  /** F(p) = ‖p − z‖²/(2Σ) + g(p) */
  objective: number;
  /** g(p) = ‖Y − σ(H(p))‖² */
  loss: number;
  iterations: number;
  converged: boolean;
}

/**
 * The Newton decrement δ (relative to 1 + |F|) below which the last step is taken unevaluated:
 * the point it reaches is within O(δ) = 10⁻⁸ of the minimiser in Newton's norm (quadratic
 * convergence); the closed-form T = 2 channel, which evaluates every step, agrees on the hats to
 * 10⁻⁹ (channel.spec.ts). 10⁻⁶ was measured 2·10⁻⁸ off there.
 */
export const FINAL_DECREMENT = 1e-8;

/**
 * The proximal map p = argmin_h ‖h − z‖²/(2Σ) + g(h), g(h) = ‖Y − σ(H(h))‖²_F, for one node, by
 * Newton's method with the analytic gradient and Hessian of g (docs/theory.md §3.3): a Levenberg shift
 * when the Hessian is not positive definite (the softmax loss is not convex) and an Armijo line
 * search. Allocation-free. After `solve`, `curvature()` gives ∇²g(p) and `outputJacobian()` ∂P/∂v
 * at the solution (computed with the final gradient check, not again).
 */
export class ProximalNewton {
  readonly #L: number;
  readonly #gradient: Float64Array;
  readonly #hessian: Float64Array;
  readonly #factor: Float64Array;
  readonly #inverseDiagonal: Float64Array;
  readonly #step: Float64Array;
  readonly #trial: Float64Array;
  readonly #jacobian: Float64Array;
  readonly #solution: ProximalSolution = { objective: 0, loss: 0, iterations: 0, converged: false };
  /** whether #hessian holds ∇²g at the returned point (#jacobianFresh: whether #jacobian holds ∂P/∂v) */
  #fresh = false;
  #jacobianFresh = false;
  #lastPoint: Float64Array;
  #lastY: Float64Array = new Float64Array(0);
  #lastYOffset = 0;
  /** #factor holds the Cholesky factor of ∇²g + I/Σ (no Levenberg shift) near the last solution */
  #factorValid = false;

  constructor(
    readonly output: AttentionOutput,
    readonly options: { maxIterations?: number } = {},
  ) {
    const L = output.flat.L;
    this.#L = L;
    this.#gradient = new Float64Array(L);
    this.#hessian = new Float64Array(L * L);
    this.#factor = new Float64Array(L * L);
    this.#inverseDiagonal = new Float64Array(L);
    this.#step = new Float64Array(L);
    this.#trial = new Float64Array(L);
    this.#jacobian = new Float64Array(output.flat.T * output.flat.T * L);
    this.#lastPoint = new Float64Array(L);
  }

  /**
   * Minimises from `h` (overwritten with the solution). z at z[zOffset …], Y at Y[yOffset …]. The
   * returned object is reused by the next call.
   */
  solve(z: Float64Array, zOffset: number, sigma: number, Y: Float64Array, yOffset: number, h: Float64Array): ProximalSolution {
    const L = this.#L;
    const gradient = this.#gradient;
    const hessian = this.#hessian;
    const step = this.#step;
    const trial = this.#trial;
    const maxIterations = this.options.maxIterations ?? 100;
    const inverseSigma = 1 / sigma;
    this.#lastY = Y;
    this.#lastYOffset = yOffset;
    this.#factorValid = false;
    // F, ∇F and ∇²g at h; `evaluated` says they are already there (from an accepted full step)
    let evaluated = false;
    let loss = 0;
    let objective = 0;
    let scale = 0;
    for (let iteration = 1; iteration <= maxIterations; iteration++) {
      if (!evaluated) {
        loss = this.#evaluate(h, z, zOffset, inverseSigma, Y, yOffset, gradient, hessian);
        objective = this.#objective;
      }
      evaluated = false;
      let gradientNorm = 0;
      scale = 0;
      for (let k = 0; k < L; k++) {
        gradientNorm = Math.max(gradientNorm, Math.abs(gradient[k]));
        scale = Math.max(scale, Math.abs(h[k]));
      }
      if (gradientNorm <= 1e-12 * (inverseSigma * (1 + scale) + 1)) {
        this.#fresh = true;
        this.#jacobianFresh = false;
        copy(h, this.#lastPoint);
        return this.#set(objective, loss, iteration, true);
      }
      const shift = this.#newtonStep(inverseSigma);
      this.#factorValid = shift === 0;
      let slope = 0;
      for (let k = 0; k < L; k++) slope += gradient[k] * step[k];
      // Where the Hessian needed no shift and the Newton decrement δ = −slope = ∇Fᵀ(∇²F)⁻¹∇F is
      // below FINAL_DECREMENT·(1 + |F|), the full step lands on the minimiser to O(δ²) in F
      // (Newton's quadratic convergence), so it is taken and returned without evaluating there:
      // F and g move by their second-order models (F + slope/2, g + ∇gᵀs + ½sᵀ∇²g s, errors
      // O(δ^{3/2})), and ∇²g is recomputed only if asked for.
      if (shift === 0 && -slope <= FINAL_DECREMENT * (1 + Math.abs(objective))) {
        let lossChange = 0;
        for (let k = 0; k < L; k++) {
          let curvature = 0;
          for (let l = 0; l < L; l++) curvature += hessian[k * L + l] * step[l];
          lossChange += (gradient[k] - (h[k] - z[zOffset + k]) * inverseSigma + 0.5 * curvature) * step[k];
        }
        for (let k = 0; k < L; k++) h[k] += step[k];
        this.#fresh = false;
        copy(h, this.#lastPoint);
        return this.#set(objective + 0.5 * slope, loss + lossChange, iteration, true);
      }
      // The full step is tried with F, ∇F and ∇²g together: accepted (the usual case near the
      // solution), they are the next iteration's; rejected, the search halves on F alone.
      for (let k = 0; k < L; k++) trial[k] = h[k] + step[k];
      const fullLoss = this.#evaluate(trial, z, zOffset, inverseSigma, Y, yOffset, gradient, hessian);
      if (this.#objective <= objective + 1e-4 * slope) {
        copy(trial, h);
        loss = fullLoss;
        objective = this.#objective;
        evaluated = true;
        continue;
      }
      let t = 0.5;
      let accepted = false;
      for (let halving = 1; halving < 60; halving++) {
        let q = 0;
        for (let k = 0; k < L; k++) {
          trial[k] = h[k] + t * step[k];
          const dz = trial[k] - z[zOffset + k];
          q += dz * dz;
        }
        const candidateLoss = this.output.loss(trial, Y, yOffset, null, null);
        if (q * 0.5 * inverseSigma + candidateLoss <= objective + 1e-4 * t * slope) {
          accepted = true;
          break;
        }
        t *= 0.5;
      }
      let moved = 0;
      for (let k = 0; k < L; k++) moved = Math.max(moved, Math.abs(t * step[k]));
      if (!accepted || moved <= 1e-15 * (1 + scale)) {
        // No further decrease is representable: h is a minimiser to round-off.
        this.#fresh = false;
        copy(h, this.#lastPoint);
        return this.#set(objective, loss, iteration, true);
      }
      copy(trial, h);
    }
    this.#fresh = false;
    copy(h, this.#lastPoint);
    let q = 0;
    for (let k = 0; k < L; k++) q += (h[k] - z[zOffset + k]) ** 2;
    const last = this.output.loss(h, Y, yOffset, null, null);
    return this.#set(q * 0.5 * inverseSigma + last, last, maxIterations, false);
  }

  /** F(v) of the last #evaluate */
  #objective = 0;

  /** g at v with ∇F = ∇g + (v − z)/Σ into gradient and ∇²g into hessian; F into #objective. */
  #evaluate(
    v: Float64Array,
    z: Float64Array,
    zOffset: number,
    inverseSigma: number,
    Y: Float64Array,
    yOffset: number,
    gradient: Float64Array,
    hessian: Float64Array,
  ): number {
    const loss = this.output.loss(v, Y, yOffset, gradient, hessian, null);
    let quadratic = 0;
    for (let k = 0; k < this.#L; k++) {
      const dz = v[k] - z[zOffset + k];
      quadratic += dz * dz;
      gradient[k] += dz * inverseSigma;
    }
    this.#objective = quadratic * 0.5 * inverseSigma + loss;
    return loss;
  }

  /**
   * The Cholesky factor of ∇²g + I/Σ from the last solve's last Newton step (at most one tiny step
   * from its solution), packed by rows (L(L+1)/2, the reciprocal on the diagonal) into
   * out[offset …]; false if that solve took no unshifted step. With it, predictSolution moves a
   * solution to nearby (z, Σ) without evaluating the output.
   */
  packedFactor(out: Float64Array, offset: number): boolean {
    if (!this.#factorValid) return false;
    const L = this.#L;
    const f = this.#factor;
    let p = offset;
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < i; j++) out[p++] = f[i * L + j];
      out[p++] = this.#inverseDiagonal[i];
    }
    return true;
  }

  /** ∇²g at the last solution (L×L; a view, valid until the next solve). */
  curvature(): Float64Array {
    this.#refresh();
    return this.#hessian;
  }

  /** ∂P/∂v at the last solution (T²×L; a view, valid until the next solve). */
  outputJacobian(): Float64Array {
    this.#refresh();
    if (!this.#jacobianFresh) {
      this.output.jacobian(this.#lastPoint, 0, this.#jacobian);
      this.#jacobianFresh = true;
    }
    return this.#jacobian;
  }

  #refresh(): void {
    if (this.#fresh) return;
    this.output.loss(this.#lastPoint, this.#lastY, this.#lastYOffset, this.#gradient, this.#hessian, this.#jacobian);
    this.#fresh = true;
    this.#jacobianFresh = true;
  }

  #set(objective: number, loss: number, iterations: number, converged: boolean): ProximalSolution {
    const s = this.#solution;
    s.objective = objective;
    s.loss = loss;
    s.iterations = iterations;
    s.converged = converged;
    return s;
  }

  /**
   * step = −(∇²g + I/Σ + μI)⁻¹∇F with the smallest Levenberg shift μ ≥ 0 that makes it positive
   * definite; returns μ.
   */
  #newtonStep(inverseSigma: number): number {
    const L = this.#L;
    let shift = 0;
    for (let attempt = 0; attempt < 60; attempt++) {
      if (this.#factorShifted(inverseSigma + shift)) break;
      shift = shift === 0 ? 1e-6 * inverseSigma + 1e-12 : shift * 4;
    }
    // L Lᵀ step = −∇F, with the factor's reciprocal diagonal
    const f = this.#factor;
    const inverse = this.#inverseDiagonal;
    const step = this.#step;
    const gradient = this.#gradient;
    for (let i = 0; i < L; i++) {
      let x = -gradient[i];
      const row = i * L;
      for (let k = 0; k < i; k++) x -= f[row + k] * step[k];
      step[i] = x * inverse[i];
    }
    for (let i = L - 1; i >= 0; i--) {
      let x = step[i];
      for (let k = i + 1; k < L; k++) x -= f[k * L + i] * step[k];
      step[i] = x * inverse[i];
    }
    return shift;
  }

  /**
   * Cholesky factor (lower, row-major, into #factor) of ∇²g + (1/Σ + μ)I; false if not positive
   * definite. Our own rather than core's choleskyFactor: it multiplies by the reciprocal diagonal
   * instead of dividing, which the per-node Newton of the T ≥ 3 channel feels (L = 6 to 15).
   */
  #factorShifted(diagonal: number): boolean {
    const L = this.#L;
    const a = this.#hessian;
    const f = this.#factor;
    const inverse = this.#inverseDiagonal;
    for (let i = 0; i < L; i++) {
      const row = i * L;
      for (let j = 0; j < i; j++) {
        let x = a[row + j];
        const other = j * L;
        for (let k = 0; k < j; k++) x -= f[row + k] * f[other + k];
        f[row + j] = x * inverse[j];
      }
      let x = a[row + i] + diagonal;
      for (let k = 0; k < i; k++) x -= f[row + k] * f[row + k];
      if (!(x > 0)) return false;
      const root = Math.sqrt(x);
      f[row + i] = root;
      inverse[i] = 1 / root;
    }
    return true;
  }
}

/**
 * The first-order move of the proximal solution p(z, Σ) (docs/theory.md §6.2): from
 * (p − z)/Σ + ∇g(p) = 0, (∇²g + I/Σ)·dp = [dz + (dΣ/Σ)(p − z)]/Σ. `factor`: packedFactor's output
 * for ∇²g + I/Σ at the old (p, Σ). p is moved in place only where the move is local (Σ within
 * 25 % and |dp| ≤ ¼(1 + |p|), max norms): a long extrapolation could carry a non-convex problem
 * into another basin, where the plain warm start stays in its own. Returns whether it moved p;
 * `work` has L entries.
 */
export function predictSolution(
  factor: Float64Array,
  offset: number,
  L: number,
  p: Float64Array,
  zOld: Float64Array,
  zOldOffset: number,
  sigmaOld: number,
  z: Float64Array,
  sigma: number,
  work: Float64Array,
): boolean {
  const ratio = (sigma - sigmaOld) / sigmaOld;
  if (!(Math.abs(ratio) <= 0.25)) return false;
  for (let k = 0; k < L; k++) work[k] = (z[k] - zOld[zOldOffset + k] + ratio * (p[k] - zOld[zOldOffset + k])) / sigmaOld;
  // forward: F y = r (row i of the packed factor starts at i(i+1)/2)
  for (let i = 0; i < L; i++) {
    const row = offset + (i * (i + 1)) / 2;
    let x = work[i];
    for (let k = 0; k < i; k++) x -= factor[row + k] * work[k];
    work[i] = x * factor[row + i];
  }
  // backward: Fᵀ dp = y
  for (let i = L - 1; i >= 0; i--) {
    let x = work[i];
    for (let k = i + 1; k < L; k++) x -= factor[offset + (k * (k + 1)) / 2 + i] * work[k];
    work[i] = x * factor[offset + (i * (i + 1)) / 2 + i];
  }
  let move = 0;
  let size = 0;
  for (let k = 0; k < L; k++) {
    move = Math.max(move, Math.abs(work[k]));
    size = Math.max(size, Math.abs(p[k]));
  }
  if (!(move <= 0.25 * (1 + size))) return false;
  for (let k = 0; k < L; k++) p[k] += work[k];
  return true;
}

/** out ← source, element by element (TypedArray.set costs more than the copy at L = 3 … 15) */
function copy(source: Float64Array, out: Float64Array): void {
  for (let k = 0; k < source.length; k++) out[k] = source[k];
}
