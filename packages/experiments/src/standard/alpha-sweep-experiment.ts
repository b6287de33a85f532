import {
  FreeConvolution,
  logspace,
  type NumberRange,
  ParameterError,
  ParameterizationRegistry,
  type ProgressReporter,
  type ResultRow,
  requireMemory,
  type SchemaEntry,
  type SchemaValues,
  type TargetModel,
  TheorySolverRegistry,
} from '@attention-hd/core';
import { upperBulkMass } from '@attention-hd/spectra';
import { datasetBytes } from '@attention-hd/targets';
import { ALPHA_MAX } from '@attention-hd/theory-amp';
import { DefinedExperiment, type ExperimentDefinition, type Services, type Unit } from '../framework/define-experiment.js';
import { tidySummary } from '../framework/tidy-summary.js';
import {
  missingEngines,
  paperParameterization,
  simulatorParameter,
  sweepTarget,
  theorySolverFor,
  trainerFor,
  trainWithAdam,
} from './experiment-services.js';
import { sweepFigure } from './sweep-figure.js';

/** The quantity that changes from one curve to the next. */
export type SeriesName = 'kappa' | 'lambdaTilde' | 'beta' | 'T' | 'kappa0' | 'noise' | 'param' | 'output';
export type SweepMetric = 'testError' | 'trainLoss' | 'rankFraction' | 'upperBulkMass' | 'mseS';

export interface SweepConfig {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly series: {
    readonly name: SeriesName;
    readonly label: string;
    readonly values: string;
    readonly choices?: readonly string[];
  };
  readonly metrics: readonly SweepMetric[];
  /** defaults that differ from the Fig. 1 settings */
  readonly defaults?: Readonly<Record<string, number | string | boolean>>;
  readonly quick: Readonly<Record<string, number | string | boolean>>;
  /** metrics drawn on a log y-axis */
  readonly logMetrics?: readonly SweepMetric[];
  /** a linear α-axis (default: log) */
  readonly linearX?: boolean;
}

type SweepValues = SchemaValues<SweepSchema>;

interface Setting {
  param: string;
  kappa0: number;
  lambdaTilde: number;
  beta: number;
  beta0: number;
  T: number;
  kappa: number;
  output: 'seq2lab' | 'seq2seq';
  noise: number;
}

/**
 * Curves against α, one per value of a series parameter (κ, λ̃, β, T, κ₀, Δ, the parameterization or
 * the output): the state-evolution curve (theory, where a registered solver predicts the
 * parameterization) and Adam at finite d (simulation, one unit per α × seed), from the same settings.
 * The Fig. 1 settings are the defaults (κ₀ 0.5, Δ 0.5, λ̃ 0.01, T 2, β = β₀ = 1), d = 100 and 8 seeds
 * as in the authors' stored simulations.
 */
export function alphaSweep(config: SweepConfig): ExperimentDefinition<SweepSchema> {
  const name = config.series.name;
  return {
    id: config.id,
    title: config.title,
    description: config.description,
    parameters: sweepSchema(config),
    presets: { quick: config.quick },
    missing: (services) => missingEngines(services, { theory: [paperParameterization], trainer: [paperParameterization] }),
    validate: (p, services) => validateSweep(config, p, services),
    units(p, services) {
      const values = seriesValues(p);
      // a curve is split into chains of chainPoints α (warm starts within a chain), so one curve runs
      // on several workers; the split is part of the plan, so any number of workers gives its numbers
      const chains = Math.ceil(p.theoryPoints / p.chainPoints);
      const units: Unit[] = values
        .filter((value) => theoryMissing(config, p, value, services) === null)
        .flatMap((value) =>
          Array.from({ length: chains }, (_, chain) => ({
            method: 'theory' as const,
            values: chains === 1 ? { [name]: value } : { [name]: value, chain },
          })),
        );
      if (p.seeds > 0 && p.simulate) {
        // λ̃ = 0 stands for the limit λ → 0⁺ of the theory, which Adam has no counterpart of
        const simulated = values.filter((value) => !(name === 'lambdaTilde' && Number(value) === 0));
        // with cross-validation, every λ̃ of the grid is trained; the figure and summary keep the one of
        // lowest mean test error at each α (crossValidated)
        const grid = p.cv ? p.cvLambdas : [undefined];
        for (const value of simulated) {
          for (const alpha of p.simAlphas) {
            for (const lambdaTilde of grid) {
              for (let k = 0; k < p.seeds; k++) {
                const at: Record<string, number> = lambdaTilde === undefined ? {} : { lambdaTilde };
                units.push({ method: 'simulation', values: { [name]: value, alpha, ...at, seed: p.seed + k } });
              }
            }
          }
        }
      }
      return units;
    },
    methods: {
      theory: (unit, p, { services }) => sweepTheory(config, p, services, String(unit[name]), Number(unit.chain ?? 0)),
      simulation: (unit, p, context) => sweepSimulation(config, p, context.services, String(unit[name]), unit, context),
    },
    figure: (rows, p) => sweepFigure(config, p.cv ? crossValidated(rows, name) : rows, p),
    summary: (rows, p, services) => {
      const notes = seriesValues(p)
        .map((value) => theoryMissing(config, p, value, services))
        .filter((note) => note !== null);
      const kept = p.cv ? crossValidated(rows, name) : rows;
      const tidy = tidySummary(kept, { x: 'alpha', series: name, metrics: config.metrics });
      return { ...tidy, ...(notes.length > 0 ? { theoryNotComputed: notes } : {}) };
    },
  };
}
/** The α-sweep as an `Experiment` for a container (what `experimentsModule` and plugins bind). */
export class AlphaSweepExperiment extends DefinedExperiment<SweepSchema> {
  constructor(
    readonly config: SweepConfig,
    services: Services,
  ) {
    super(alphaSweep(config), services);
  }
}

