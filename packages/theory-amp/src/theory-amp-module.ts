import { ContainerModule, TheorySolver } from '@attention-hd/core';
import { BayesOptimalSolver } from './solvers/bayes-optimal-solver.js';
import { DirectStateEvolutionSolver } from './solvers/direct-state-evolution-solver.js';
import { FactorizedStateEvolutionSolver } from './solvers/factorized-state-evolution-solver.js';

/** Registers the SE solvers of both parameterizations and the Bayes-optimal bound (they get FreeConvolution by injection). */
export const theoryAmpModule = new ContainerModule(({ bind }) => {
  bind(TheorySolver).to(FactorizedStateEvolutionSolver).inSingletonScope();
  bind(TheorySolver).to(DirectStateEvolutionSolver).inSingletonScope();
  bind(TheorySolver).to(BayesOptimalSolver).inSingletonScope();
});
