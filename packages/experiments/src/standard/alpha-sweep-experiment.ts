import {
  type Experiment,
  type ExperimentAvailability,
  type ExperimentContext,
  type ExperimentPoint,
  logspace,
  type NumberRange,
  ParameterizationRegistry,
  type ParameterSpec,
  type ParameterValues,
  type ProgressReporter,
  type ResultRow,
  TheorySolverRegistry,
} from '@attention-hd/core';
import {
  list,
  missingEngines,
  num,
  paperParameterization,
  type Services,
  sweepTarget,
  theorySolverFor,
  trainWithAdam,
} from './experiment-services.js';
import { sweepFigure } from './sweep-figure.js';
import { sweepSummary } from './sweep-summary.js';
import { upperBulkMass } from './upper-bulk-mass.js';

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
  /** log scale on the y axis */
  readonly logY?: boolean;
}

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
 * Curves against α, one per value of a series parameter (κ, λ̃, β, T, κ₀, the parameterization or
 * the output): the state-evolution curve (theory) and Adam at finite d (simulation, one unit per
 * α × seed), from the same settings. The Fig. 1 settings are the defaults (κ₀ 0.5, Δ 0.5, λ̃ 0.01,
 * T 2, β = β₀ = 1), d = 100 and 8 seeds as in the authors' stored simulations.
 */
export class AlphaSweepExperiment implements Experiment {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  readonly presets: Readonly<Record<string, Readonly<Record<string, unknown>>>>;

  constructor(
    readonly config: SweepConfig,
    private readonly services: Services,
  ) {
    this.id = config.id;
    this.title = config.title;
    this.description = config.description;
    this.parameters = sweepParameters(config);
    this.presets = { quick: config.quick };
  }

  async availability(): Promise<ExperimentAvailability> {
    const missing = missingEngines(this.services, { theory: [paperParameterization], trainer: [paperParameterization] });
    return missing.length === 0
      ? { available: true, reason: 'theory and trainer registered' }
      : { available: false, reason: `needs ${missing.join(' and ')}` };
  }

  plan(parameters: ParameterValues): ExperimentPoint[] {
    const name = this.config.series.name;
    const values = String(parameters.series).split(',');
    const points: ExperimentPoint[] = [];
    for (const value of values) {
      if (this.#theoryMissing(parameters, value) === null) {
        points.push({ key: `theory|${name}=${value}`, method: 'theory', values: { [name]: value } });
      }
    }
    const seeds = num(parameters, 'seeds');
    if (seeds > 0 && parameters.simulate === true) {
      for (const value of values) {
        for (const alpha of list(parameters, 'simAlphas')) {
          for (let k = 0; k < seeds; k++) {
            const seed = num(parameters, 'seed') + k;
            points.push({
              key: `simulation|${name}=${value}|alpha=${alpha}|seed=${seed}`,
              method: 'simulation',
              values: { [name]: value, alpha, seed },
            });
          }
        }
      }
    }
    return points;
  }

  async runPoint(point: ExperimentPoint, parameters: ParameterValues, context: ExperimentContext): Promise<ResultRow[]> {
    const name = this.config.series.name;
    const value = String(point.values[name]);
    const setting = applySeries(baseSetting(parameters), name, value);
    const seriesValue = name === 'param' || name === 'output' ? value : Number(value);
    if (point.method === 'theory') return this.#theory(parameters, setting, seriesValue);
    return this.#simulation(parameters, setting, seriesValue, Number(point.values.alpha), Number(point.values.seed), context);
  }

