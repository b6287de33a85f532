// Child of adam-step.bench.ts: the resident memory one α = 4 training set (n = 40000, d = 100,
// T = 2) costs in a fresh process running the built packages (what `attention-hd` runs):
// generate it, build the objective, evaluate once, and print the peak resident set over the one
// before the set. `warm`: first the same on a 2000-sample set, so the one-time costs (JIT warm-up
// garbage filling V8's young generation; the wasm heap's scratch pages) are already paid, as for
// every seed after the first of a multi-seed run.
import { readFileSync } from 'node:fs';
import { Rng } from '@attention-hd/core';
import { FactorizedParameterization, generateDataset, MarchenkoPasturTarget } from '@attention-hd/targets';
import { TfjsWasmBackend, TypeScriptBackend } from '@attention-hd/trainer-gpu';

const [id, mode] = process.argv.slice(2);
const backend = id === 'typescript' ? new TypeScriptBackend(2) : id === 'tfjs-wasm' ? new TfjsWasmBackend() : null;
if (backend === null) throw new Error(`training-set-memory: backend ${id} is not measured (typescript, tfjs-wasm)`);
const kernels = await backend.load();
const d = 100;
const target = new MarchenkoPasturTarget().create({ kappa0: 0.5 }).sample(d, Rng.fromSeed(1, 'teacher'));
const parameterization = new FactorizedParameterization();
const shape = parameterization.shape(d, 1);

function trainingSet(n, seed) {
  const data = generateDataset({
    target,
    n,
    T: 2,
    noise: 0.5,
    beta0: 1,
    output: 'seq2lab',
    rng: Rng.fromSeed(seed, 'train'),
    precision: kernels.precision,
    allocate: kernels.allocate?.bind(kernels),
  });
  const objective = kernels.createObjective({ ...data, beta: 1 }, parameterization.scoreForm(shape));
  objective.evaluate(parameterization.initialParameters(shape, Rng.fromSeed(3)), new Float64Array(d * d));
  return { data, objective };
}

if (mode === 'warm') trainingSet(2000, 9).objective.dispose();
const before = process.memoryUsage().rss;
const { data, objective } = trainingSet(4 * d * d, 2);
const peak = peakResidentBytes();
console.log(JSON.stringify({ bytes: data.X.byteLength + data.Y.byteLength, before, peak }));
objective.dispose();
process.exit(0);

/**
 * The peak resident set of this process. Linux: VmHWM, which starts afresh at exec; getrusage's
 * maxRSS does not (a child spawned by a large parent inherits the parent's peak).
 */
function peakResidentBytes() {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB$/m);
    if (line !== null) return Number(line[1]) * 1024;
  } catch {}
  return process.resourceUsage().maxRSS * 1024; // KiB
}
