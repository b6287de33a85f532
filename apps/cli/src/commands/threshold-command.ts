import { type Container, FreeConvolution, requireInteger, requireNumber, requireOneOf } from '@attention-hd/core';
import { thresholdKinds } from '@attention-hd/theory-amp';
import { formatNumber, printJson, printLines } from '../output.js';
import { resolveTarget } from '../resolve-target.js';

/** `attention-hd threshold`: the thresholds of Corollary 3.2 and Fig. 2 right, in ᾱ and in α. */
export async function runThreshold(container: Container, options: Record<string, unknown>): Promise<void> {
  const { model, d } = resolveTarget(container, options);
  const kind = requireOneOf(
    '--kind',
    options.kind,
    thresholdKinds.map((k) => k.id),
  );
  const T = requireInteger('--T', options.T, { min: 2, max: 12 });
  const noise = requireNumber('--noise', options.noise, { min: 0 });
  const threshold = thresholdKinds.find((k) => k.id === kind) ?? thresholdKinds[0];
  const result = threshold.compute({ freeConvolution: container.get(FreeConvolution), law: model.spectralLaw(d), noise, T });
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
