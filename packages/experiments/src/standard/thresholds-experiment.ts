import { FreeConvolution, linspace } from '@attention-hd/core';
import { thresholdKinds } from '@attention-hd/theory-amp';
import { defineExperiment } from '../framework/define-experiment.js';
import { mpTarget } from './experiment-services.js';
import { jsonSafe } from './sweep-figure.js';

/** Fig. 2 (right): the sample-complexity thresholds of Corollary 3.2 in α against κ₀ (docs/theory.md §3.9). */
export const thresholdsExperiment = defineExperiment({
  id: 'thresholds',
  title: 'Fig. 2 (right): thresholds in α against the target rank κ₀',
  description: 'interpolation, perfect recovery, Bayes-optimal and direct-parameterization thresholds vs κ₀ (Corollary 3.2)',
  parameters: {
    kappa0Min: { kind: 'number', description: 'smallest κ₀', default: 0.05, range: { min: 0, minExclusive: true, max: 1 } },
    kappa0Max: { kind: 'number', description: 'largest κ₀', default: 1, range: { min: 0, minExclusive: true, max: 1 } },
    points: { kind: 'number', description: 'κ₀ values', default: 20, range: { integer: true, min: 2, max: 500 } },
    noise: {
      kind: 'number',
      description: 'label-noise variance Δ (interpolation threshold)',
      default: 0.5,
      range: { min: 0 },
      symbol: 'Δ',
    },
    T: { kind: 'number', description: 'tokens', default: 2, range: { integer: true, min: 2, max: 12 }, symbol: 'T' },
  },
  presets: { quick: { points: 6 } },
  units: () => thresholdKinds.map(({ id }) => ({ method: 'theory', values: { kind: id } })),
  methods: {
    theory(unit, p, { services }) {
      const kind = thresholdKinds.find((k) => k.id === unit.kind);
      if (kind === undefined) throw new Error(`unknown threshold kind ${unit.kind}`);
      const freeConvolution = services.get(FreeConvolution);
      return linspace(p.kappa0Min, p.kappa0Max, p.points).map((kappa0) => {
        const result = kind.compute({ freeConvolution, law: mpTarget(services, kappa0).spectralLaw(), noise: p.noise, T: p.T });
        return {
          kappa0,
          kind: kind.id,
          label: kind.label,
          alpha: result.alpha,
          alphaBar: result.alphaBar,
          status: result.status,
        };
      });
    },
  },
  figure: (rows, p) => ({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Fig. 2 (right): thresholds in α against the target rank κ₀',
      subtitle: `T = ${p.T}, Δ = ${p.noise} (interpolation)`,
    },
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
  }),
  summary: (rows) => {
    const out: Record<string, { x: number[]; y: number[] }> = {};
    for (const row of rows) {
      const name = `alpha_${row.kind}`;
      out[name] ??= { x: [], y: [] };
      out[name].x.push(Number(row.kappa0));
      out[name].y.push(Number(row.alpha));
    }
    return out;
  },
});
