// One full-batch Adam step (data loss + gradient on the backend, penalty and Adam on the host) at
// κ = 1, T = 2 and (d, α) ∈ {(100, 0.5), (100, 4), (200, 0.25), (400, 0.25)}, both
// parameterizations, on every backend available here,
// against the peer a user would pick instead: PyTorch on the CPU (../../../shared/peers/
// torch_adam_step.py, float32, same thread count), timed in the same run. Then the memory a
// training set costs (training-set-memory.mjs, on the built packages): the peak resident set of a
// fresh process that generates and loads the α = 4 set, less what it held before, against the
// set's raw bytes (X and Y) — cold, and warm (after a small set paid the one-time costs). Between
// the two: κ = 1/4, onnx-cpu's panel gradient against its d × d form and PyTorch.

import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  type AttentionKernels,
  type ComputeBackend,
  type ModelShape,
  type Parameterization,
  Rng,
  type SampledTarget,
  type ScoreForm,
} from '@attention-hd/core';
import { formatSeconds, type Measurement, measure } from '@attention-hd/core/testing';
import {
  DirectParameterization,
  FactorizedParameterization,
  generateDataset,
  MarchenkoPasturTarget,
} from '@attention-hd/targets';
import {
  Adam,
  defaultAdamSettings,
  GpuJsBackend,
  OnnxBackend,
  TfjsNodeBackend,
  TfjsWasmBackend,
  TypeScriptBackend,
} from '../src/index.js';

const sizes = [
  { d: 100, alpha: 0.5 },
  { d: 100, alpha: 4 },
  { d: 200, alpha: 0.25 },
  { d: 400, alpha: 0.25 },
];
const T = 2;
const threads = availableParallelism();
const peerScript = fileURLToPath(new URL('../../../../shared/peers/torch_adam_step.py', import.meta.url));
const parameterizations = [new FactorizedParameterization(), new DirectParameterization()];

const backends: ComputeBackend[] = [
  new TypeScriptBackend(threads),
  new TfjsWasmBackend(),
  new OnnxBackend(),
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

function peer(d: number, alpha: number, param: string, kappa = 1): Measurement | string {
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
        '--kappa',
        String(kappa),
        '--threads',
        String(threads),
        '--steps',
        alpha * d * d > 20000 ? '8' : '20',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    return { label: `PyTorch ${r.torch} CPU float32`, seconds: r.step_s_median, runs: r.steps };
  } catch (error) {
    return `PyTorch peer unavailable (apt-get install -y python3-torch): ${(error as Error).message.split('\n')[0]}`;
  }
}

console.log(
  `Adam step, κ = 1, T = ${T}, ${threads} thread(s); load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (wall median; CPU seconds per step in brackets):`,
);
for (const { d, alpha } of sizes) {
  const n = Math.floor(alpha * d * d);
  const target = new MarchenkoPasturTarget().create({ kappa0: 0.5 }).sample(d, Rng.fromSeed(1, 'teacher'));
  for (const parameterization of parameterizations) {
    const baseline = peer(d, alpha, parameterization.id);
    console.log(
      `  d = ${d}, α = ${alpha} (n = ${n}), ${parameterization.id}: ${typeof baseline === 'string' ? baseline : `${baseline.label} ${formatSeconds(baseline.seconds)}`}`,
    );
    for (const kernels of loaded) {
      const data = trainingSet(target, n, kernels);
      const shape = parameterization.shape(d, 1);
      await timeAdamStep(`${kernels.backendId} (${kernels.precision})`, kernels, data, {
        parameterization,
        shape,
        form: parameterization.scoreForm(shape),
        minSeconds: n > 20000 ? 4 : 2,
        baseline,
      });
    }
  }
}

// κ = 1/4 (factorized): onnx-cpu's backward product as the panel Xᵀ(ĜP) [d, p] (the default for a
// tied form, ScoreForm.panelGradient) against the same backend with the d × d gram Xᵀ(ĜX) (the form
// without panelGradient), and PyTorch at the same κ, same run.
const onnx = loaded.find((k) => k.backendId === 'onnx-cpu');
if (onnx !== undefined) {
  const factorized = new FactorizedParameterization();
  console.log(`\nAdam step, factorized κ = 1/4, T = ${T}; load average ${loadavg()[0].toFixed(2)}:`);
  for (const { d, alpha } of [
    { d: 200, alpha: 0.25 },
    { d: 400, alpha: 0.25 },
  ]) {
    const n = Math.floor(alpha * d * d);
    const baseline = peer(d, alpha, 'factorized', 0.25);
    console.log(
      `  d = ${d}, α = ${alpha} (n = ${n}, p = ${d / 4}): ${typeof baseline === 'string' ? baseline : `${baseline.label} ${formatSeconds(baseline.seconds)}`}`,
    );
    const target = new MarchenkoPasturTarget().create({ kappa0: 0.5 }).sample(d, Rng.fromSeed(1, 'teacher'));
    const data = trainingSet(target, n, onnx);
    const shape = factorized.shape(d, 0.25);
    const panelForm = factorized.scoreForm(shape);
    const { panelGradient: _, ...gramForm } = panelForm;
    const times: Record<string, number> = {};
    for (const [label, form] of [
      ['panel Xᵀ(ĜP)', panelForm],
      ['gram Xᵀ(ĜX)', gramForm],
    ] as const) {
      times[label] = await timeAdamStep(`onnx-cpu, ${label}`, onnx, data, {
        parameterization: factorized,
        shape,
        form,
        minSeconds: 3,
        baseline,
      });
    }
    console.log(`    panel against gram: ${(times['gram Xᵀ(ĜX)'] / times['panel Xᵀ(ĜP)']).toFixed(2)}× faster`);
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

function trainingSet(target: SampledTarget, n: number, kernels: AttentionKernels) {
  return generateDataset({
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
}

/** Times full-batch Adam steps on `kernels` (median wall, CPU per step), prints the line, returns the wall seconds. */
async function timeAdamStep(
  label: string,
  kernels: AttentionKernels,
  data: ReturnType<typeof trainingSet>,
  options: {
    parameterization: Parameterization;
    shape: ModelShape;
    form: ScoreForm;
    minSeconds: number;
    baseline: Measurement | string;
  },
): Promise<number> {
  const { parameterization, shape, baseline } = options;
  const objective = await kernels.createObjective({ ...data, beta: 1 }, options.form);
  const theta = parameterization.initialParameters(shape, Rng.fromSeed(3, 'init'));
  const gradient = new Float64Array(theta.length);
  const adam = new Adam(theta.length, defaultAdamSettings);
  let steps = 0;
  const cpu = process.cpuUsage();
  const ours = await measure(
    label,
    async () => {
      await objective.evaluate(theta, gradient);
      parameterization.addPenaltyGradient(theta, shape, 0.01, gradient);
      adam.step(theta, gradient);
      steps++;
    },
    { minSeconds: options.minSeconds },
  );
  const used = process.cpuUsage(cpu);
  const ratio = typeof baseline === 'string' ? '' : ` — ${(baseline.seconds / ours.seconds).toFixed(2)}× PyTorch's speed`;
  console.log(
    `    ${ours.label}: ${formatSeconds(ours.seconds)} [${formatSeconds((used.user + used.system) / 1e6 / steps)} CPU] (median of ${ours.runs})${ratio}`,
  );
  objective.dispose();
  return ours.seconds;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
