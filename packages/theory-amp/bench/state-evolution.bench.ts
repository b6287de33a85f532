// State evolution at the Fig. 1 settings (κ₀ = 0.5, Δ = 0.5, λ̃ = 0.01, T = 2, β = β₀ = 1):
// one fixed point from a cold start at α = 0.5, and the 128-point log-spaced α ∈ [0.02, 60] curve,
// each with its time and the ratio to a baseline measured in the same run: the same solver with
// the generic T-token softmax channel (a vectorised Newton proximal step per sample in L = 3
// coordinates, on one thread like the closed form) instead of the closed-form two-token channel.

import { availableParallelism, loadavg } from 'node:os';
import { createContainer, logspace, TargetRegistry } from '@attention-hd/core';
import { formatComparison, formatSeconds, measure } from '@attention-hd/core/testing';
import { SemicircleFreeConvolution } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { exactLawAt, exactLawTestErrorAt, FactorizedStateEvolutionSolver } from '@attention-hd/theory-amp';

const container = createContainer([targetsModule]);
const target = container.get(TargetRegistry).get('mp').create({ kappa0: 0.5 });
const solver = new FactorizedStateEvolutionSolver(new SemicircleFreeConvolution());
const problem = { target, lambdaTilde: 0.01, noise: 0.5, T: 2, beta: 1, beta0: 1, kappa: 1 };

console.log('one fixed point, cold start (α = 0.5, nodes for mcError = 0.3 %, tolerance 1e-6):');
const genericPoint = await measure(
  'generic T-token channel',
  () => solver.solve({ ...problem, alpha: 0.5 }, { genericChannel: true, threads: 1 }),
  {
    minSeconds: 3,
  },
);
const point = await measure('closed-form two-token channel', () => solver.solve({ ...problem, alpha: 0.5 }), { minSeconds: 3 });
console.log(`  ${formatComparison(point, genericPoint)}`);
const result = await solver.solve({ ...problem, alpha: 0.5 });
console.log(
  `  ${result.status} in ${result.iterations} iterations, residual ${result.residual.toExponential(1)}; e_test = ${result.point.testError.toFixed(5)} ± ${result.point.testErrorStdErr.toExponential(1)}`,
);

// T ≥ 3 (the generic channel, Sobol' nodes) against the T = 2 point, each cold at α = 0.5 with its
// nodes chosen for e_test's 0.3 % MC error; wall and CPU, the median of 3 runs after one warm-up
// (the JIT, and the channel's worker threads, started once per process). T ≥ 3 on one thread and
// on the default threads (the number of cores); T = 2's closed-form channel is one-threaded.
console.log(
  `T = 3 and T = 5 against T = 2, α = 0.5, mcError 0.3 %, median of 3 (${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)}):`,
);
const tokenPoint = async (T: number, threads?: number) => {
  const once = async () => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const r = await solver.solve({ ...problem, T, alpha: 0.5 }, threads === undefined ? {} : { threads });
    const used = process.cpuUsage(cpu);
    return { r, wall: (performance.now() - t0) / 1000, cpu: (used.user + used.system) / 1e6 };
  };
  await once(); // warm-up
  const runs = [await once(), await once(), await once()].sort((a, b) => a.wall - b.wall);
  return runs[1];
};
const two = await tokenPoint(2);
const rows: [string, Awaited<ReturnType<typeof tokenPoint>>][] = [['T = 2', two]];
for (const T of [3, 5]) {
  rows.push([`T = ${T}, 1 thread`, await tokenPoint(T, 1)]);
  rows.push([`T = ${T}, ${availableParallelism()} threads`, await tokenPoint(T)]);
}
for (const [label, x] of rows) {
  console.log(
    `  ${label}: ${formatSeconds(x.wall)} wall, ${formatSeconds(x.cpu)} CPU, ${x.r.samples} nodes, ${x.r.iterations} iterations; e_test ${x.r.point.testError.toFixed(5)} ± ${x.r.point.testErrorStdErr.toExponential(1)}${x === two ? '' : ` — ${(x.wall / two.wall).toFixed(1)}× the T = 2 point's wall, ${(x.cpu / two.cpu).toFixed(1)}× its CPU`}`,
  );
}

