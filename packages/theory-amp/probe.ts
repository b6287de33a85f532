import { SemicircleFreeConvolution } from '@attention-hd/spectra';
import { PowerLawTarget } from '@attention-hd/targets';
import { FactorizedStateEvolutionSolver } from './src/solvers/factorized-state-evolution-solver.js';
import { GoeSampleStateEvolutionSolver } from './src/solvers/goe-sample-state-evolution-solver.js';

const d = Number(process.argv[2] ?? 100);
const target = new PowerLawTarget().create({ gamma: 0.75 });
const fc = new SemicircleFreeConvolution();
for (const alpha of [0.05, 0.5]) {
  const problem = { target, d, alpha, lambdaTilde: 0.02, noise: 0.5, T: 2, beta: 1, beta0: 1, kappa: 1 };
  const t0 = performance.now();
  const a = await new FactorizedStateEvolutionSolver(fc).solve(problem, { samples: 16384 });
  const t1 = performance.now();
  const b = await new GoeSampleStateEvolutionSolver(fc, 8, 1).solve(problem, { samples: 16384 });
  const t2 = performance.now();
  const f = (p: any) =>
    ['q', 'm', 'sigma', 'delta', 'epsilon', 'testError', 'rankFraction'].map((k) => `${k}=${p[k].toPrecision(5)}`).join(' ');
  console.log(alpha, a.status, f(a.point), ((t1 - t0) / 1000).toFixed(1));
  console.log(alpha, b.status, f(b.point), ((t2 - t1) / 1000).toFixed(1));
}
