import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { ChannelAverager } from './channel-average.js';
import { type ChannelWorkerSetup, CONTROL, claimChunk, PARAMS } from './channel-threads.js';
import { createOutput } from './create-output.js';
import { FlatSymmetric } from './flat-symmetric.js';

/**
 * A channel worker thread (channel-threads.ts): waits for a solve, builds the ChannelAverager of
 * the channel it is asked about from the setup its port received, and claims chunks of nodes until
 * none are left.
 */
const { control, claim, params, port } = workerData as {
  control: Int32Array;
  claim: BigInt64Array;
  params: Float64Array;
  port: MessagePort;
};

Atomics.add(control, CONTROL.ready, 1);
let seen = 0;
let loaded: { version: number; nodes: ChannelWorkerSetup['nodes']; averager: ChannelAverager } | null = null;

/** The averager of setup `wanted` (from the port's messages, the latest posted last). */
function load(wanted: number): { nodes: ChannelWorkerSetup['nodes']; averager: ChannelAverager } {
  while (loaded === null || loaded.version !== wanted) {
    const message = receiveMessageOnPort(port)?.message as { version: number; setup: ChannelWorkerSetup } | undefined;
    if (message === undefined) throw new Error(`channel worker: setup ${wanted} was not posted`);
    if (message.version !== wanted) continue;
    const { setup } = message;
    const nodes = { ...setup.nodes };
    const output = createOutput(setup.output.kind, new FlatSymmetric(setup.output.T), setup.output.beta);
    const averager = new ChannelAverager(
      nodes,
      output,
      setup.labelStartScale,
      setup.convex,
      setup.branch,
      setup.hatForms,
      setup.perNode,
    );
    loaded = { version: wanted, nodes, averager };
  }
  return loaded;
}

for (;;) {
  Atomics.wait(control, CONTROL.wake, seen);
  seen = Atomics.load(control, CONTROL.wake);
  const generation = Atomics.load(claim, 0) >> 32n;
  const chunks = params[PARAMS.chunks];
  let chunk = -1;
  try {
    const { nodes, averager } = load(Atomics.load(control, CONTROL.setup));
    const overlaps = { q: params[PARAMS.q], m: params[PARAMS.m], sigma: params[PARAMS.sigma], alpha: params[PARAMS.alpha] };
    const chunkSize = params[PARAMS.chunkSize];
    const active = params[PARAMS.active];
    nodes.warmCount = params[PARAMS.warmCount];
    for (chunk = claimChunk(claim, generation, chunks); chunk >= 0; chunk = claimChunk(claim, generation, chunks)) {
      const unconverged = averager.solveNodes(overlaps, chunk * chunkSize, Math.min(active, (chunk + 1) * chunkSize));
      Atomics.add(control, CONTROL.unconverged, unconverged);
      Atomics.add(control, CONTROL.workerChunks, 1);
      Atomics.add(control, CONTROL.done, 1);
      Atomics.notify(control, CONTROL.done);
    }
  } catch (error) {
    // a claimed chunk is left unsolved: it counts as done, so the main thread stops waiting and
    // reports the failure with this message (before any claim, the other threads take every chunk)
    if (chunk >= 0) {
      port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      Atomics.store(control, CONTROL.failed, 1);
      Atomics.add(control, CONTROL.done, 1);
      Atomics.notify(control, CONTROL.done);
    }
  }
}