console.log('the 128-point Fig. 1 curve, α ∈ [0.02, 60] log-spaced, warm-started:');
const alphas = logspace(0.02, 60, 128);
let worst = 0;
let failures = 0;
const timeCurve = async (genericChannel: boolean) => {
  const t0 = performance.now();
  const curve = await solver.solveCurve(problem, alphas, { genericChannel, threads: 1 });
  for (const r of curve) {
    if (r.status !== 'converged') failures++;
    else worst = Math.max(worst, r.point.testErrorStdErr / r.point.testError);
  }
  return (performance.now() - t0) / 1000;
};
const genericCurve = { label: 'generic T-token channel', seconds: await timeCurve(true), runs: 1 };
const curve = { label: 'closed-form two-token channel', seconds: await timeCurve(false), runs: 1 };
console.log(`  ${formatComparison(curve, genericCurve)}`);
console.log(
  `  ${formatSeconds(curve.seconds / alphas.length)} per point; non-converged points: ${failures}; largest relative MC standard error of e_test: ${(100 * worst).toFixed(3)} %`,
);

// The exact token law at finite d (docs/theory.md §5.4): power law γ = 0.75 at d = 200, n = 1000,
// λ = 1/d; the Gaussian SE point, its estimator's exact-law e_test (4 draws × 2·10⁵ sequences), and
// the exact-law SE's fixed point (4 draws × 2·10⁴ sequences per iteration, then the same e_test), all
// timed in this run, wall and CPU seconds, with the load average.
const powerLaw = container.get(TargetRegistry).get('power-law').create({ gamma: 0.75 });
const finite = { ...problem, target: powerLaw, d: 200, alpha: 1000 / 200 ** 2, lambdaTilde: 1 / 200 };
const timed = async <T>(fn: () => T | Promise<T>) => {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (used.user + used.system) / 1e6 };
};
await solver.solve(finite); // warm-up
const gaussian = await timed(() => solver.solve(finite));
const exactLaw = await timed(() => exactLawTestErrorAt(solver, finite, gaussian.value.point, { samples: 200_000 }));
const exactSe = await timed(() => exactLawAt(solver, finite, gaussian.value.point, { samples: 200_000 }));
console.log(`power law γ = 0.75, d = 200, n = 1000, λ̃ = 1/d (load average ${loadavg()[0].toFixed(2)}):`);
console.log(
  `  Gaussian SE point: ${gaussian.wall.toFixed(2)} s wall, ${gaussian.cpu.toFixed(2)} s CPU; e_test ${gaussian.value.point.testError.toFixed(5)}`,
);
console.log(
  `  exact-law e_test of its estimator: ${exactLaw.wall.toFixed(2)} s wall, ${exactLaw.cpu.toFixed(2)} s CPU (${(exactLaw.wall / gaussian.wall).toFixed(2)}× the point's wall); e_test ${exactLaw.value.value.toFixed(5)} ± ${exactLaw.value.standardError.toExponential(1)}, K = ${exactLaw.value.modes}`,
);
console.log(
  `  exact-law SE point: ${exactSe.wall.toFixed(2)} s wall, ${exactSe.cpu.toFixed(2)} s CPU (${(exactSe.wall / gaussian.wall).toFixed(1)}× the Gaussian point's wall), ${exactSe.value.solution?.iterations} iterations; e_test ${exactSe.value.value.toFixed(5)} ± ${exactSe.value.standardError.toExponential(1)}, MSE_S ${exactSe.value.solution?.mseS.toFixed(4)} (Gaussian ${gaussian.value.point.mseS.toFixed(4)})`,
);
