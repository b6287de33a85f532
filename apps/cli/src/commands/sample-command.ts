import {
  type Container,
  Rng,
  requireInteger,
  requireMemory,
  requireNumber,
  requireOneOf,
  TargetRegistry,
} from '@attention-hd/core';
import { dataModelStatistics, datasetBytes } from '@attention-hd/targets';
import { formatNumber, printJson, printLines, table } from '../output.js';
import { targetParameterValues } from '../target-options.js';

export interface SampleOptions {
  readonly target: string;
  readonly d: string;
  readonly n: string;
  readonly T: string;
  readonly noise: string;
  readonly beta0: string;
  readonly seed: string;
  readonly json?: boolean;
  readonly [targetParameter: string]: unknown;
}

/** `attention-hd sample`: a target and a batch of the data model, empirical vs exact. */
export async function runSample(container: Container, options: SampleOptions): Promise<void> {
  const registry = container.get(TargetRegistry);
  const targetId = requireOneOf('--target', options.target, registry.ids());
  const target = registry.get(targetId);
  const model = target.create(targetParameterValues(target, registry.list(), options));
  const d = requireInteger('--d', options.d, { min: 1, max: 4000 });
  const n = requireInteger('--n', options.n, { min: 2 });
  const T = requireInteger('--T', options.T, { min: 2, max: 64 });
  const noise = requireNumber('--noise', options.noise, { min: 0 });
  const beta0 = requireNumber('--beta0', options.beta0, { min: 0, minExclusive: true });
  const seed = requireInteger('--seed', options.seed, { min: 0 });
  requireMemory(
    '--n',
    n,
    datasetBytes({ n, T, d, output: 'seq2lab', precision: 'float64' }),
    `${n} sequences of ${T} tokens at d = ${d}`,
  );

  const stats = dataModelStatistics({ target: model, d, n, T, noise, beta0, rng: Rng.fromSeed(seed, 'sample') });
  const result = {
    target: { id: targetId, label: model.label, parameters: model.parameters },
    d,
    n,
    T,
    noise,
    beta0,
    seed,
    spectralMoments: stats.spectralMoments.map((m) => ({ ...m, relativeError: relativeError(m.empirical, m.exact) })),
    Q: stats.q,
    preActivationVariance: stats.preActivationVariance,
    noiseVariance: stats.noiseVariance,
    attentionRowSumError: stats.attentionRowSumError,
  };
  if (options.json) {
    printJson(result);
    return;
  }
  const row = (label: string, v: { empirical: number; exact: number; standardError?: number }) => [
    label,
    formatNumber(v.empirical),
    formatNumber(v.exact),
    v.standardError === undefined ? '' : `± ${formatNumber(v.standardError, 2)}`,
    `${(100 * relativeError(v.empirical, v.exact)).toFixed(2)} %`,
  ];
  printLines([
    `${model.label}, d = ${d}, seed ${seed}; ${n} sequences of T = ${T} tokens, Δ = ${noise}, β₀ = ${beta0}`,
    '',
    ...table([
      ['quantity', 'empirical', 'exact', 'std. error', 'rel. diff.'],
      ...stats.spectralMoments.map((m) => row(`(1/d) Tr S₀^${m.k}`, m)),
      row('Var h_aa  (2Q)', stats.preActivationVariance.diagonal),
      row('Var h_ab  (Q)', stats.preActivationVariance.offDiagonal),
      row('Var noise_aa  (Δ)', stats.noiseVariance.diagonal),
      row('Var noise_ab  (Δ/2)', stats.noiseVariance.offDiagonal),
    ]),
    '',
    `Q = (1/d) Tr S₀² of the drawn S₀: ${formatNumber(stats.q)}; attention rows sum to 1 within ${stats.attentionRowSumError.toExponential(1)}`,
  ]);
}

function relativeError(empirical: number, exact: number): number {
  return exact === 0 ? Math.abs(empirical) : Math.abs(empirical - exact) / Math.abs(exact);
}
