import { type Container, FreeConvolution, requireNumber, requireOneOf } from '@attention-hd/core';
import { formatNumber, printJson, printLines, table } from '../output.js';
import { resolveTarget } from '../resolve-target.js';

/**
 * `attention-hd denoiser`: the free convolution μ_δ = μ₀ ⊞ SC(δ²) of a target's law and the
 * denoiser integrals at one (δ, ε) (docs/theory.md §3.3–3.4).
 */
export async function runDenoiser(container: Container, options: Record<string, unknown>): Promise<void> {
  const { model, d } = resolveTarget(container, options);
  const delta = requireNumber('--delta', options.delta, { min: 0 });
  const epsilon = requireNumber('--epsilon', options.epsilon);
  const method = requireOneOf('--method', options.method, ['auto', 'general']);
  const law = model.spectralLaw(d);
  const convolution = container.get(FreeConvolution).convolveWithSemicircle(law, delta, { method });
  const r = convolution.denoiserIntegrals(epsilon);
  const result = {
    target: { id: model.targetId, label: model.label, parameters: model.parameters, d: d ?? null },
    method: convolution.method,
    delta,
    epsilon,
    edges: convolution.support.flatMap(({ lo, hi }) => [lo, hi]),
    J: r.J,
    dJdDelta: r.dJdDelta,
    dJdEpsilon: r.dJdEpsilon,
    dJdT: r.dJdT,
    F: r.F,
    rankFraction: r.rankFraction,
    meanPositivePart: r.meanPositivePart,
    firstMomentPositivePart: r.firstMomentPositivePart,
    overlap: r.overlap,
    Q0: model.q0(d),
  };
  if (options.json) {
    printJson(result);
    return;
  }
  printLines([
    `${model.label}${d === undefined ? '' : `, d = ${d}`}: μ_δ = μ₀ ⊞ SC(δ²), δ = ${delta}, ε = ${epsilon} (${convolution.method})`,
    `support: ${convolution.support.map(({ lo, hi }) => `[${formatNumber(lo)}, ${formatNumber(hi)}]`).join(' ∪ ')}`,
    '',
    ...table([
      ['J = ∫(x−ε)₊² dμ_δ', formatNumber(r.J, 10)],
      ['∂J/∂δ', formatNumber(r.dJdDelta, 10)],
      ['∂J/∂ε', formatNumber(r.dJdEpsilon, 10)],
      ['∂J/∂t (t = δ²)', formatNumber(r.dJdT, 10)],
      ['F_δ(ε)', formatNumber(r.F, 10)],
      ['rank fraction 1 − F_δ(ε)', formatNumber(r.rankFraction, 10)],
      ['∫(x−ε)₊ dμ_δ', formatNumber(r.meanPositivePart, 10)],
      ['m/η = ∫(x−ε)₊(x − 2tH) dμ_δ', formatNumber(r.overlap, 10)],
      ['Q₀', formatNumber(model.q0(d), 10)],
    ]),
  ]);
}
