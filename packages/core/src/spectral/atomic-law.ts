import type { Complex } from '../numerics/complex.js';
import type { SpectralLaw } from './spectral-law.js';

/**
 * The exact law (1/Σw) Σ_i w_i δ_{a_i}: e.g. the empirical spectral law of a finite-d matrix, or a
 * finite-d target such as the power law. Equal weights 1/d when `weights` is omitted.
 */
export function atomicLaw(positions: ArrayLike<number>, weights?: ArrayLike<number>, description?: string): SpectralLaw {
  const n = positions.length;
  if (n === 0) throw new RangeError('atomicLaw: at least one atom is needed');
  const p = Float64Array.from(positions);
  const w = weights === undefined ? new Float64Array(n).fill(1 / n) : Float64Array.from(weights);
  if (w.length !== n) throw new RangeError(`atomicLaw: ${n} positions but ${w.length} weights`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(w[i] >= 0) || !Number.isFinite(p[i])) throw new RangeError(`atomicLaw: bad atom ${p[i]} with weight ${w[i]}`);
    total += w[i];
  }
  for (let i = 0; i < n; i++) w[i] /= total;
  return {
    description: description ?? `atomic law with ${n} atoms`,
    atoms: { positions: p, weights: w },
    continuousMass: 0,
    continuousSupport: [],
    density: () => 0,
    moment(k: number): number {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i] * p[i] ** k;
      return s;
    },
    stieltjes(z: Complex): Complex {
      // Σ w/(z − a) = Σ w (x − a − i y)/((x − a)² + y²) with z = x + i y.
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        const dx = z.re - p[i];
        const q = w[i] / (dx * dx + z.im * z.im);
        re += dx * q;
        im -= z.im * q;
      }
      return { re, im };
    },
    stieltjesDerivative(z: Complex): Complex {
      // −Σ w/(z − a)²; 1/(dx + i y)² = (dx² − y² − 2 i dx y)/(dx² + y²)².
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        const dx = z.re - p[i];
        const r2 = dx * dx + z.im * z.im;
        const q = w[i] / (r2 * r2);
        re -= (dx * dx - z.im * z.im) * q;
        im += 2 * dx * z.im * q;
      }
      return { re, im };
    },
  };
}