/**
 * Before any work: every parameterization of the run is registered (and has a trainer where Adam
 * runs), the target and its own parameters resolve, and the largest Adam training set fits here.
 */
function validateSweep(config: SweepConfig, p: SweepValues, services: Services): void {
  const name = config.series.name;
  const settings = seriesValues(p).map((value) => applySeries(baseSetting(p), name, value));
  const parameterizations = services.get(ParameterizationRegistry);
  for (const s of settings) {
    if (!parameterizations.has(s.param)) {
      throw new ParameterError(
        name === 'param' ? 'series' : 'param',
        s.param,
        `a registered parameterization: ${parameterizations.ids().join(', ')}`,
      );
    }
    sweepTarget(services, p, s.kappa0);
  }
  if (!p.simulate || p.seeds === 0 || p.simAlphas.length === 0) return;
  for (const s of settings) trainerFor(services, s.param, p.simulator);
  const largest = settings.reduce((worst, s) => {
    const n = Math.floor(Math.max(...p.simAlphas) * p.d * p.d);
    return Math.max(worst, datasetBytes({ n, T: s.T, d: p.d, output: s.output, precision: 'float32' }));
  }, 0);
  requireMemory('d', p.d, largest, `the largest Adam training set (α = ${Math.max(...p.simAlphas)})`);
}

/**
 * Cross-validated Adam points: per series value and α, only the runs at the λ̃ whose mean test error
 * over the seeds is lowest (the selection the authors' cross-validated figure makes); other rows kept.
 */
export function crossValidated(rows: readonly ResultRow[], series: string): ResultRow[] {
  const key = (r: ResultRow) => `${r[series]}|${r.alpha}`;
  const means = new Map<string, Map<number, number[]>>();
  for (const r of rows) {
    if (r.method !== 'simulation' || !Number.isFinite(Number(r.testError))) continue;
    const byLambda = means.get(key(r)) ?? new Map<number, number[]>();
    means.set(key(r), byLambda);
    const lambda = Number(r.lambdaTilde);
    byLambda.set(lambda, [...(byLambda.get(lambda) ?? []), Number(r.testError)]);
  }
  const best = new Map<string, number>();
  for (const [k, byLambda] of means) {
    let chosen = Number.NaN;
    let lowest = Number.POSITIVE_INFINITY;
    for (const [lambda, errors] of byLambda) {
      const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
      if (mean < lowest) [lowest, chosen] = [mean, lambda];
    }
    best.set(k, chosen);
  }
  return rows.filter((r) => r.method !== 'simulation' || Number(r.lambdaTilde) === best.get(key(r)));
}

/** The series values of a run, as strings (numbers as the user wrote them, ids, output kinds). */
function seriesValues(p: SweepValues): string[] {
  return String(p.series).split(',');
}

