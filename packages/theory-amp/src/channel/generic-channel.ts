import { assembleAverage, createPerNodeValues } from './assemble-average.js';
import type { AttentionOutput } from './attention-output.js';
import { ChannelAverager, type ChannelOverlaps } from './channel-average.js';
import type { ChannelIntegrator, ProximalMinima } from './channel-integrator.js';
import { type ChannelNodes, useReplicates } from './channel-nodes.js';
import { ChannelThreads, type ChannelWorkerSetup } from './channel-threads.js';
import type { ChannelKind } from './create-output.js';
import type { HatForms } from './hat-estimators.js';
import type { ProximalBranch } from './proximal-branch.js';
import { TestError } from './test-error.js';

/** How the output was made (so that worker threads can make the same one), and how many threads. */
export interface ChannelParallelism {
  readonly threads: number;
  readonly kind: ChannelKind;
  readonly beta: number;
}

/**
 * The ChannelIntegrator for any T and output: ChannelAverager + TestError on shared nodes. With
 * `parallel.threads` > 1 (nodes on SharedArrayBuffers) the per-node proximal solves are shared
 * with worker threads (channel-threads.ts); the numbers are the same for any thread count.
 */
export class GenericChannel implements ChannelIntegrator {
  readonly #averager: ChannelAverager;
  readonly #testError: TestError;
  readonly #parallel: ChannelWorkerSetup | null = null;
  readonly #threads: number;

  constructor(
    readonly nodes: ChannelNodes,
    output: AttentionOutput,
    labelStartScale: number,
    convex: boolean,
    branch: ProximalBranch = 'label',
    hatForms: HatForms = 'auto',
    parallel?: ChannelParallelism,
  ) {
    this.#threads = parallel?.threads ?? 1;
    if (this.#threads > 1 && !(nodes.labels.buffer instanceof SharedArrayBuffer)) {
      throw new RangeError(
        'GenericChannel: worker threads need the nodes on SharedArrayBuffers (createChannelNodes({ shared: true }))',
      );
    }
    const perNode = createPerNodeValues(nodes.rule.count, this.#threads > 1);
    this.#averager = new ChannelAverager(nodes, output, labelStartScale, convex, branch, hatForms, perNode);
    this.#testError = new TestError(output, nodes);
    if (parallel !== undefined && this.#threads > 1) {
      this.#parallel = {
        nodes,
        output: { kind: parallel.kind, T: nodes.T, beta: parallel.beta },
        labelStartScale,
        convex,
        branch,
        hatForms,
        perNode,
      };
    }
  }

  get rule() {
    return this.nodes.rule;
  }

  average(overlaps: ChannelOverlaps) {
    const setup = this.#parallel;
    if (setup === null) return this.#averager.average(overlaps);
    const { nodes } = this;
    const active = nodes.activeCount;
    const unconverged = ChannelThreads.get(this.#threads - 1).solve(this, setup, this.#averager, overlaps, active);
    nodes.warmCount = Math.max(nodes.warmCount, active);
    return assembleAverage({ rule: nodes.rule, active, values: setup.perNode, unconverged });
  }

  testError(q: number, m: number) {
    return this.#testError.estimate(q, m);
  }

  resetWarmStarts(): void {
    this.nodes.warmCount = 0;
  }

  proximalMinima(overlaps: { q: number; m: number; sigma: number }, maxNodes: number): ProximalMinima {
    return this.#averager.proximalMinima(overlaps, maxNodes);
  }

  useReplicates(replicates: number): void {
    useReplicates(this.nodes, replicates);
  }
}
