import { ParameterError, Rng, requireInteger, sampleGoe, symmetricEigen } from '@attention-hd/core';

/**
 * The diagonal of the learned Ŝ = η ReLU(S₀ + δZ − ε) in the target's eigenbasis, Ŝ_ii = ⟨u_i, Ŝ u_i⟩,
 * averaged over `draws` GOE matrices Z at the actual d (S₀ = diag(s), the GOE being orthogonally
 * invariant). Ŝ_ii concentrates at large d; the draws average the O(1/√d) fluctuations. Also q and
 * m of the same samples, to check them against the SE's.
 */
export function learnedDiagonal(
  eigenvalues: Float64Array,
  point: { readonly delta: number; readonly eta: number; readonly epsilon: number },
  options: { draws?: number; seed?: number } = {},
): { diagonal: Float64Array; q: number; m: number } {
  const d = requireInteger('d', eigenvalues.length, { min: 2 });
  const draws = requireInteger('draws', options.draws ?? 4, { min: 1, max: 1000 });
  const { delta, eta, epsilon } = point;
  if (!(delta >= 0 && Number.isFinite(delta))) throw new ParameterError('delta', delta, '[0, ∞)');
  const rng = Rng.fromSeed(options.seed ?? 1, 'learned-diagonal');
  const diagonal = new Float64Array(d);
  let q = 0;
  let m = 0;
  for (let t = 0; t < draws; t++) {
    const M = sampleGoe(d, rng);
    for (let k = 0; k < d * d; k++) M[k] *= delta;
    for (let i = 0; i < d; i++) M[i * d + i] += eigenvalues[i];
    const { values, vectors } = symmetricEigen(M, d);
    if (vectors === undefined) throw new Error('symmetricEigen returned no eigenvectors');
    for (let a = 0; a < d; a++) {
      const learned = eta * Math.max(0, values[a] - epsilon);
      if (learned === 0) continue;
      q += (learned * learned) / d;
      for (let i = 0; i < d; i++) {
        const weight = learned * vectors[a * d + i] ** 2;
        diagonal[i] += weight;
        m += (weight * eigenvalues[i]) / d;
      }
    }
  }
  for (let i = 0; i < d; i++) diagonal[i] /= draws;
  return { diagonal, q: q / draws, m: m / draws };
}
