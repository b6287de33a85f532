import {
  ComputeBackendRegistry,
  ContainerModule,
  FreeConvolution,
  ParameterizationRegistry,
  TheorySolver,
  TheorySolverRegistry,
  Trainer,
} from '@attention-hd/core';
import { GampErmTrainer } from './gamp/gamp-erm-trainer.js';
import { BayesOptimalSolver } from './solvers/bayes-optimal-solver.js';
import { DirectStateEvolutionSolver } from './solvers/direct-state-evolution-solver.js';
import { FactorizedStateEvolutionSolver } from './solvers/factorized-state-evolution-solver.js';

/**
 * Registers the SE solvers of both parameterizations and the Bayes-optimal bound (they get
 * FreeConvolution by injection), and GAMP-ERM as a trainer used on request (`simulator=gamp-erm`).
 */
export const theoryAmpModule = new ContainerModule(({ bind }) => {
  bind(TheorySolver).to(FactorizedStateEvolutionSolver).inSingletonScope();
  bind(TheorySolver).to(DirectStateEvolutionSolver).inSingletonScope();
  bind(TheorySolver).to(BayesOptimalSolver).inSingletonScope();
  bind(Trainer).toDynamicValue(
    (context) =>
      new GampErmTrainer(
        context.get(ParameterizationRegistry),
        context.get(TheorySolverRegistry),
        context.get(FreeConvolution),
        context.get(ComputeBackendRegistry),
      ),
  );
});
