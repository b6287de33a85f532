import {
  FreeConvolution,
  ParameterizationRegistry,
  type ResultRow,
  type SchemaValues,
  symmetricEigenvalues,
} from '@attention-hd/core';
import { sequentialRecovery } from '@attention-hd/spectra';
import { defineExperiment, type MethodContext, type Unit, type UnitValues } from '../../framework/define-experiment.js';
import { learnedEigenvalues, missingEngines, paperParameterization, simulatorParameter } from '../experiment-services.js';
import { jsonSafe } from '../sweep-figure.js';
import { lambdaPattern, PowerLawCurve, powerLawSchema, schedules } from './power-law-curve.js';

const schema = {
  ...powerLawSchema,
  d: { kind: 'number', description: 'dimension', default: 400, range: { integer: true, min: 4, max: 20000 } },
  lambda: {
    kind: 'text',
    description: 'λ(n, d), e.g. "1/d"',
    default: '1/d',
    pattern: lambdaPattern,
    allowed: 'one λ(n, d) expression, e.g. "1/d"',
  },
  n: { kind: 'list', description: 'sample sizes n', default: '4000,400000', range: { min: 1 } },
  seeds: {
    kind: 'number',
    description: 'Adam runs per n (the paper: single runs); 0: theory only',
    default: 1,
    range: { integer: true, min: 0, max: 100 },
  },
  tol: {
    kind: 'number',
    description: 'Adam stopping tolerance on |ΔL|/d² (1e-7 stopped d = 200, n = 1000 at 170 steps, e_test 3 % low)',
    default: 1e-9,
    range: { min: 0 },
  },
  maxSteps: { kind: 'number', description: 'Adam step cap', default: 20000, range: { integer: true, min: 1 } },
  simulator: simulatorParameter,
} as const;

const title = 'Fig. 4 (right): learned spectrum of a power-law target, sequential recovery';

/**
 * Fig. 4 (right) and the sequential recovery of docs/theory.md §5.1: the rank-ordered eigenvalues of the
 * learned Ŝ at a few n — theory (the quantiles of η ReLU(μ_δ − ε) at the SE point, with the predicted
 * outliers) against Adam — showing the heavy tail ∝ i^{−γ} of the recovered modes as n grows.
 */
export const powerLawSpectraExperiment = defineExperiment({
  id: 'power-law-spectra',
  title,
  description:
    'rank-ordered eigenvalues of Ŝ vs i at several n: theory (finite-d SE + Claim 4.1) vs Adam; recovered modes, positions, overlaps',
  parameters: schema,
  presets: { quick: { d: 40, n: '160,1600', seeds: 1, maxSteps: 2000, samples: 4096 } },
  missing: (services) => missingEngines(services, { theory: [paperParameterization], trainer: [paperParameterization] }),
  units(parameters) {
    const points: Unit[] = [{ method: 'theory', values: {} }];
    for (const n of parameters.n) {
      for (let seed = 1; seed <= parameters.seeds; seed++) {
        points.push({ method: 'simulation', values: { n, seed } });
      }
    }
    return points;
  },
  methods: {
    theory: run,
    simulation: run,
  },
  figure(rows, parameters) {
    const positive = (r: ResultRow) => Number(r.eigenvalue) > 1e-8;
    const ranks = rows.map((r) => Number(r.rank)).filter((v) => v >= 1);
    // the y-range is the theory's and the target's: Adam's thresholded eigenvalues (≈ 0, down to
    // 1e-8 and below) lie under it and are clipped
    const levels = rows
      .filter((r) => r.method === 'theory')
      .flatMap((r) => [Number(r.eigenvalue), Number(r.targetEigenvalue)])
      .filter((v) => Number.isFinite(v) && v > 1e-8);
    const yDomain = [Math.min(...levels) / 10, Math.max(...levels) * 1.5];
    const x = {
      field: 'rank',
      type: 'quantitative',
      scale: { type: 'log', domain: [1, Math.max(...ranks)], nice: false },
      title: 'rank i',
    };
    const y = {
      field: 'eigenvalue',
      type: 'quantitative',
      scale: { type: 'log', domain: yDomain, nice: false },
      title: 'i-th largest eigenvalue of Ŝ',
    };
    const color = { field: 'n', type: 'nominal', title: 'n' };
    const theory = rows.filter((r) => r.method === 'theory');
    const firstN = theory.find((r) => r.targetEigenvalue !== undefined)?.n;
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: title,
        subtitle: [
          `γ = ${parameters.gamma}, Δ = ${parameters.noise}, T = ${parameters.T}, d = ${parameters.d}, λ = ${parameters.lambda}`,
          'lines: theory; dots: Adam (those below the frame: thresholded to ≈ 0); dashed: the target’s eigenvalues ∝ i^(−γ)',
        ],
      },
      width: 480,
      height: 340,
      layer: [
        {
          data: { values: theory.filter(positive).map(jsonSafe) },
          mark: { type: 'line', clip: true },
          encoding: { x, y, color },
        },
        {
          data: { values: rows.filter((r) => r.method === 'simulation' && positive(r)).map(jsonSafe) },
          mark: { type: 'point', size: 12, opacity: 0.6, clip: true },
          encoding: { x, y, color },
        },
        {
          data: { values: theory.filter((r) => r.n === firstN).map((r) => ({ rank: r.rank, eigenvalue: r.targetEigenvalue })) },
          mark: { type: 'line', strokeDash: [6, 4], color: 'black', clip: true },
          encoding: { x, y },
        },
      ],
      config: { font: 'DejaVu Sans', background: 'white' },
    };
  },
  summary(rows) {
    const out: Record<string, unknown> = {};
    const theory = rows.filter((r) => r.method === 'theory' && r.targetEigenvalue !== undefined);
    for (const n of [...new Set(theory.map((r) => Number(r.n)))]) {
      const at = theory.filter((r) => Number(r.n) === n);
      const simulated = rows.filter((r) => r.method === 'simulation' && Number(r.n) === n);
      out[`spectrum_theory_n${n}`] = { x: at.map((r) => Number(r.rank)), y: at.map((r) => Number(r.eigenvalue)) };
      const K = Number(at[0]?.recoveredModes ?? 0);
      // the recovered modes: theory's outlier eigenvalues against Adam's top-K (mean over seeds)
      const top = at.slice(0, K).map((r) => {
        const adam = simulated.filter((s) => Number(s.rank) === Number(r.rank)).map((s) => Number(s.eigenvalue));
        return {
          rank: Number(r.rank),
          target: Number(r.targetEigenvalue),
          theory: Number(r.outlierLearned),
          overlap2: Number(r.overlap2),
          adam: adam.length > 0 ? adam.reduce((a, b) => a + b, 0) / adam.length : null,
        };
      });
      out[`recovery_n${n}`] = {
        recoveredModes: K,
        delta: Number(at[0]?.delta),
        epsilon: Number(at[0]?.epsilon),
        modes: top.slice(0, 20),
      };
    }
    return out;
  },
});

