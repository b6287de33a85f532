import { SemicircleFreeConvolution } from '@attention-hd/spectra';
import { PowerLawTarget } from '@attention-hd/targets';
import { FactorizedStateEvolutionSolver } from '../src/solvers/factorized-state-evolution-solver.js';

const [d, n, draws] = process.argv.slice(2).map(Number);
const target = new PowerLawTarget().create({ gamma: 0.75 });
const channel = { T: 2, beta: 1, beta0: 1, noise: 0.5 };
const problem = { target, d, alpha: n / (d * d), lambdaTilde: 1 / d, kappa: 1, ...channel };
const solver = new FactorizedStateEvolutionSolver(new SemicircleFreeConvolution());
const g = await solver.solve(problem);
const t = performance.now();
const r = solver.solveExactLaw(problem, g.point, { draws: draws || 4, samples: 20000 });
console.log(r.status, r.iterations, r.testError, r.testErrorStdErr, r.mseS, ((performance.now() - t) / 1000).toFixed(1) + 's');
