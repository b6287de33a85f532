import {
  ParameterError,
  ParameterizationRegistry,
  symmetricEigenvalues,
  type TargetModel,
  TargetRegistry,
  type TheorySolver,
  TheorySolverRegistry,
  type Trainer,
  TrainerRegistry,
  type TrainingContext,
  type TrainingRequest,
  type TrainingResult,
  UserError,
} from '@attention-hd/core';
import { defaultAdamSettings } from '@attention-hd/trainer-gpu';
import type { Services } from '../framework/define-experiment.js';

/** The paper's architecture: the default of every experiment that does not let the user choose. */
export const paperParameterization = 'factorized';

export type { Services } from '../framework/define-experiment.js';

/**
 * The theory solver that predicts this parameterization (a solver's default variant is the one in
 * the trainer's penalty convention, so theory and Adam describe the same ERM).
 */
export function theorySolverFor(services: Services, parameterization: string): TheorySolver {
  const solver = services
    .get(TheorySolverRegistry)
    .list()
    .find((s) => s.parameterization === parameterization);
  if (solver === undefined) throw new UserError(`no theory solver predicts the '${parameterization}' parameterization`);
  return solver;
}

/**
 * The eigenvalues of a run's Ŝ (ascending), or null when the run left no usable θ (a diverged run, or
 * a GAMP run that did not converge: its θ is empty) — then the experiment reports one row that says so.
 */
export function learnedEigenvalues(
  services: Services,
  parameterization: string,
  run: TrainingResult,
  d: number,
): Float64Array | null {
  if (run.theta.length === 0 || !run.theta.every(Number.isFinite)) return null;
  const p = services.get(ParameterizationRegistry).get(parameterization);
  return symmetricEigenvalues(p.toS(run.theta, p.shape(d, 1)), d);
}

/** The `simulator` parameter of every experiment with finite-d points. */
export const simulatorParameter = {
  kind: 'text',
  description: "the trainer of the finite-d points: 'adam' or 'gamp-erm' (GAMP to the ERM minimiser, κ = 1), any registered id",
  default: 'adam',
  pattern: '[a-z0-9][a-z0-9-]*',
  allowed: 'a registered trainer id such as adam or gamp-erm',
} as const;

/**
 * The trainer of a simulation: the one named `simulator` (any registered trainer id, e.g. 'adam' or
 * 'gamp-erm'), or the first that supports the parameterization and is not used only on request.
 */
export function trainerFor(services: Services, parameterization: string, simulator?: string): Trainer {
  const registry = services.get(TrainerRegistry);
  if (simulator !== undefined) {
    if (!registry.has(simulator))
      throw new ParameterError('simulator', simulator, `a registered trainer: ${registry.ids().join(', ')}`);
    const named = registry.get(simulator);
    if (!named.supports(parameterization)) {
      throw new ParameterError('simulator', simulator, `a trainer that supports '${parameterization}'`);
    }
    return named;
  }
  const trainer = registry.list().find((t) => t.onRequest !== true && t.supports(parameterization));
  if (trainer === undefined) throw new UserError(`no trainer supports the '${parameterization}' parameterization`);
  return trainer;
}

export function mpTarget(services: Services, kappa0: number): TargetModel {
  return services.get(TargetRegistry).get('mp').create({ kappa0 });
}

/**
 * The target of a sweep: `target` (any registered id, a plugin's included) with its
 * `targetParameters` ("name=value,…", checked by the target itself); the Marchenko–Pastur
 * target takes κ₀ from the sweep's own `kappa0` (its series in `rank`).
 */
export function sweepTarget(
  services: Services,
  parameters: { readonly target?: string; readonly targetParameters?: string },
  kappa0: number,
): TargetModel {
  const id = parameters.target ?? 'mp';
  const values = parseAssignments('targetParameters', parameters.targetParameters ?? '');
  if (id === 'mp')
    return services
      .get(TargetRegistry)
      .get('mp')
      .create({ kappa0, ...values });
  return services.get(TargetRegistry).get(id).create(values);
}

/** "a=1,b=x" → { a: '1', b: 'x' } (values stay strings: the owner validates them) */
export function parseAssignments(name: string, text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const at = part.indexOf('=');
    if (at < 1) throw new ParameterError(name, text, 'comma-separated name=value pairs, e.g. "gamma=0.75"');
    out[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return out;
}

/** Registries present? For `availability()`: an experiment whose engine is missing says so. */
export function missingEngines(services: Services, needs: { theory?: string[]; trainer?: string[] }): string[] {
  const missing: string[] = [];
  const solvers = services.get(TheorySolverRegistry).list();
  const trainers = services.get(TrainerRegistry).list();
  for (const p of needs.theory ?? []) {
    if (!solvers.some((s) => s.parameterization === p)) missing.push(`a theory solver for '${p}' (@attention-hd/theory-amp)`);
  }
  for (const p of needs.trainer ?? []) {
    if (!trainers.some((t) => t.supports(p))) missing.push(`a trainer for '${p}' (@attention-hd/trainer-gpu)`);
  }
  return missing;
}

/** What every standard experiment's Adam run shares: the paper's Adam settings, 100 minimum steps, unit init, 2000 test samples, one seed for data, init and teacher. */
export type AdamRun = Omit<TrainingRequest, 'adam' | 'minSteps' | 'initScale' | 'testSamples' | 'seeds'> & {
  readonly seed: number;
  /** a trainer id (the experiment's `simulator` parameter); default: the parameterization's default trainer */
  readonly simulator?: string;
};

export function trainWithAdam(
  services: Services,
  { seed, simulator, ...request }: AdamRun,
  context: TrainingContext = {},
): Promise<TrainingResult> {
  return trainerFor(services, request.parameterization, simulator).train(
    {
      ...request,
      adam: defaultAdamSettings,
      minSteps: 100,
      initScale: 1,
      testSamples: 2000,
      seeds: { data: seed, init: seed, teacher: seed },
    },
    context,
  );
}
