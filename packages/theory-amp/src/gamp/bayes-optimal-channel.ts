import type { FlatSymmetric } from '../channel/flat-symmetric.js';
import type { GampChannel, OutputStep } from './gamp-channel.js';
import { invertSoftmaxLabels } from './invert-softmax-labels.js';

/**
 * The Bayes-optimal output channel of GAMP (docs/theory.md §3.13–3.14). Each label is inverted once:
 * log Y_ab/β₀ = H_ab − c_a, and the row constants that make H symmetric recover the noisy
 * pre-activation x = z⁰ + √(Δ/2)ξ up to the c11ᵀ shift (all of it for the identity output). With
 * the prior z ~ N(ω, V) per flat entry the posterior mean is Gaussian:
 *
 *     g = P(y − ω)/(V + Δ/2),    Tr ∂g/∂ω = −rank P/(V + Δ/2),
 *
 * P the projection off the shift direction (the identity for the identity output).
 */
export class BayesOptimalOutputChannel implements GampChannel {
  readonly description = 'Bayes-optimal: the softmax inverted row by row, a Gaussian posterior per sample';
  /** the inverted labels, projected (n × L) */
  readonly #y: Float64Array;
  /** the shift direction in flat coordinates, unit norm (null for the identity output) */
  readonly #shift: Float64Array | null;
  readonly #rank: number;

  constructor(
    readonly flat: FlatSymmetric,
    /** labels [n, T, T]: σ_{β₀}(H) (softmax) or H (identity) */
    Y: Float64Array,
    readonly n: number,
    readonly noise: number,
    /** β₀ for the softmax; null for the identity output */
    beta0: number | null,
  ) {
    const { T, L, index, scale } = flat;
    this.#rank = beta0 === null ? L : L - 1;
    this.#shift = beta0 === null ? null : shiftDirection(flat);
    if (beta0 === null) {
      this.#y = new Float64Array(n * L);
      for (let mu = 0; mu < n; mu++) {
        for (let a = 0; a < T; a++)
          for (let b = a; b < T; b++) this.#y[mu * L + index[a * T + b]] = Y[mu * T * T + a * T + b] / scale[a * T + b];
      }
    } else {
      this.#y = invertSoftmaxLabels(flat, Y, n, beta0);
      for (let mu = 0; mu < n; mu++) this.#project(this.#y, mu * L);
    }
  }

  step(omega: Float64Array, V: number, g: Float64Array): OutputStep {
    const L = this.flat.L;
    const precision = 1 / (V + this.noise / 2);
    for (let mu = 0; mu < this.n; mu++) {
      for (let k = 0; k < L; k++) g[mu * L + k] = this.#y[mu * L + k] - omega[mu * L + k];
      this.#project(g, mu * L);
      for (let k = 0; k < L; k++) g[mu * L + k] *= precision;
    }
    // ∂g/∂ω = −P/(V + Δ/2), P a projection of rank L − 1 (L without the shift)
    return {
      jacobianTrace: -this.n * this.#rank * precision,
      failures: 0,
      jacobianSquared: this.n * this.#rank * precision ** 2,
    };
  }

  /** v ← P v on v[offset … offset + L) */
  #project(v: Float64Array, offset: number): void {
    const u = this.#shift;
    if (u === null) return;
    let dot = 0;
    for (let k = 0; k < u.length; k++) dot += u[k] * v[offset + k];
    for (let k = 0; k < u.length; k++) v[offset + k] -= dot * u[k];
  }
}

/** H → H + c11ᵀ in flat coordinates (v_ab = 1 off the diagonal, 1/√2 on it), normalised. */
function shiftDirection(flat: FlatSymmetric): Float64Array {
  const { T, L, index } = flat;
  const u = new Float64Array(L);
  for (let a = 0; a < T; a++) for (let b = a; b < T; b++) u[index[a * T + b]] = a === b ? Math.SQRT1_2 : 1;
  const norm = Math.hypot(...u);
  for (let k = 0; k < L; k++) u[k] /= norm;
  return u;
}