type Values = SchemaValues<typeof schema>;

async function run(values: UnitValues, parameters: Values, context: MethodContext): Promise<ResultRow[]> {
  const d = parameters.d;
  const [schedule] = schedules(parameters.lambda, 'lambda');
  const curve = new PowerLawCurve(context.services, parameters, d);
  const law = curve.target.spectralLaw(d);
  const target = law.atoms.positions;
  if (context.method === 'theory') {
    const ns = [...parameters.n].sort((a, b) => a - b);
    const solved = await curve.solve(ns, schedule, ({ n }) => context.progress.update({ metrics: { n } }));
    return solved.flatMap(({ n, lambdaTilde, result }): ResultRow[] => {
      const p = result.point;
      if (result.status !== 'converged') return [{ n, rank: 1, lambdaTilde, status: result.status, note: result.reason }];
      const recovery = sequentialRecovery(law, p);
      const spectrum = p.q > 0 ? context.services.get(FreeConvolution).convolveWithSemicircle(law, p.delta) : undefined;
      return recovery.modes.map((mode, k) => {
        const rank = k + 1;
        // the i-th largest eigenvalue of η ReLU(S₀ + δZ − ε): the (1 − (i − ½)/d)-quantile of μ_δ
        const y = spectrum?.quantile(1 - (rank - 0.5) / d) ?? 0;
        return {
          n,
          rank,
          lambdaTilde,
          eigenvalue: spectrum === undefined ? 0 : p.eta * Math.max(0, y - p.epsilon),
          targetEigenvalue: target[k],
          recovered: mode.recovered,
          outlierPosition: mode.separated ? mode.position : Number.NaN,
          overlap2: mode.overlap2,
          outlierLearned: mode.recovered ? mode.learnedEigenvalue : Number.NaN,
          recoveredModes: recovery.recovered,
          delta: p.delta,
          epsilon: p.epsilon,
          eta: p.eta,
          testError: p.testError,
          status: result.status,
        };
      });
    });
  }
  const n = Number(values.n);
  const seed = Number(values.seed);
  const r = await curve.train(n, schedule.at(n, d), seed, context.backend);
  const learned = learnedEigenvalues(context.services, paperParameterization, r, d);
  if (learned === null) {
    return [
      { n, seed, rank: Number.NaN, eigenvalue: Number.NaN, testError: r.testError, steps: r.steps, stopReason: r.stopReason },
    ];
  }
  const eigenvalues = [...learned].sort((a, b) => b - a);
  return eigenvalues.map((eigenvalue, k) => ({
    n,
    seed,
    rank: k + 1,
    eigenvalue,
    testError: r.testError,
    steps: r.steps,
    backend: r.backend,
    precision: r.precision,
  }));
}
