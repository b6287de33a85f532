import { choleskyFactor, choleskySolve } from '@attention-hd/core';
import type { AttentionOutput } from '../channel/attention-output.js';
import { ProximalNewton } from '../channel/proximal-newton.js';
import type { GampChannel, OutputStep } from './gamp-channel.js';

/**
 * The ERM output channel of GAMP (docs/theory.md §3.14): per sample the proximal point
 * ẑ = argmin_z ‖z − ω‖²/(2V) + ‖Y − σ̃_β(z)‖²_F (the SE channel's proximal, warm-started from the
 * previous iteration's ẑ; the first from the label point — the SE's 'label' branch), g = (ẑ − ω)/V and Tr ∂g/∂ω = (Tr (I + V∇²ℓ(ẑ))⁻¹ − L)/V.
 */
export class ErmOutputChannel implements GampChannel {
  readonly description = 'ERM: the softmax loss’s proximal per sample';
  readonly #newton: ProximalNewton;
  readonly #zHat: Float64Array;
  readonly #factor: Float64Array;
  readonly #unit: Float64Array;
  readonly #column: Float64Array;
  readonly #shifted: Float64Array;
  #started = false;

  constructor(
    readonly output: AttentionOutput,
    /** labels [n, T, T] */
    readonly Y: Float64Array,
    readonly n: number,
    /** where the first iteration's proximal starts per sample (n × L; default ω): the label point */
    private readonly starts?: Float64Array,
  ) {
    const L = output.flat.L;
    this.#newton = new ProximalNewton(output);
    this.#zHat = new Float64Array(n * L);
    this.#factor = new Float64Array(L * L);
    this.#unit = new Float64Array(L);
    this.#column = new Float64Array(L);
    this.#shifted = new Float64Array(L * L);
  }

  /** g (n × L) at ω (n × L) with variance V. */
  step(omega: Float64Array, V: number, g: Float64Array): OutputStep {
    const { L, T } = this.output.flat;
    const zHat = this.#zHat;
    if (!this.#started) zHat.set(this.starts ?? omega);
    this.#started = true;
    let jacobianTrace = 0;
    let jacobianSquared = 0;
    let failures = 0;
    const h = new Float64Array(L);
    for (let mu = 0; mu < this.n; mu++) {
      h.set(zHat.subarray(mu * L, (mu + 1) * L));
      const solution = this.#newton.solve(omega, mu * L, V, this.Y, mu * T * T, h);
      zHat.set(h, mu * L);
      for (let k = 0; k < L; k++) g[mu * L + k] = (h[k] - omega[mu * L + k]) / V;
      const [trace, squared] = this.#inverseTrace(this.#newton.curvature(), V);
      if (!solution.converged || !Number.isFinite(trace)) {
        failures++;
        continue;
      }
      jacobianTrace += (trace - L) / V;
      jacobianSquared += squared / (V * V);
    }
    return { jacobianTrace, failures, jacobianSquared };
  }

  /** Tr (I + V H)⁻¹ by Cholesky, and ‖(I + V H)⁻¹ − I‖²_F (= V²‖∂g/∂ω‖²_F); NaN when not positive definite. */
  #inverseTrace(H: Float64Array, V: number): [number, number] {
    const L = this.output.flat.L;
    const A = this.#shifted;
    for (let i = 0; i < L * L; i++) A[i] = V * H[i];
    for (let i = 0; i < L; i++) A[i * L + i] += 1;
    if (!choleskyFactor(A, L, this.#factor)) return [Number.NaN, Number.NaN];
    let trace = 0;
    let squared = 0;
    for (let i = 0; i < L; i++) {
      this.#unit.fill(0);
      this.#unit[i] = 1;
      choleskySolve(this.#factor, L, this.#unit, this.#column);
      trace += this.#column[i];
      for (let k = 0; k < L; k++) squared += (this.#column[k] - (k === i ? 1 : 0)) ** 2;
    }
    return [trace, squared];
  }
}