/** Why a series value gets no theory curve (no solver for its parameterization, or seq2seq), or null. */
function theoryMissing(config: SweepConfig, p: SweepValues, value: string, services: Services): string | null {
  const name = config.series.name;
  if (name === 'output' && value === 'seq2seq') return 'seq2seq: the state evolution covers seq2lab only';
  const param = name === 'param' ? value : p.param;
  if (
    !services
      .get(TheorySolverRegistry)
      .list()
      .some((solver) => solver.parameterization === param)
  ) {
    return `${param}: no theory solver predicts this parameterization (simulation only)`;
  }
  return null;
}

async function sweepTheory(
  config: SweepConfig,
  p: SweepValues,
  services: Services,
  value: string,
  chain: number,
): Promise<ResultRow[]> {
  const name = config.series.name;
  const s = applySeries(baseSetting(p), name, value);
  const seriesValue = name === 'param' || name === 'output' ? value : Number(value);
  const solver = theorySolverFor(services, s.param);
  const target = sweepTarget(services, p, s.kappa0);
  const problem = {
    target,
    // a finite-d law (e.g. the power law) is taken at the dimension of the Adam runs
    ...(target.finiteDimensional ? { d: p.d } : {}),
    lambdaTilde: s.lambdaTilde,
    noise: s.noise,
    T: s.T,
    beta: s.beta,
    beta0: s.beta0,
    kappa: s.kappa,
  };
  const alphas = logspace(p.alphaMin, p.alphaMax, p.theoryPoints).slice(chain * p.chainPoints, (chain + 1) * p.chainPoints);
  const options = { samples: p.samples, seed: 1, branchSearch: p.branchSearch as 'starts' | 'auto' | 'both-sides' };
  if (p.cv) {
    const rows: ResultRow[] = [];
    for (const alpha of alphas) {
      const cv = await solver.crossValidate({ ...problem, alpha }, options);
      rows.push({
        alpha,
        [name]: seriesValue,
        ...theoryColumns(cv.result.point, cv.result.status, cv.result.proximalMinima),
        testError: cv.testError,
        lambdaTilde: cv.lambdaTildeOptimal,
      });
    }
    return rows;
  }
  const results = await solver.solveCurve(problem, alphas, options);
  const withBulks = config.metrics.includes('upperBulkMass');
  return results.map((r) => ({
    alpha: r.point.alpha,
    [name]: seriesValue,
    ...theoryColumns(r.point, r.status, r.proximalMinima),
    ...(withBulks ? { upperBulkMass: bulkMass(services, target, problem.d, r.point) } : {}),
    lambdaTilde: s.lambdaTilde,
  }));
}

async function sweepSimulation(
  config: SweepConfig,
  p: SweepValues,
  services: Services,
  value: string,
  unit: Readonly<Record<string, unknown>>,
  context: { readonly backend?: string; readonly progress: ProgressReporter },
): Promise<ResultRow[]> {
  const name = config.series.name;
  const [alpha, seed] = [Number(unit.alpha), Number(unit.seed)];
  const given = applySeries(baseSetting(p), name, value);
  // a cross-validation unit names its own λ̃
  const s = unit.lambdaTilde === undefined ? given : { ...given, lambdaTilde: Number(unit.lambdaTilde) };
  const seriesValue = name === 'param' || name === 'output' ? value : Number(value);
  // the authors' convention (GD_Adam.py): the trainer's λ from λ̃ at the nominal width p = κd
  // (λ = λ̃/√κ for the factorized model), so λ̃ is the same for every κ even where κd is not whole
  const parameterization = services.get(ParameterizationRegistry).get(s.param);
  const lambda = parameterization.lambdaFromTilde(s.lambdaTilde, { d: p.d, p: s.kappa * p.d });
  const r = await trainWithAdam(
    services,
    {
      parameterization: s.param,
      target: sweepTarget(services, p, s.kappa0),
      d: p.d,
      kappa: s.kappa,
      alpha,
      lambda,
      noise: s.noise,
      T: s.T,
      beta: s.beta,
      beta0: s.beta0,
      output: s.output,
      tolerance: p.tol,
      maxSteps: p.maxSteps,
      seed,
      simulator: p.simulator,
    },
    { backend: context.backend, progress: liveMetrics(context.progress) },
  );
  return [
    {
      alpha,
      [name]: seriesValue,
      seed,
      testError: r.testError,
      trainLoss: r.trainLoss,
      mseS: r.mseS,
      steps: r.steps,
      stopReason: r.stopReason,
      lambda,
      lambdaTilde: s.lambdaTilde,
      d: p.d,
      backend: r.backend,
      precision: r.precision,
      seconds: r.seconds,
    },
  ];
}

