import { type Container, FreeConvolution, requireInteger, requireNumber, requireOneOf } from '@attention-hd/core';
import {
  bayesOptimalThreshold,
  directRecoveryThreshold,
  interpolationThreshold,
  perfectRecoveryThreshold,
  type ThresholdResult,
} from '@attention-hd/theory-amp';
import { formatNumber, printJson, printLines } from '../output.js';
import { resolveTarget } from '../resolve-target.js';

/** `attention-hd threshold`: the thresholds of Corollary 3.2 and Fig. 2 right, in ᾱ and in α. */
export async function runThreshold(container: Container, options: Record<string, unknown>): Promise<void> {
  const { model, d } = resolveTarget(container, options);
  const kind = requireOneOf('--kind', options.kind, ['interp', 'perfect', 'bayes', 'direct']);
  const T = requireInteger('--T', options.T, { min: 2, max: 12 });
  const noise = requireNumber('--noise', options.noise, { min: 0 });
  const law = model.spectralLaw(d);
  // rank fraction of the target: the mass away from 0
  let zeroMass = 0;
  law.atoms.positions.forEach((a, i) => {
    if (Math.abs(a) <= 1e-12) zeroMass += law.atoms.weights[i];
  });
  const rank = 1 - zeroMass;
  let result: ThresholdResult;
  switch (kind) {
    case 'interp':
      result = interpolationThreshold(container.get(FreeConvolution), law, noise, T);
      break;
    case 'perfect':
      result = perfectRecoveryThreshold(rank, T);
      break;
    case 'bayes':
      result = bayesOptimalThreshold(rank, T);
      break;
    case 'direct':
      result = directRecoveryThreshold(T);
      break;
  }
  const report = {
    kind,
    target: { id: model.targetId, parameters: model.parameters },
    noise,
    T,
    alphaBar: result.alphaBar,
    alpha: result.alpha,
    status: result.status,
    ...result.details,
  };
  if (options.json) {
    printJson(report);
    return;
  }
  printLines([
    `${kind} threshold for ${model.label}${kind === 'interp' ? `, Δ = ${noise}` : ''}, T = ${T}: ᾱ = ${formatNumber(result.alphaBar, 9)}, α = ${formatNumber(result.alpha, 9)} (${result.status})`,
  ]);
}
