import type { AttentionOutput } from './attention-output.js';
import { ChannelAverager, type ChannelOverlaps } from './channel-average.js';
import type { ChannelIntegrator } from './channel-integrator.js';
import { type ChannelNodes, useReplicates } from './channel-nodes.js';
import type { HatForms } from './hat-estimators.js';
import type { ProximalBranch } from './proximal-branch.js';
import { TestError } from './test-error.js';

/** The ChannelIntegrator for any T and output: ChannelAverager + TestError on shared nodes. */
export class GenericChannel implements ChannelIntegrator {
  readonly #averager: ChannelAverager;
  readonly #testError: TestError;

  constructor(
    readonly nodes: ChannelNodes,
    output: AttentionOutput,
    labelStartScale: number,
    convex: boolean,
    branch: ProximalBranch = 'label',
    hatForms: HatForms = 'auto',
  ) {
    this.#averager = new ChannelAverager(nodes, output, labelStartScale, convex, branch, hatForms);
    this.#testError = new TestError(output, nodes);
  }

  get rule() {
    return this.nodes.rule;
  }

  average(overlaps: ChannelOverlaps) {
    return this.#averager.average(overlaps);
  }

  testError(q: number, m: number) {
    return this.#testError.estimate(q, m);
  }

  resetWarmStarts(): void {
    this.nodes.warmCount = 0;
  }

  useReplicates(replicates: number): void {
    useReplicates(this.nodes, replicates);
  }
}