/** The upper bulk's mass of Ŝ at this fixed point (spectra's `upperBulkMass`), NaN without a δ. */
function bulkMass(
  services: Services,
  target: TargetModel,
  d: number | undefined,
  point: { delta: number; epsilon: number },
): number {
  const { delta, epsilon } = point;
  if (!(Number.isFinite(delta) && delta > 0 && Number.isFinite(epsilon))) return Number.NaN;
  const law = target.spectralLaw(target.finiteDimensional ? d : undefined);
  return upperBulkMass(services.get(FreeConvolution).convolveWithSemicircle(law, delta), epsilon);
}

/**
 * A theory row's columns. `twoMinimaFraction`: the share of checked channel nodes whose per-sample
 * problem has two local minima at the fixed point (TheoryResult.proximalMinima; NaN where the solver
 * does not check): above 0 the channel is not convex there and the SE may have other fixed points.
 */
function theoryColumns(
  p: { testError: number; testErrorStdErr: number; trainLoss: number; mseS: number; rankFraction: number },
  status: string,
  minima?: { readonly twoMinima: number; readonly nodes: number },
) {
  return {
    testError: p.testError,
    testErrorStdErr: p.testErrorStdErr,
    trainLoss: p.trainLoss,
    mseS: p.mseS,
    rankFraction: p.rankFraction,
    status,
    twoMinimaFraction: minima !== undefined && minima.nodes > 0 ? minima.twoMinima / minima.nodes : Number.NaN,
  };
}

/** Training progress inside an experiment: only the live loss reaches the experiment's bar. */
function liveMetrics(progress: ProgressReporter): ProgressReporter {
  return { start() {}, finish() {}, log() {}, update: ({ metrics }) => metrics !== undefined && progress.update({ metrics }) };
}

function baseSetting(p: SweepValues): Setting {
  return {
    param: p.param,
    kappa0: p.kappa0,
    lambdaTilde: p.lambdaTilde,
    beta: p.beta,
    beta0: p.beta0,
    T: p.T,
    kappa: p.kappa,
    output: 'seq2lab',
    noise: p.noise,
  };
}

function applySeries(s: Setting, name: SeriesName, value: string): Setting {
  switch (name) {
    case 'param':
      return { ...s, param: value };
    case 'output':
      return { ...s, output: value === 'seq2seq' ? 'seq2seq' : 'seq2lab' };
    case 'beta':
      // matched temperatures, as in the authors' runs: β = β₀
      return { ...s, beta: Number(value), beta0: Number(value) };
    default:
      return { ...s, [name]: Number(value) };
  }
}