  async #theory(parameters: ParameterValues, s: Setting, seriesValue: number | string): Promise<ResultRow[]> {
    const solver = theorySolverFor(this.services, s.param);
    const target = sweepTarget(this.services, parameters, s.kappa0);
    const problem = {
      target,
      // a finite-d law (e.g. the power law) is taken at the dimension of the Adam runs
      ...(target.finiteDimensional ? { d: num(parameters, 'd') } : {}),
      lambdaTilde: s.lambdaTilde,
      noise: s.noise,
      T: s.T,
      beta: s.beta,
      beta0: s.beta0,
      kappa: s.kappa,
    };
    const alphas = logspace(num(parameters, 'alphaMin'), num(parameters, 'alphaMax'), num(parameters, 'theoryPoints'));
    const options = { samples: num(parameters, 'samples'), seed: 1 };
    const name = this.config.series.name;
    if (parameters.cv === true) {
      const rows: ResultRow[] = [];
      for (const alpha of alphas) {
        const cv = await solver.crossValidate({ ...problem, alpha }, options);
        rows.push({
          alpha,
          [name]: seriesValue,
          ...theoryColumns(cv.result.point, cv.result.status),
          testError: cv.testError,
          lambdaTilde: cv.lambdaTildeOptimal,
        });
      }
      return rows;
    }
    const results = await solver.solveCurve(problem, alphas, options);
    const withBulks = this.config.metrics.includes('upperBulkMass');
    return results.map((r) => ({
      alpha: r.point.alpha,
      [name]: seriesValue,
      ...theoryColumns(r.point, r.status),
      ...(withBulks ? { upperBulkMass: upperBulkMass(this.services, problem, r.point) } : {}),
      lambdaTilde: s.lambdaTilde,
    }));
  }

  async #simulation(
    parameters: ParameterValues,
    s: Setting,
    seriesValue: number | string,
    alpha: number,
    seed: number,
    context: ExperimentContext,
  ): Promise<ResultRow[]> {
    // the authors' convention (GD_Adam.py): the trainer's λ from λ̃ at the nominal width p = κd
    // (λ = λ̃/√κ for the factorized model), so λ̃ is the same for every κ even where κd is not whole
    const d = num(parameters, 'd');
    const parameterization = this.services.get(ParameterizationRegistry).get(s.param);
    const lambda = parameterization.lambdaFromTilde(s.lambdaTilde, { d, p: s.kappa * d });
    const r = await trainWithAdam(
      this.services,
      {
        parameterization: s.param,
        target: sweepTarget(this.services, parameters, s.kappa0),
        d: num(parameters, 'd'),
        kappa: s.kappa,
        alpha,
        lambda,
        noise: s.noise,
        T: s.T,
        beta: s.beta,
        beta0: s.beta0,
        output: s.output,
        tolerance: num(parameters, 'tol'),
        maxSteps: num(parameters, 'maxSteps'),
        seed,
      },
      { backend: context.backend, progress: liveMetrics(context.progress) },
    );
    return [
      {
        alpha,
        [this.config.series.name]: seriesValue,
        seed,
        testError: r.testError,
        trainLoss: r.trainLoss,
        mseS: r.mseS,
        steps: r.steps,
        stopReason: r.stopReason,
        lambda,
        lambdaTilde: s.lambdaTilde,
        d: num(parameters, 'd'),
        backend: r.backend,
        seconds: r.seconds,
      },
    ];
  }

  figure(rows: readonly ResultRow[], parameters: ParameterValues): Record<string, unknown> {
    return sweepFigure(this.config, rows, parameters);
  }

  summary(rows: readonly ResultRow[], parameters: ParameterValues): Record<string, unknown> {
    const notes = String(parameters.series)
      .split(',')
      .map((value) => this.#theoryMissing(parameters, value))
      .filter((note) => note !== null);
    return { ...sweepSummary(this.config, rows), ...(notes.length > 0 ? { theoryNotComputed: notes } : {}) };
  }

  /** why a series value gets no theory curve (no solver for its parameterization, or seq2seq), or null */
  #theoryMissing(parameters: ParameterValues, value: string): string | null {
    const name = this.config.series.name;
    if (name === 'output' && value === 'seq2seq') return 'seq2seq: the state evolution covers seq2lab only';
    const param = name === 'param' ? value : String(parameters.param);
    const solvers = this.services.get(TheorySolverRegistry).list();
    if (!solvers.some((solver) => solver.parameterization === param)) {
      return `${param}: no theory solver predicts this parameterization (simulation only)`;
    }
    return null;
  }
}

function theoryColumns(
  p: { testError: number; testErrorStdErr: number; trainLoss: number; mseS: number; rankFraction: number },
  status: string,
) {
  return {
    testError: p.testError,
    testErrorStdErr: p.testErrorStdErr,
    trainLoss: p.trainLoss,
    mseS: p.mseS,
    rankFraction: p.rankFraction,
    status,
  };
}

/** Training progress inside an experiment: only the live loss reaches the experiment's bar. */
function liveMetrics(progress: ProgressReporter): ProgressReporter {
  return { start() {}, finish() {}, log() {}, update: ({ metrics }) => metrics !== undefined && progress.update({ metrics }) };
}

