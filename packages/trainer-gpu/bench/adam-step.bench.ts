// One full-batch Adam step (data loss + gradient on the backend, penalty and Adam on the host) at
// d = 100, κ = 1, T = 2, α ∈ {0.5, 4}, both parameterizations, on every backend available here,
// against the peer a user would pick instead: PyTorch on the CPU (../../../shared/peers/
// torch_adam_step.py, float32, same thread count), timed in the same run. Then the memory a
// training set costs (training-set-memory.mjs, on the built packages): the peak resident set of a
// fresh process that generates and loads the α = 4 set, less what it held before, against the
// set's raw bytes (X and Y) — cold, and warm (after a small set paid the one-time costs).

import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type AttentionKernels, type ComputeBackend, Rng } from '@attention-hd/core';
import { formatSeconds, type Measurement, measure } from '@attention-hd/core/testing';
import {
  DirectParameterization,
  FactorizedParameterization,
  generateDataset,
  MarchenkoPasturTarget,
} from '@attention-hd/targets';
import { Adam, defaultAdamSettings, GpuJsBackend, TfjsNodeBackend, TfjsWasmBackend, TypeScriptBackend } from '../src/index.js';

const d = 100;
const T = 2;
const threads = availableParallelism();
const peerScript = fileURLToPath(new URL('../../../../shared/peers/torch_adam_step.py', import.meta.url));
const parameterizations = [new FactorizedParameterization(), new DirectParameterization()];
const target = new MarchenkoPasturTarget().create({ kappa0: 0.5 }).sample(d, Rng.fromSeed(1, 'teacher'));

const backends: ComputeBackend[] = [
  new TypeScriptBackend(threads),
  new TfjsWasmBackend(),
  new TfjsNodeBackend('@tensorflow/tfjs-node'),
  new TfjsNodeBackend('@tensorflow/tfjs-node-gpu'),
  new GpuJsBackend('gpu'),
  new GpuJsBackend('cpu'),
];
const loaded: AttentionKernels[] = [];
for (const backend of backends) {
  const availability = await backend.probe();
  if (availability.available) loaded.push(await backend.load());
  else console.log(`(${backend.id} skipped: ${availability.reason})`);
}

function peer(alpha: number, param: string): Measurement | string {
  try {
    const out = execFileSync(
      '/usr/bin/python3',
      [
        peerScript,
        '--d',
        String(d),
        '--alpha',
        String(alpha),
        '--T',
        String(T),
        '--param',
        param,
        '--threads',
        String(threads),
        '--steps',
        alpha > 1 ? '8' : '20',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    return { label: `PyTorch ${r.torch} CPU float32`, seconds: r.step_s_median, runs: r.steps };
  } catch (error) {
    return `PyTorch peer unavailable (apt-get install -y python3-torch): ${(error as Error).message.split('\n')[0]}`;
  }
}

console.log(`Adam step, d = ${d}, κ = 1, T = ${T}, ${threads} thread(s):`);
for (const alpha of [0.5, 4]) {
  const n = Math.floor(alpha * d * d);
  for (const parameterization of parameterizations) {
    const baseline = peer(alpha, parameterization.id);
    console.log(
      `  α = ${alpha} (n = ${n}), ${parameterization.id}: ${typeof baseline === 'string' ? baseline : `${baseline.label} ${formatSeconds(baseline.seconds)}`}`,
    );
    for (const kernels of loaded) {
      const data = generateDataset({
        target,
        n,
        T,
        noise: 0.5,
        beta0: 1,
        output: 'seq2lab',
        rng: Rng.fromSeed(2, 'train'),
        precision: kernels.precision,
        allocate: kernels.allocate?.bind(kernels),
      });
      const shape = parameterization.shape(d, 1);
      const objective = kernels.createObjective({ ...data, beta: 1 }, parameterization.scoreForm(shape));
      const theta = parameterization.initialParameters(shape, Rng.fromSeed(3, 'init'));
      const gradient = new Float64Array(theta.length);
      const adam = new Adam(theta.length, defaultAdamSettings);
      const step = (): void => {
        objective.evaluate(theta, gradient);
        parameterization.addPenaltyGradient(theta, shape, 0.01, gradient);
        adam.step(theta, gradient);
      };
      const ours = await measure(`${kernels.backendId} (${kernels.precision})`, step, { minSeconds: alpha > 1 ? 4 : 2 });
      const ratio = typeof baseline === 'string' ? '' : ` — ${(baseline.seconds / ours.seconds).toFixed(2)}× PyTorch's speed`;
      console.log(`    ${ours.label}: ${formatSeconds(ours.seconds)} (median of ${ours.runs})${ratio}`);
      objective.dispose();
    }
  }
}

console.log('\nmemory of the α = 4 training set (n = 40000; float64 on the TypeScript backend, float32 on tfjs), built code:');
const child = fileURLToPath(new URL('./training-set-memory.mjs', import.meta.url));
for (const kernels of loaded.filter((k) => ['typescript', 'tfjs-wasm'].includes(k.backendId))) {
  for (const mode of ['cold', 'warm']) {
    // a fresh process each time, so the peak resident set is this set's alone
    const out = execFileSync(process.execPath, [child, kernels.backendId, mode], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    console.log(
      `  ${kernels.backendId}, ${mode}: X and Y ${mib(r.bytes)}; peak resident set ${mib(r.peak)} − ${mib(r.before)} before = ${mib(r.peak - r.before)} (${((r.peak - r.before) / r.bytes).toFixed(2)}× the data)`,
    );
  }
}
process.exit(0);

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