/** The α-sweep's parameters: the series, the settings of Fig. 1, the theory grid and the Adam runs. */
function sweepSchema(config: SweepConfig) {
  const d = config.defaults ?? {};
  const number = (description: string, fallback: number, range: NumberRange, symbol?: string) =>
    ({ kind: 'number', description, default: fallback, range, ...(symbol === undefined ? {} : { symbol }) }) as const;
  const given = <T>(name: string, fallback: T): T => (d[name] as T | undefined) ?? fallback;
  const series: SchemaEntry =
    config.series.choices !== undefined
      ? {
          kind: 'choice',
          description: `${config.series.label}: one curve each`,
          default: config.series.values,
          choices: config.series.choices,
        }
      : config.series.name === 'param'
        ? {
            kind: 'text',
            description: `${config.series.label}: one curve each (comma-separated registered ids)`,
            default: config.series.values,
            pattern: '[a-z0-9][a-z0-9-]*(,[a-z0-9][a-z0-9-]*)*',
            allowed: 'comma-separated parameterization ids, e.g. factorized,direct',
          }
        : {
            kind: 'list',
            description: `${config.series.label}: one curve each (comma-separated)`,
            default: config.series.values,
            range: config.series.name === 'T' ? { integer: true, min: 2, max: 12 } : { min: 0 },
          };
  return {
    series,
    param: {
      kind: 'text',
      description: 'parameterization (any registered one with a theory solver; see `list`)',
      default: given('param', paperParameterization),
      pattern: '[a-z0-9][a-z0-9-]*',
      allowed: 'a parameterization id such as factorized or direct',
    },
    target: {
      kind: 'text',
      description: 'target id (see `list`; a plugin’s targets included)',
      default: given('target', 'mp'),
      pattern: '[a-z0-9][a-z0-9-]*',
      allowed: 'a target id such as mp or power-law',
    },
    targetParameters: {
      kind: 'text',
      description: 'the target’s own parameters, "name=value,…" (e.g. gamma=0.75); κ₀ of mp is kappa0',
      default: given('targetParameters', ''),
    },
    kappa0: number(
      'target rank ratio κ₀ (Marchenko–Pastur target)',
      given('kappa0', 0.5),
      { min: 0, minExclusive: true, max: 1 },
      'κ₀',
    ),
    noise: number('label-noise variance Δ', given('noise', 0.5), { min: 0 }, 'Δ'),
    lambdaTilde: number('regularisation λ̃ (0: λ → 0⁺ in the theory)', given('lambdaTilde', 0.01), { min: 0 }, 'λ̃'),
    T: number('tokens per sequence', given('T', 2), { integer: true, min: 2, max: 12 }, 'T'),
    beta: number('student inverse temperature', given('beta', 1), { min: 0, minExclusive: true }, 'β'),
    beta0: number('target inverse temperature', given('beta0', 1), { min: 0, minExclusive: true }, 'β₀'),
    kappa: number('student width ratio p/d', given('kappa', 1), { min: 0, minExclusive: true, max: 1 }, 'κ'),
    alphaMin: number(
      'smallest α of the theory curve',
      given('alphaMin', 0.02),
      { min: 0, minExclusive: true, max: ALPHA_MAX },
      'α',
    ),
    alphaMax: number('largest α of the theory curve', given('alphaMax', 5), { min: 0, minExclusive: true, max: ALPHA_MAX }, 'α'),
    theoryPoints: number('points of the theory curve (log-spaced)', given('theoryPoints', 40), {
      integer: true,
      min: 2,
      max: 1000,
    }),
    chainPoints: number(
      'theory points per unit: a curve is computed in chains of this many α, warm-started within each chain, so that one curve runs on several workers',
      given('chainPoints', 64),
      { integer: true, min: 1, max: 1000 },
    ),
    samples: number('channel nodes of the state evolution', given('samples', 65536), {
      integer: true,
      min: 1024,
      max: 4_194_304,
    }),
    branchSearch: {
      kind: 'choice',
      description:
        "the state evolution's search for several fixed points (docs/theory.md §3.4): 'auto' also continues along α from both sides where the per-sample problem has two minima, 'both-sides' everywhere, 'starts' never",
      default: given('branchSearch', 'starts'),
      choices: ['starts', 'auto', 'both-sides'],
    },
    cv: {
      kind: 'boolean',
      description: 'cross-validate λ̃ at every α (theory: the optimum; Adam: the best of cvLambdas)',
      default: given('cv', false),
    },
    cvLambdas: {
      kind: 'list',
      description: 'λ̃ grid of the cross-validated Adam runs (the lowest mean test error is kept)',
      default: given('cvLambdas', '0.00001,0.0001,0.001,0.003,0.01,0.03'),
      range: { min: 0, minExclusive: true },
    },
    simulate: { kind: 'boolean', description: 'Adam runs at finite d', default: given('simulate', true) },
    simulator: { ...simulatorParameter, default: given('simulator', simulatorParameter.default) },
    simAlphas: {
      kind: 'list',
      description: 'α of the Adam runs',
      default: given('simAlphas', '0.05,0.1,0.2,0.4'),
      range: { min: 0, minExclusive: true, max: ALPHA_MAX },
    },
    d: number('dimension of the Adam runs', given('d', 100), { integer: true, min: 4, max: 2000 }, 'd'),
    seeds: number('Adam runs per α (new teacher, data and init each)', given('seeds', 8), { integer: true, min: 0, max: 1000 }),
    seed: number('first seed', given('seed', 1), { integer: true, min: 0 }),
    maxSteps: number('Adam step cap', given('maxSteps', 20000), { integer: true, min: 1 }),
    tol: number('stop when |ΔL|/d² < tol (after 100 steps)', given('tol', 1e-9), { min: 0 }),
  } as const;
}

export type SweepSchema = ReturnType<typeof sweepSchema>;