function baseSetting(p: ParameterValues): Setting {
  return {
    param: String(p.param),
    kappa0: num(p, 'kappa0'),
    lambdaTilde: num(p, 'lambdaTilde'),
    beta: num(p, 'beta'),
    beta0: num(p, 'beta0'),
    T: num(p, 'T'),
    kappa: num(p, 'kappa'),
    output: 'seq2lab',
    noise: num(p, 'noise'),
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

function sweepParameters(config: SweepConfig): ParameterSpec[] {
  const d = config.defaults ?? {};
  const number = (name: string, description: string, fallback: number, range: NumberRange, symbol?: string): ParameterSpec => ({
    name,
    kind: 'number',
    description,
    default: (d[name] as number | undefined) ?? fallback,
    range,
    symbol,
  });
  const series: ParameterSpec =
    config.series.choices !== undefined
      ? {
          name: 'series',
          kind: 'choice',
          description: `${config.series.label}: one curve each`,
          default: config.series.values,
          choices: config.series.choices,
        }
      : config.series.name === 'param'
        ? {
            name: 'series',
            kind: 'text',
            description: `${config.series.label}: one curve each (comma-separated registered ids)`,
            default: config.series.values,
            pattern: '[a-z0-9][a-z0-9-]*(,[a-z0-9][a-z0-9-]*)*',
            allowed: 'comma-separated parameterization ids, e.g. factorized,direct',
          }
        : {
            name: 'series',
            kind: 'list',
            description: `${config.series.label}: one curve each (comma-separated)`,
            default: config.series.values,
            range: config.series.name === 'T' ? { integer: true, min: 2, max: 12 } : { min: 0 },
          };
  return [
    series,
    {
      name: 'param',
      kind: 'text',
      description: 'parameterization (any registered one with a theory solver; see `list`)',
      default: (d.param as string | undefined) ?? paperParameterization,
      pattern: '[a-z0-9][a-z0-9-]*',
      allowed: 'a parameterization id such as factorized or direct',
    },
    {
      name: 'target',
      kind: 'text',
      description: 'target id (see `list`; a plugin’s targets included)',
      default: (d.target as string | undefined) ?? 'mp',
      pattern: '[a-z0-9][a-z0-9-]*',
      allowed: 'a target id such as mp or power-law',
    },
    {
      name: 'targetParameters',
      kind: 'text',
      description: 'the target’s own parameters, "name=value,…" (e.g. gamma=0.75); κ₀ of mp is kappa0',
      default: (d.targetParameters as string | undefined) ?? '',
    },
    number('kappa0', 'target rank ratio κ₀ (Marchenko–Pastur target)', 0.5, { min: 0, minExclusive: true, max: 1 }, 'κ₀'),
    number('noise', 'label-noise variance Δ', 0.5, { min: 0 }, 'Δ'),
    number('lambdaTilde', 'regularisation λ̃ (0: λ → 0⁺ in the theory)', 0.01, { min: 0 }, 'λ̃'),
    number('T', 'tokens per sequence', 2, { integer: true, min: 2, max: 12 }, 'T'),
    number('beta', 'student inverse temperature', 1, { min: 0, minExclusive: true }, 'β'),
    number('beta0', 'target inverse temperature', 1, { min: 0, minExclusive: true }, 'β₀'),
    number('kappa', 'student width ratio p/d', 1, { min: 0, minExclusive: true, max: 1 }, 'κ'),
    number('alphaMin', 'smallest α of the theory curve', 0.02, { min: 0, minExclusive: true }, 'α'),
    number('alphaMax', 'largest α of the theory curve', 5, { min: 0, minExclusive: true }, 'α'),
    number('theoryPoints', 'points of the theory curve (log-spaced)', 40, { integer: true, min: 2, max: 1000 }),
    number('samples', 'channel nodes of the state evolution', 65536, { integer: true, min: 1024, max: 4_194_304 }),
    {
      name: 'cv',
      kind: 'boolean',
      description: 'cross-validate λ̃ at every α (theory)',
      default: (d.cv as boolean | undefined) ?? false,
    },
    {
      name: 'simulate',
      kind: 'boolean',
      description: 'Adam runs at finite d',
      default: (d.simulate as boolean | undefined) ?? true,
    },
    {
      name: 'simAlphas',
      kind: 'list',
      description: 'α of the Adam runs',
      default: (d.simAlphas as string | undefined) ?? '0.05,0.1,0.2,0.4',
      range: { min: 0, minExclusive: true },
    },
    number('d', 'dimension of the Adam runs', 100, { integer: true, min: 4, max: 2000 }, 'd'),
    number('seeds', 'Adam runs per α (new teacher, data and init each)', 8, { integer: true, min: 0, max: 1000 }),
    number('seed', 'first seed', 1, { integer: true, min: 0 }),
    number('maxSteps', 'Adam step cap', 20000, { integer: true, min: 1 }),
    number('tol', 'stop when |ΔL|/d² < tol (after 100 steps)', 1e-9, { min: 0 }),
  ];
}
