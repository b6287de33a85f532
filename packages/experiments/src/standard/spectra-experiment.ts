import {
  type Experiment,
  type ExperimentAvailability,
  type ExperimentContext,
  type ExperimentPoint,
  FreeConvolution,
  linspace,
  ParameterizationRegistry,
  type ParameterSpec,
  type ParameterValues,
  type ResultRow,
  symmetricEigenvalues,
} from '@attention-hd/core';
import { LearnedSpectrum } from '@attention-hd/spectra';
import {
  list,
  missingEngines,
  mpTarget,
  num,
  paperParameterization,
  type Services,
  theorySolverFor,
  trainWithAdam,
} from './experiment-services.js';
import { jsonSafe } from './sweep-figure.js';

/**
 * Fig. 1 (right): the eigenvalue law of the learned Ŝ predicted by Claim 4.1 (from the SE point
 * at each α: η·ReLU(S₀ + δZ − ε)), against histograms of the eigenvalues of Adam's Ŝ at finite d,
 * with the target's law dashed. The atom at 0 is reported as a number (`atomAtZero`), not drawn.
 */
export class SpectraExperiment implements Experiment {
  readonly id = 'spectra';
  readonly title = 'Fig. 1 (right): spectra of the learned weights';
  readonly description = 'predicted eigenvalue density of Ŝ (Claim 4.1) vs histograms of Adam-trained Ŝ, target law dashed';
  readonly parameters: readonly ParameterSpec[] = [
    {
      name: 'alphas',
      kind: 'list',
      description: 'α of the panels',
      default: '0.05,0.5,4,40',
      range: { min: 0, minExclusive: true },
    },
    {
      name: 'kappa0',
      kind: 'number',
      description: 'target rank ratio κ₀',
      default: 0.5,
      range: { min: 0, minExclusive: true, max: 1 },
      symbol: 'κ₀',
    },
    { name: 'noise', kind: 'number', description: 'label-noise variance Δ', default: 0.5, range: { min: 0 }, symbol: 'Δ' },
    {
      name: 'lambdaTilde',
      kind: 'number',
      description: 'regularisation λ̃',
      default: 0.01,
      range: { min: 0, minExclusive: true },
      symbol: 'λ̃',
    },
    { name: 'T', kind: 'number', description: 'tokens', default: 2, range: { integer: true, min: 2, max: 12 }, symbol: 'T' },
    {
      name: 'samples',
      kind: 'number',
      description: 'channel nodes of the SE',
      default: 65536,
      range: { integer: true, min: 1024, max: 4_194_304 },
    },
    {
      name: 'd',
      kind: 'number',
      description: 'dimension of the Adam runs (the paper: 200)',
      default: 100,
      range: { integer: true, min: 4, max: 2000 },
      symbol: 'd',
    },
    {
      name: 'seeds',
      kind: 'number',
      description: 'Adam runs per α (eigenvalues pooled)',
      default: 4,
      range: { integer: true, min: 0, max: 1000 },
    },
    { name: 'seed', kind: 'number', description: 'first seed', default: 1, range: { integer: true, min: 0 } },
    { name: 'maxSteps', kind: 'number', description: 'Adam step cap', default: 20000, range: { integer: true, min: 1 } },
    { name: 'tol', kind: 'number', description: 'stop when |ΔL|/d² < tol', default: 1e-9, range: { min: 0 } },
    {
      name: 'xMax',
      kind: 'number',
      description: 'right end of the histograms',
      default: 2.2,
      range: { min: 0, minExclusive: true },
    },
    { name: 'bins', kind: 'number', description: 'histogram bins', default: 40, range: { integer: true, min: 2, max: 1000 } },
  ];
  readonly presets = { quick: { alphas: '0.5,4', d: 40, seeds: 1, samples: 8192, maxSteps: 3000, tol: 1e-8 } };

  constructor(private readonly services: Services) {}

  async availability(): Promise<ExperimentAvailability> {
    const missing = missingEngines(this.services, { theory: [paperParameterization], trainer: [paperParameterization] });
    return missing.length === 0
      ? { available: true, reason: 'theory and trainer registered' }
      : { available: false, reason: `needs ${missing.join(' and ')}` };
  }

  plan(parameters: ParameterValues): ExperimentPoint[] {
    const points: ExperimentPoint[] = [];
    for (const alpha of list(parameters, 'alphas')) {
      points.push({ key: `theory|alpha=${alpha}`, method: 'theory', values: { alpha } });
      for (let k = 0; k < num(parameters, 'seeds'); k++) {
        const seed = num(parameters, 'seed') + k;
        points.push({ key: `simulation|alpha=${alpha}|seed=${seed}`, method: 'simulation', values: { alpha, seed } });
      }
    }
    return points;
  }

