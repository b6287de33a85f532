import type { TestErrorEstimate } from '@attention-hd/core';
import type { AttentionOutput } from './attention-output.js';
import { type ChannelNodes, studentPreActivation } from './channel-nodes.js';
import { ruleStandardError } from './rule-error.js';

// standardError: MC standard error, the spread of the QMC replicates, 0 for an exact rule
export type { TestErrorEstimate };

/**
 * The generalisation error of Claim 3.1 (docs/theory.md §3.5): e_test = E Σ_ab [σ_{β₀}(H(z⁰′)) − σ_β(H(z))]²_ab
 * with (z⁰′_k, z_k) i.i.d. N(0, [[Q₀ + Δ/2, m], [m, q]]) — exactly the pair law of the channel
 * nodes, so e_test = E g(z) on nodes whose labels already are σ_{β₀}(H(z⁰′)).
 */
export class TestError {
  readonly #z: Float64Array;
  readonly #values: Float64Array;

  constructor(
    readonly output: AttentionOutput,
    readonly nodes: ChannelNodes,
  ) {
    this.#z = new Float64Array(nodes.L);
    this.#values = new Float64Array(nodes.rule.count);
  }

  estimate(q: number, m: number): TestErrorEstimate {
    const { nodes } = this;
    const T2 = nodes.T * nodes.T;
    let sum = 0;
    for (let s = 0; s < nodes.rule.count; s++) {
      studentPreActivation(nodes, s, q, m, this.#z);
      const e = this.output.loss(this.#z, nodes.labels, s * T2, null, null);
      this.#values[s] = e;
      sum += nodes.rule.weights[s] * e;
    }
    return { value: sum, standardError: ruleStandardError(nodes.rule, this.#values) };
  }
}
