import {
  FreeConvolution,
  linspace,
  ParameterizationRegistry,
  type ResultRow,
  symmetricEigenvalues,
  type TargetModel,
} from '@attention-hd/core';
import { LearnedSpectrum } from '@attention-hd/spectra';
import { defineExperiment } from '../framework/define-experiment.js';
import {
  learnedEigenvalues,
  missingEngines,
  mpTarget,
  paperParameterization,
  simulatorParameter,
  theorySolverFor,
  trainWithAdam,
} from './experiment-services.js';
import { jsonSafe } from './sweep-figure.js';

const title = 'Fig. 1 (right): spectra of the learned weights';

/**
 * Fig. 1 (right): the law of the singular values of W/(pd)^{1/4} (x² the eigenvalues of Ŝ) that
 * Claim 4.1 predicts (from the SE point at each α: η·ReLU(S₀ + δZ − ε); docs/theory.md §4),
 * against histograms of Adam's at finite d, with the target's dashed — what the paper plots. The
 * atom at 0 is reported as a number (`atomAtZero`), not drawn.
 */
export const spectraExperiment = defineExperiment({
  id: 'spectra',
  title,
  description:
    'predicted singular-value density of W/(pd)^(1/4) (Claim 4.1) vs histograms of Adam-trained weights, target dashed',
  parameters: {
    alphas: { kind: 'list', description: 'α of the panels', default: '0.05,0.5,4,40', range: { min: 0, minExclusive: true } },
    kappa0: {
      kind: 'number',
      description: 'target rank ratio κ₀',
      default: 0.5,
      range: { min: 0, minExclusive: true, max: 1 },
      symbol: 'κ₀',
    },
    noise: { kind: 'number', description: 'label-noise variance Δ', default: 0.5, range: { min: 0 }, symbol: 'Δ' },
    lambdaTilde: {
      kind: 'number',
      description: 'regularisation λ̃',
      default: 0.01,
      range: { min: 0, minExclusive: true },
      symbol: 'λ̃',
    },
    T: { kind: 'number', description: 'tokens', default: 2, range: { integer: true, min: 2, max: 12 }, symbol: 'T' },
    samples: {
      kind: 'number',
      description: 'channel nodes of the SE',
      default: 65536,
      range: { integer: true, min: 1024, max: 4_194_304 },
    },
    d: {
      kind: 'number',
      description: 'dimension of the Adam runs (the paper: 200)',
      default: 100,
      range: { integer: true, min: 4, max: 2000 },
      symbol: 'd',
    },
    seeds: {
      kind: 'number',
      description: 'Adam runs per α (eigenvalues pooled)',
      default: 4,
      range: { integer: true, min: 0, max: 1000 },
    },
    seed: { kind: 'number', description: 'first seed', default: 1, range: { integer: true, min: 0 } },
    maxSteps: { kind: 'number', description: 'Adam step cap', default: 20000, range: { integer: true, min: 1 } },
    tol: { kind: 'number', description: 'stop when |ΔL|/d² < tol', default: 1e-9, range: { min: 0 } },
    simulator: simulatorParameter,
    xMax: {
      kind: 'number',
      description: 'right end of the histograms (the paper: 2.2), extended to the predicted support where it reaches further',
      default: 2.2,
      range: { min: 0, minExclusive: true },
    },
    bins: { kind: 'number', description: 'histogram bins', default: 40, range: { integer: true, min: 2, max: 1000 } },
  },
  presets: { quick: { alphas: '0.5,4', d: 40, seeds: 1, samples: 8192, maxSteps: 3000, tol: 1e-8 } },
  missing: (services) => missingEngines(services, { theory: [paperParameterization], trainer: [paperParameterization] }),
  units: (p) =>
    p.alphas.flatMap((alpha) => [
      { method: 'theory' as const, values: { alpha } },
      ...Array.from({ length: p.seeds }, (_, k) => ({ method: 'simulation' as const, values: { alpha, seed: p.seed + k } })),
    ]),
  methods: {
    async theory(unit, p, { services }) {
      const alpha = Number(unit.alpha);
      const target = mpTarget(services, p.kappa0);
      const result = await theorySolverFor(services, paperParameterization).solve(
        { ...setting(target, p), alpha },
        { samples: p.samples, seed: 1 },
      );
      const { delta, epsilon, eta } = result.point;
      const law = target.spectralLaw();
      const learned = new LearnedSpectrum(services.get(FreeConvolution).convolveWithSemicircle(law, delta), eta, epsilon);
      // what the paper plots: singular values x of W/(pd)^{1/4}, x² an eigenvalue of Ŝ (docs/theory.md §4.2)
      const spectrum = learned.singularValues(1);
      const top = Math.sqrt(Math.max(...learned.support.map((i) => i.hi), 0));
      // the grid reaches past the predicted support, so that histogram and curve show all of it
      const xRight = Math.max(p.xMax, 1.05 * top);
      return linspace(0, xRight, 221)
        .slice(1)
        .map((x) => ({
          alpha,
          x,
          density: spectrum.density(x),
          // the target's singular values x = √s: density 2x ρ₀(x²) of the non-zero part
          targetDensity: 2 * x * law.density(x * x),
          atomAtZero: learned.atomAtZero,
          supportTop: top,
          status: result.status,
        }));
    },
    async simulation(unit, p, { services, backend }) {
      const [alpha, seed, d] = [Number(unit.alpha), Number(unit.seed), p.d];
      const given = setting(mpTarget(services, p.kappa0), p);
      const r = await trainWithAdam(
        services,
        {
          parameterization: paperParameterization,
          ...given,
          d,
          alpha,
          lambda: given.lambdaTilde,
          output: 'seq2lab',
          tolerance: p.tol,
          maxSteps: p.maxSteps,
          seed,
          simulator: p.simulator,
        },
        { backend },
      );
      const eigenvalues = learnedEigenvalues(services, paperParameterization, r, d);
      const { backend: usedBackend, precision } = r;
      if (eigenvalues === null) {
        return [
          {
            alpha,
            seed,
            eigenvalue: Number.NaN,
            testError: r.testError,
            steps: r.steps,
            stopReason: r.stopReason,
            backend: usedBackend,
            precision,
          },
        ];
      }
      return [...eigenvalues].map((eigenvalue) => ({
        alpha,
        seed,
        eigenvalue,
        singularValue: Math.sqrt(Math.max(eigenvalue, 0)),
        testError: r.testError,
        steps: r.steps,
        backend: usedBackend,
        precision,
      }));
    },
  },
  figure(rows, p) {
    const theory = rows.filter((r) => r.method === 'theory');
    const xRight = Math.max(p.xMax, ...theory.map((r) => Number(r.x)));
    const binWidth = xRight / p.bins;
    // the y-range is the theory's (the paper: [0, 1.6]); the histogram's bar at 0 (the zero
    // eigenvalues, an atom in theory) runs off the top and is clipped there
    const yTop = 1.1 * Math.max(...theory.flatMap((r) => [Number(r.density), Number(r.targetDensity)]).filter(Number.isFinite));
    const x = {
      field: 'x',
      type: 'quantitative',
      title: 'singular value of W/(pd)^(1/4)',
      scale: { domain: [0, xRight], nice: false },
      axis: { format: '.1f' },
    };
    const y = { type: 'quantitative', title: 'density', scale: { domain: [0, yTop], nice: false } };
    const runs = `${p.seeds} run${p.seeds === 1 ? '' : 's'}`;
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: title,
        subtitle: [
          `κ₀ = ${p.kappa0}, Δ = ${p.noise}, λ̃ = ${p.lambdaTilde}; singular values x of W/(pd)^(1/4), x² the eigenvalues of Ŝ`,
          'blue: Claim 4.1 (its atom at 0 not drawn); red dashed: target',
          `grey: Adam (d = ${p.d}, ${runs} pooled; a bar above the frame, the zeros, is cut)`,
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
              { filter: "datum.method === 'simulation' && isFinite(datum.singularValue)" },
              { joinaggregate: [{ op: 'count', as: 'total' }], groupby: ['alpha'] },
              { bin: { extent: [0, xRight], step: binWidth }, field: 'singularValue', as: ['x', 'x2'] },
              {
                aggregate: [
                  { op: 'count', as: 'count' },
                  { op: 'max', field: 'total', as: 'total' },
                ],
                groupby: ['x', 'x2'],
              },
              // share of all singular values per unit length, comparable to the density
              { calculate: `datum.count / (datum.total * ${binWidth})`, as: 'height' },
            ],
            mark: { type: 'bar', color: '#bbbbbb', clip: true },
            encoding: {
              x,
              x2: { field: 'x2' },
              y: { ...y, field: 'height' },
            },
          },
          {
            transform: [{ filter: "datum.method === 'theory'" }],
            mark: { type: 'line', color: '#1f77b4', strokeWidth: 2 },
            encoding: { x, y: { ...y, field: 'density' } },
          },
          {
            transform: [{ filter: "datum.method === 'theory'" }],
            mark: { type: 'line', color: '#d62728', strokeDash: [5, 4] },
            encoding: { x, y: { ...y, field: 'targetDensity' } },
          },
        ],
      },
      config: { font: 'DejaVu Sans', background: 'white' },
    };
  },
  summary(rows: readonly ResultRow[]) {
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
  },
});

/** The Fig. 1 setting at κ = 1 and β = β₀ = 1. */
function setting(target: TargetModel, p: { lambdaTilde: number; noise: number; T: number }) {
  return { target, lambdaTilde: p.lambdaTilde, noise: p.noise, T: p.T, beta: 1, beta0: 1, kappa: 1 };
}
