// GAMP-ERM to its stop (undamped step < 1e-5) against Adam to the authors' stopping rule
// (|ΔL|/d² < 1e-9 after 100 steps) on the same instances (teacher and data from one seed), factorized
// at κ = 1, κ₀ = 0.5, Δ = 0.5, λ̃ = 0.01, T = 2: d = 100, α = 0.5 and d = 200, α = 0.25 (issue 18's
// workloads) and d = 200, α = 0.5 (where GAMP converges at d = 200). Both on the default compute
// backend (GAMP's panel products and Adam's objective: onnx-cpu where installed). Wall and CPU seconds of each in one process, the load average, MSE_S of both, and the
// ratio Adam/GAMP (above 1: GAMP faster). Then, at equal accuracy: Adam stops at a distance
// δ_A = ‖Ŝ_Adam − Ŝ_GAMP‖_F/‖Ŝ_GAMP‖_F from GAMP's fixed point (GAMP stops far closer to it, at an undamped
// step below 1e-5); a second GAMP run records when its iterate first came within δ_A of that
// point (its time from the start, data and sessions included), and Adam's time is divided by that.
// On the built packages:
//   node apps/cli/bench/gamp-vs-adam.bench.mjs [--seeds N]
import { availableParallelism, loadavg } from 'node:os';
import {
  ComputeBackendRegistry,
  createContainer,
  ParameterizationRegistry,
  TargetRegistry,
  TrainerRegistry,
} from '@attention-hd/core';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { selectFormsBackend, solveWithGamp, theoryAmpModule } from '@attention-hd/theory-amp';
import { defaultAdamSettings, trainerGpuModule } from '@attention-hd/trainer-gpu';

const at = process.argv.indexOf('--seeds');
const seeds = at >= 0 ? Number(process.argv[at + 1]) : 1;
const container = createContainer([targetsModule, spectraModule, theoryAmpModule, trainerGpuModule]);
const target = container.get(TargetRegistry).get('mp').create({ kappa0: 0.5 });
const trainers = container.get(TrainerRegistry);
const common = {
  parameterization: 'factorized',
  target,
  kappa: 1,
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
};

const factorized = container.get(ParameterizationRegistry).get('factorized');
const forms = await selectFormsBackend(container.get(ComputeBackendRegistry));

/** ‖A − B‖_F/‖B‖_F */
function distance(A, B) {
  let difference = 0;
  let norm = 0;
  for (let i = 0; i < A.length; i++) {
    difference += (A[i] - B[i]) ** 2;
    norm += B[i] * B[i];
  }
  return Math.sqrt(difference / norm);
}

/** seconds from the start of a GAMP run on the instance until its iterate is within `tolerance` of S (NaN: never) */
async function gampTimeTo(request, S, tolerance) {
  const shape = factorized.shape(request.d, 1);
  let reached = Number.NaN;
  const started = performance.now();
  await solveWithGamp(
    {
      estimator: 'erm',
      penalty: 'nuclear',
      target: request.target,
      d: request.d,
      alpha: request.alpha,
      T: request.T,
      noise: request.noise,
      beta: request.beta,
      beta0: request.beta0,
      lambdaTilde: factorized.lambdaTilde(request.lambda, shape),
      seed: request.seeds.data,
      teacherSeed: request.seeds.teacher,
      testSamples: request.testSamples,
      sampleForms: forms.sampleForms,
    },
    {
      maxIterations: 500,
      onIterate: (_iterate, iterateS) => {
        if (Number.isNaN(reached) && distance(iterateS, S) <= tolerance) reached = (performance.now() - started) / 1000;
      },
    },
  );
  return reached;
}

async function timed(trainer, request) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await trainer.train(request);
  const used = process.cpuUsage(cpu);
  return { result, wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

console.log(`GAMP-ERM vs Adam on the same instance, ${availableParallelism()} core(s)`);
for (const [d, alpha] of [
  [100, 0.5],
  [200, 0.25],
  [200, 0.5],
]) {
  for (let seed = 1; seed <= seeds; seed++) {
    const request = { ...common, d, alpha, seeds: { data: seed, init: seed, teacher: seed } };
    const load = loadavg()[0].toFixed(2);
    // GAMP's cap: 500 iterations, the gamp-erm trainer's (with Anderson mixing ≈ 25–35 at α ≥ 0.5, ≈ 55–70 at α ≤ 0.3)
    const gamp = await timed(trainers.get('gamp-erm'), { ...request, maxSteps: 500 });
    const adam = await timed(trainers.get('adam'), request);
    const g = gamp.result;
    const a = adam.result;
    console.log(
      `d = ${d}, α = ${alpha}, seed ${seed} (load ${load}): GAMP (${g.backend}) ${g.stopReason} in ${g.steps} iterations, ${gamp.wall.toFixed(1)} s wall / ${gamp.cpu.toFixed(1)} s CPU, MSE_S ${g.mseS.toFixed(5)}; ` +
        `Adam (${a.backend}) ${a.stopReason} in ${a.steps} steps, ${adam.wall.toFixed(1)} s wall / ${adam.cpu.toFixed(1)} s CPU, MSE_S ${a.mseS.toFixed(5)}; ` +
        `Adam/GAMP wall ${(adam.wall / gamp.wall).toFixed(2)}×, CPU ${(adam.cpu / gamp.cpu).toFixed(2)}×`,
    );
    const shape = factorized.shape(d, 1);
    const gampS = factorized.toS(g.theta, shape);
    const accuracy = distance(factorized.toS(a.theta, shape), gampS);
    const toAccuracy = await gampTimeTo(request, gampS, accuracy);
    console.log(
      `  at Adam's accuracy (δ_A = ${accuracy.toExponential(2)}): GAMP ${toAccuracy.toFixed(1)} s wall; Adam/GAMP wall ${(adam.wall / toAccuracy).toFixed(2)}×`,
    );
  }
}
