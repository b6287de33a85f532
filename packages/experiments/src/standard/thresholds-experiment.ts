import {
  type Experiment,
  type ExperimentAvailability,
  type ExperimentPoint,
  FreeConvolution,
  linspace,
  type ParameterSpec,
  type ParameterValues,
  type ResultRow,
} from '@attention-hd/core';
import { thresholdKinds } from '@attention-hd/theory-amp';
import { mpTarget, num, type Services } from './experiment-services.js';
import { jsonSafe } from './sweep-figure.js';

/** Fig. 2 (right): the sample-complexity thresholds of Corollary 3.2 in α against κ₀. */
export class ThresholdsExperiment implements Experiment {
  readonly id = 'thresholds';
  readonly title = 'Fig. 2 (right): thresholds in α against the target rank κ₀';
  readonly description =
    'interpolation, perfect recovery, Bayes-optimal and direct-parameterization thresholds vs κ₀ (Corollary 3.2)';
  readonly parameters: readonly ParameterSpec[] = [
    {
      name: 'kappa0Min',
      kind: 'number',
      description: 'smallest κ₀',
      default: 0.05,
      range: { min: 0, minExclusive: true, max: 1 },
    },
    { name: 'kappa0Max', kind: 'number', description: 'largest κ₀', default: 1, range: { min: 0, minExclusive: true, max: 1 } },
    { name: 'points', kind: 'number', description: 'κ₀ values', default: 20, range: { integer: true, min: 2, max: 500 } },
    {
      name: 'noise',
      kind: 'number',
      description: 'label-noise variance Δ (interpolation threshold)',
      default: 0.5,
      range: { min: 0 },
      symbol: 'Δ',
    },
    { name: 'T', kind: 'number', description: 'tokens', default: 2, range: { integer: true, min: 2, max: 12 }, symbol: 'T' },
  ];
  readonly presets = { quick: { points: 6 } };

  constructor(private readonly services: Services) {}

  async availability(): Promise<ExperimentAvailability> {
    return { available: true, reason: 'closed forms and the free convolution' };
  }

  plan(): ExperimentPoint[] {
    return thresholdKinds.map(({ id }) => ({ key: `theory|kind=${id}`, method: 'theory', values: { kind: id } }));
  }

  async runPoint(point: ExperimentPoint, parameters: ParameterValues): Promise<ResultRow[]> {
    const kind = thresholdKinds.find((k) => k.id === point.values.kind);
    if (kind === undefined) throw new Error(`unknown threshold kind ${point.values.kind}`);
    const [T, noise] = [num(parameters, 'T'), num(parameters, 'noise')];
    const freeConvolution = this.services.get(FreeConvolution);
    return linspace(num(parameters, 'kappa0Min'), num(parameters, 'kappa0Max'), num(parameters, 'points')).map((kappa0) => {
      const result = kind.compute({ freeConvolution, law: mpTarget(this.services, kappa0).spectralLaw(), noise, T });
      return { kappa0, kind: kind.id, label: kind.label, alpha: result.alpha, alphaBar: result.alphaBar, status: result.status };
    });
  }

  figure(rows: readonly ResultRow[], parameters: ParameterValues): Record<string, unknown> {
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: this.title, subtitle: `T = ${parameters.T}, Δ = ${parameters.noise} (interpolation)` },
      data: { values: rows.map(jsonSafe) },
      width: 420,
      height: 300,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'kappa0', type: 'quantitative', title: 'κ₀' },
        y: { field: 'alpha', type: 'quantitative', title: 'threshold α' },
        color: { field: 'label', type: 'nominal', title: 'threshold', legend: { labelLimit: 400 } },
      },
      config: { font: 'DejaVu Sans', background: 'white' },
    };
  }

  summary(rows: readonly ResultRow[]): Record<string, unknown> {
    const out: Record<string, { x: number[]; y: number[] }> = {};
    for (const row of rows) {
      const name = `alpha_${row.kind}`;
      out[name] ??= { x: [], y: [] };
      out[name].x.push(Number(row.kappa0));
      out[name].y.push(Number(row.alpha));
    }
    return out;
  }
}
