import type { AttentionOutput } from './attention-output.js';

export interface ProximalSolution {
  /** F(p) = ‖p − z‖²/(2Σ) + g(p) */
  objective: number;
  /** g(p) = ‖Y − σ(H(p))‖² */
  loss: number;
  iterations: number;
  converged: boolean;
}

/** The Newton decrement (relative to 1 + |F|) below which the last step is taken unevaluated. */
const FINAL_DECREMENT = 1e-10;

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
        this.#lastPoint.set(h);
        return this.#set(objective, loss, iteration, true);
      }
      const shift = this.#newtonStep(inverseSigma);
      let slope = 0;
      for (let k = 0; k < L; k++) slope += gradient[k] * step[k];
      // Where the Hessian needed no shift and the Newton decrement −slope = ∇Fᵀ(∇²F)⁻¹∇F is below
      // FINAL_DECREMENT·(1 + |F|), the full step lands on the minimiser to round-off (Newton's
      // quadratic convergence: the next decrement would be of its square's order), so it is taken
      // and returned without evaluating there: F and g move by the quadratic model (−slope/2 and
      // ∇gᵀ step, both below the threshold), and ∇²g is recomputed only if asked for.
      if (shift === 0 && -slope <= FINAL_DECREMENT * (1 + Math.abs(objective))) {
        let lossSlope = 0;
        for (let k = 0; k < L; k++) {
          lossSlope += (gradient[k] - (h[k] - z[zOffset + k]) * inverseSigma) * step[k];
          h[k] += step[k];
        }
        this.#fresh = false;
        this.#lastPoint.set(h);
        return this.#set(objective + 0.5 * slope, loss + lossSlope, iteration, true);
      }
      // The full step is tried with F, ∇F and ∇²g together: accepted (the usual case near the
      // solution), they are the next iteration's; rejected, the search halves on F alone.
      for (let k = 0; k < L; k++) trial[k] = h[k] + step[k];
      const fullLoss = this.#evaluate(trial, z, zOffset, inverseSigma, Y, yOffset, gradient, hessian);
      if (this.#objective <= objective + 1e-4 * slope) {
        h.set(trial);
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
        this.#lastPoint.set(h);
        return this.#set(objective, loss, iteration, true);
      }
      h.set(trial);
    }
    this.#fresh = false;
    this.#lastPoint.set(h);
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
