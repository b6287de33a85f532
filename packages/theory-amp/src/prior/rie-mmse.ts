import type { FreeConvolution, SpectralLaw } from '@attention-hd/core';
import { cosineGaussNodes } from '@attention-hd/spectra';

/**
 * The prior side of the Bayes-optimal state evolution (docs/theory.md §3.12): the MMSE per entry,
 * d⁻¹E‖Ŝ − S₀‖²_F, of estimating S₀ from Y = S₀ + √t Z (Z a GOE matrix whose spectrum is the
 * semicircle of variance 1), reached by the rotationally invariant estimator:
 *
 *     mmse(t) = t − (4π²/3) t² ∫ ρ_t(x)³ dx,    ρ_t the density of μ₀ ⊞ SC(t).
 *
 * In the SE, t = 1/q̂ and q = Q₀ − mmse(1/q̂). The integral runs over each interval of the support
 * with cosine-mapped Gauss–Legendre nodes (ρ³ vanishes like (edge distance)^{3/2} at a square-root
 * edge, which the map makes smooth), `nodes` per interval.
 */
export function rieMmse(free: FreeConvolution, law: SpectralLaw, t: number, nodes = 256): number {
  if (!(t > 0) || !Number.isFinite(t)) throw new RangeError(`rieMmse: t must be a positive finite number, got ${t}`);
  const convolution = free.convolveWithSemicircle(law, Math.sqrt(t));
  const x = new Float64Array(nodes);
  const w = new Float64Array(nodes);
  let cubes = 0;
  for (const { lo, hi } of convolution.support) {
    cosineGaussNodes(lo, hi, nodes, x, w);
    for (let k = 0; k < nodes; k++) {
      const rho = convolution.density(x[k]);
      cubes += w[k] * rho * rho * rho;
    }
  }
  return t - ((4 * Math.PI * Math.PI) / 3) * t * t * cubes;
}
