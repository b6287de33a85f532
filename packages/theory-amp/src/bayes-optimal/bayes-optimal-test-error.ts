import type { TestErrorEstimate } from '@attention-hd/core';
import { activeDirections } from '../channel/active-directions.js';
import type { AttentionOutput } from '../channel/attention-output.js';
import { type GaussianRule, monteCarloRule, sobolRule } from '../channel/gaussian-rule.js';
import { SOBOL_MAX_DIMS } from '../channel/sobol-sequence.js';

/**
 * The Bayes-optimal test error (docs/theory.md §3.13). Given the data, a new sample's noisy target
 * pre-activation is x = ω + √V u per flat entry, with ω ~ N(0, q) known to the posterior, u ~ N(0, 1)
 * not, V = Q₀ − q + Δ/2; the Bayes prediction is E[σ(x) | ω] and its error E Σ_ab Var[σ(x)_ab | ω].
 * Written with a second, independent posterior draw x' = ω + √V u' that variance is
 *
 *     e_BO = ½ E ‖σ̃_{β₀}(x) − σ̃_{β₀}(x')‖²_F,   (x_k, x'_k) ~ N(0, [[Q₀ + Δ/2, q], [q, Q₀ + Δ/2]]),
 *
 * one 3r-dimensional Gaussian integral without a nested average (r active flat directions: the
 * softmax ignores the c11ᵀ one). Randomized QMC up to 30 dimensions, plain MC beyond; the standard
 * error is the spread of the rule's replicates. The nodes are fixed per set-up (common random numbers).
 */
export class BayesOptimalTestError {
  readonly #rule: GaussianRule;
  readonly #basis: Float64Array;
  readonly #rank: number;

  constructor(
    private readonly output: AttentionOutput,
    shiftInvariant: boolean,
    samples: number,
    seed: number,
  ) {
    const { basis, rank } = activeDirections(output.flat, shiftInvariant);
    this.#basis = basis;
    this.#rank = rank;
    const dims = 3 * rank;
    this.#rule = dims <= SOBOL_MAX_DIMS ? sobolRule(dims, samples, seed) : monteCarloRule(dims, samples, seed);
  }

  /** e_BO at overlap q with Q₀ + Δ/2 = `variance` (0 ≤ q ≤ variance). */
  estimate(q: number, variance: number): TestErrorEstimate {
    const { T, L } = this.output.flat;
    const rule = this.#rule;
    const r = this.#rank;
    const basis = this.#basis;
    const common = Math.sqrt(Math.max(q, 0));
    const own = Math.sqrt(Math.max(variance - q, 0));
    const x = new Float64Array(L);
    const xPrime = new Float64Array(L);
    const P = new Float64Array(T * T);
    const PPrime = new Float64Array(T * T);
    const perReplicate = rule.count / rule.replicates;
    const means = new Float64Array(rule.replicates);
    for (let s = 0; s < rule.count; s++) {
      const node = s * rule.dims;
      x.fill(0);
      xPrime.fill(0);
      for (let j = 0; j < r; j++) {
        const shared = common * rule.nodes[node + j];
        const a = shared + own * rule.nodes[node + r + j];
        const b = shared + own * rule.nodes[node + 2 * r + j];
        for (let k = 0; k < L; k++) {
          x[k] += basis[k * r + j] * a;
          xPrime[k] += basis[k * r + j] * b;
        }
      }
      this.output.value(x, 0, P);
      this.output.value(xPrime, 0, PPrime);
      let squared = 0;
      for (let e = 0; e < T * T; e++) squared += (P[e] - PPrime[e]) ** 2;
      means[Math.floor(s / perReplicate)] += (0.5 * squared) / perReplicate;
    }
    let mean = 0;
    for (const m of means) mean += m / means.length;
    let spread = 0;
    for (const m of means) spread += (m - mean) ** 2;
    const standardError = means.length > 1 ? Math.sqrt(spread / (means.length - 1) / means.length) : Number.NaN;
    return { value: mean, standardError };
  }
}
