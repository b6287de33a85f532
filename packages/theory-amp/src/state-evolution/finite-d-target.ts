import { Rng, type SpectralLaw, symmetricEigenvalues, type TargetModel } from '@attention-hd/core';

/**
 * The target's d eigenvalues at finite d: the law's atoms when it is a finite-d law of d equal atoms
 * (the power law), else those of one sample of S₀ at d (seeded, so the same seed gives the same target).
 */
export function finiteDTargetEigenvalues(target: TargetModel, law: SpectralLaw, d: number, seed: number): Float64Array {
  const atoms = equalAtoms(law, d);
  if (atoms !== null) return atoms;
  const sample = target.sample(d, Rng.fromSeed(seed, 'goe-sample-target'));
  return symmetricEigenvalues(sample.S, d);
}

/**
 * The d eigenvalues of a typical target at d: the law's atoms when it is a finite-d law of d equal atoms,
 * else its quantiles s_i = F⁻¹((i − ½)/d) (atoms get their share of the i, the continuous part is
 * inverted on a Chebyshev-spaced grid of each support interval, which resolves square-root edges), so
 * that Tr S₀ᵏ/d matches the law's moments up to O(d^−1.5) (the square-root edges), where a random
 * sample's fluctuate by O(1/d).
 */
export function typicalTargetEigenvalues(law: SpectralLaw, d: number): Float64Array {
  const atoms = equalAtoms(law, d);
  if (atoms !== null) return atoms;
  const { positions, weights } = law.atoms;
  // the CDF as sorted pieces: atoms (jumps) and grid cells of the continuous part
  const grid = 2000;
  const pieces: { x0: number; x1: number; mass: number }[] = [];
  for (let k = 0; k < positions.length; k++) {
    if (weights[k] > 0) pieces.push({ x0: positions[k], x1: positions[k], mass: weights[k] });
  }
  for (const { lo, hi } of law.continuousSupport) {
    const at = (j: number) => lo + ((hi - lo) * (1 - Math.cos((Math.PI * j) / grid))) / 2;
    for (let j = 0; j < grid; j++) {
      const x0 = at(j);
      const x1 = at(j + 1);
      // Simpson's rule on the cell
      const mass = ((x1 - x0) / 6) * (law.density(x0) + 4 * law.density((x0 + x1) / 2) + law.density(x1));
      pieces.push({ x0, x1, mass });
    }
  }
  pieces.sort((a, b) => a.x0 - b.x0);
  const total = pieces.reduce((sum, p) => sum + p.mass, 0);
  const s = new Float64Array(d);
  let cumulative = 0;
  let piece = 0;
  for (let i = 0; i < d; i++) {
    const level = ((i + 0.5) / d) * total;
    while (piece < pieces.length - 1 && cumulative + pieces[piece].mass < level) cumulative += pieces[piece++].mass;
    const p = pieces[piece];
    // linear inside the cell (the density is nearly constant across a grid cell)
    const fraction = p.mass > 0 ? Math.min(1, Math.max(0, (level - cumulative) / p.mass)) : 0;
    s[i] = p.x0 + fraction * (p.x1 - p.x0);
  }
  return s;
}

/** The atoms of a law of d atoms of weight 1/d (a finite-d law such as the power law), else null. */
function equalAtoms(law: SpectralLaw, d: number): Float64Array | null {
  const { positions, weights } = law.atoms;
  const atomic = positions.length === d && weights.every((w) => Math.abs(w * d - 1) < 1e-12);
  return atomic ? Float64Array.from(positions) : null;
}