  async runPoint(point: ExperimentPoint, parameters: ParameterValues, context: ExperimentContext): Promise<ResultRow[]> {
    const alpha = Number(point.values.alpha);
    const target = mpTarget(this.services, num(parameters, 'kappa0'));
    const setting = {
      target,
      lambdaTilde: num(parameters, 'lambdaTilde'),
      noise: num(parameters, 'noise'),
      T: num(parameters, 'T'),
      beta: 1,
      beta0: 1,
      kappa: 1,
    };
    const xs = linspace(0, num(parameters, 'xMax'), 221).slice(1);
    if (point.method === 'theory') {
      const result = await theorySolverFor(this.services, paperParameterization).solve(
        { ...setting, alpha },
        { samples: num(parameters, 'samples'), seed: 1 },
      );
      const { delta, epsilon, eta } = result.point;
      const law = target.spectralLaw();
      const spectrum = new LearnedSpectrum(this.services.get(FreeConvolution).convolveWithSemicircle(law, delta), eta, epsilon);
      return xs.map((x) => ({
        alpha,
        x,
        density: spectrum.density(x),
        targetDensity: law.density(x),
        atomAtZero: spectrum.atomAtZero,
        status: result.status,
      }));
    }
    const d = num(parameters, 'd');
    const seed = Number(point.values.seed);
    const r = await trainWithAdam(
      this.services,
      {
        parameterization: paperParameterization,
        ...setting,
        d,
        alpha,
        lambda: setting.lambdaTilde,
        output: 'seq2lab',
        tolerance: num(parameters, 'tol'),
        maxSteps: num(parameters, 'maxSteps'),
        seed,
      },
      { backend: context.backend },
    );
    const parameterization = this.services.get(ParameterizationRegistry).get(paperParameterization);
    const eigenvalues = symmetricEigenvalues(parameterization.toS(r.theta, parameterization.shape(d, 1)), d);
    return [...eigenvalues].map((eigenvalue) => ({ alpha, seed, eigenvalue, testError: r.testError, steps: r.steps }));
  }

  figure(rows: readonly ResultRow[], parameters: ParameterValues): Record<string, unknown> {
    const xMax = num(parameters, 'xMax');
    const binWidth = xMax / num(parameters, 'bins');
    const x = { field: 'x', type: 'quantitative', title: 'eigenvalue of Ŝ', scale: { domain: [0, xMax] } };
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: this.title,
        subtitle: [
          `κ₀ = ${parameters.kappa0}, Δ = ${parameters.noise}, λ̃ = ${parameters.lambdaTilde}; atom at 0 not drawn`,
          `blue: Claim 4.1; grey: Adam (d = ${parameters.d}, ${parameters.seeds} runs pooled); red dashed: target`,
        ],
      },
      data: { values: rows.map(jsonSafe) },
      facet: { field: 'alpha', type: 'ordinal', title: 'α' },
      columns: 4,
      spec: {
        width: 220,
        height: 180,
        layer: [
          {
            transform: [
              { filter: "datum.method === 'simulation' && datum.eigenvalue > 1e-6" },
              { joinaggregate: [{ op: 'count', as: 'total' }], groupby: ['alpha'] },
              { bin: { extent: [0, xMax], step: binWidth }, field: 'eigenvalue', as: ['x', 'x2'] },
              {
                aggregate: [
                  { op: 'count', as: 'count' },
                  { op: 'max', field: 'total', as: 'total' },
                ],
                groupby: ['x', 'x2'],
              },
              // share of all eigenvalues (zeros included) per unit length, comparable to the density
              { calculate: `datum.count / (datum.total * ${binWidth})`, as: 'height' },
            ],
            mark: { type: 'bar', color: '#bbbbbb' },
            encoding: {
              x: { ...x, bin: { binned: true, step: binWidth } },
              x2: { field: 'x2' },
              y: { field: 'height', type: 'quantitative', title: 'density' },
            },
          },
          {
            transform: [{ filter: "datum.method === 'theory'" }],
            mark: { type: 'line', color: '#1f77b4', strokeWidth: 2 },
            encoding: { x, y: { field: 'density', type: 'quantitative' } },
          },
          {
            transform: [{ filter: "datum.method === 'theory'" }],
            mark: { type: 'line', color: '#d62728', strokeDash: [5, 4] },
            encoding: { x, y: { field: 'targetDensity', type: 'quantitative' } },
          },
        ],
      },
      resolve: { scale: { y: 'independent' } },
      config: { font: 'DejaVu Sans', background: 'white' },
    };
  }

  summary(rows: readonly ResultRow[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const row of rows) {
      if (row.method !== 'theory') continue;
      const name = `density_alpha_${row.alpha}`;
      const curve = (out[name] ??= { x: [] as number[], y: [] as number[], atomAtZero: row.atomAtZero }) as {
        x: number[];
        y: number[];
      };
      curve.x.push(Number(row.x));
      curve.y.push(Number(row.density));
    }
    return out;
  }
}
