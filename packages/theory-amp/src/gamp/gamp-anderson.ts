import { andersonStep } from '@attention-hd/core';

/**
 * GAMP's Anderson mixing (docs/theory.md §3.14): the state x = (Ŝ, g_old, V) and its image
 * F(x) = (η(R), g, V_new) are kept for the last `depth` + 1 iterations; the mixing coefficients are
 * fitted on Ŝ (the part whose change decides convergence) and g, V follow with them. A step whose
 * residual is 4× the best so far, or a mixed V ≤ 0, drops the history (a plain damped step instead).
 */
export class AndersonHistory {
  readonly #xs: Float64Array[] = [];
  readonly #fs: Float64Array[] = [];
  readonly #weights: Float64Array;
  #best = Number.POSITIVE_INFINITY;

  constructor(
    readonly d: number,
    readonly flat: number,
    readonly depth: number,
  ) {
    this.#weights = new Float64Array(d * d + flat + 1);
    this.#weights.fill(1, 0, d * d);
  }

  next(
    S: Float64Array,
    gOld: Float64Array,
    V: number,
    SNew: Float64Array,
    g: Float64Array,
    VNew: number,
    residual: number,
    beta: number,
  ): { S: Float64Array; g: Float64Array; V: number } {
    const dd = this.d * this.d;
    if (residual > 4 * this.#best) this.#reset();
    this.#best = Math.min(this.#best, residual);
    this.#xs.push(pack(S, gOld, V));
    this.#fs.push(pack(SNew, g, VNew));
    if (this.#xs.length > this.depth + 1) {
      this.#xs.shift();
      this.#fs.shift();
    }
    const [x0, f0] = [this.#xs[this.#xs.length - 1], this.#fs[this.#fs.length - 1]];
    let x = andersonStep(this.#xs, this.#fs, this.#weights, beta);
    if (x === null || !(x[x.length - 1] > 0)) {
      // no history yet (a plain damped step), or a mixed V ≤ 0 or a non-finite mix (then forget it)
      if (this.#xs.length > 1) this.#reset();
      x = new Float64Array(x0.length);
      for (let i = 0; i < x.length; i++) x[i] = (1 - beta) * x0[i] + beta * f0[i];
    }
    return { S: Float64Array.from(x.subarray(0, dd)), g: x.subarray(dd, dd + this.flat), V: x[x.length - 1] };
  }

  #reset(): void {
    this.#xs.length = 0;
    this.#fs.length = 0;
  }
}

function pack(S: Float64Array, g: Float64Array, V: number): Float64Array {
  const x = new Float64Array(S.length + g.length + 1);
  x.set(S);
  x.set(g, S.length);
  x[x.length - 1] = V;
  return x;
}
