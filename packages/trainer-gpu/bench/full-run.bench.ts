// A whole Adam run to the stopping rule (|ΔL|/d² < 1e-9 after 100 steps), factorized, d = 100,
// α = 0.3, T = 2, κ₀ = 0.5, Δ = 0.5, λ = 0.01 — `attention-hd train --alpha 0.3 --d 100` — on the
// default backend, against the same run in PyTorch (torch_full_run.py beside this file, float32, the
// same threads), timed in the same process run; wall and CPU seconds of the training loop.
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createContainer, TargetRegistry, TrainerRegistry } from '@attention-hd/core';
import { targetsModule } from '@attention-hd/targets';
import { defaultAdamSettings, trainerGpuModule, trainSeeds } from '../src/index.js';

const [d, alpha] = [100, 0.3];
const threads = availableParallelism();
const container = createContainer([targetsModule, trainerGpuModule]);
const target = container.get(TargetRegistry).get('mp').create({ kappa0: 0.5 });
const trainer = container.get(TrainerRegistry).get('adam');
console.log(
  `full Adam run, d = ${d}, α = ${alpha}, ${threads} thread(s); load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const seed of [1, 2, 3]) {
  const cpu = process.cpuUsage();
  const summary = await trainSeeds(
    trainer,
    {
      parameterization: 'factorized',
      target,
      d,
      kappa: 1,
      alpha,
      lambda: 0.01,
      noise: 0.5,
      T: 2,
      beta: 1,
      beta0: 1,
      output: 'seq2lab',
      adam: defaultAdamSettings,
      tolerance: 1e-9,
      minSteps: 100,
      maxSteps: 100_000,
      initScale: 1,
      testSamples: 2000,
    },
    { seeds: 1, seed },
  );
  const used = process.cpuUsage(cpu);
  const run = summary.runs[0];
  let peer = 'PyTorch peer unavailable (apt-get install -y python3-torch)';
  let ratio = '';
  try {
    const out = execFileSync(
      '/usr/bin/python3',
      [
        fileURLToPath(new URL('./torch_full_run.py', import.meta.url)),
        '--d',
        String(d),
        '--alpha',
        String(alpha),
        '--threads',
        String(threads),
        '--seed',
        String(seed),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    peer = `PyTorch ${r.torch}: ${r.wall_s.toFixed(2)} s wall, ${r.cpu_s.toFixed(2)} s CPU, ${r.steps} steps`;
    ratio = ` — ${(r.wall_s / run.seconds).toFixed(2)}× PyTorch's speed (wall), ${(r.wall_s / r.steps / (run.seconds / run.steps)).toFixed(2)}× per step`;
  } catch (error) {
    peer += `: ${(error as Error).message.split('\n')[0]}`;
  }
  console.log(
    `  seed ${seed}: ours (${summary.backend}) ${run.seconds.toFixed(2)} s wall (${((used.user + used.system) / 1e6).toFixed(2)} s CPU with data generation), ${run.steps} steps, e_test ${run.testError.toFixed(4)}; ${peer}${ratio}`,
  );
}
process.exit(0);
