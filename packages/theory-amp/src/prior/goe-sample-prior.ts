import { ParameterError, Rng, requireInteger, sampleGoe, symmetricEigen } from '@attention-hd/core';
import type { Hats, PriorSide, PriorUpdate } from './prior-side.js';

/**
 * A denoiser that acts on the eigenvalues ν of M = √q̂Z + diag(m̂_i s_i) (hat units): Ŝ = F(M), with F′
 * for the divergence Σ.
 */
export interface HatSpectralMap {
  value(nu: number): number;
  slope(nu: number): number;
}

/** The factorized ERM's: F(ν) = (ν − 2λ̃)₊/Σ̂ (docs/theory.md §3.3). */
export function softThresholdMap(lambdaTilde: number, sigmaHat: number): HatSpectralMap {
  const threshold = 2 * lambdaTilde;
  return { value: (nu) => Math.max(0, nu - threshold) / sigmaHat, slope: (nu) => (nu > threshold ? 1 / sigmaHat : 0) };
}

/** The direct ERM's ridge: F(ν) = ν/(Σ̂ + cλ̃) (docs/theory.md §3.10). */
export function ridgeMap(denominator: number): HatSpectralMap {
  return { value: (nu) => nu / denominator, slope: () => 1 / denominator };
}

/** GoeSamplePrior.spikedUpdate: the prior side's overlaps, averaged over the draws, and Ŝ per draw. */
export interface SpikedPriorUpdate {
  readonly q: number;
  readonly m: number;
  readonly sigma: number;
  readonly rankFraction: number;
  /** Ŝ of each draw (d×d, the target's eigenbasis); empty unless asked for */
  readonly estimators: Float64Array[];
}

/**
 * The factorized prior side at finite d by Monte Carlo over a few fixed GOE draws (docs/theory.md §5.1 (b),
 * the `state_evolution_deterministic` SE of WidthQuadraticNetworks): with S₀ = diag(s) (the GOE is
 * orthogonally invariant, so the target basis does not matter) and each fixed Z,
 *   M = √q̂ Z + m̂ S₀,  f(ν) = ReLU(ν − 2λ̃)/Σ̂,
 *   q = ‖f(M)‖²_F/d,  m = ⟨S₀, f(M)⟩/d,
 *   Σ = (1/d²)[2 Σ_i 1{ν_i > 0}/Σ̂ + Σ_{i≠j} (f(ν_i) − f(ν_j))/(ν_i − ν_j)]  (the divergence of f),
 * averaged over the draws. Common random numbers (the same Z at every iteration) keep the map
 * smooth, so the fixed-point solver converges. It checks the free-convolution prior independently
 * (finite-d fluctuations and MC error included) and costs `draws` eigendecompositions per update.
 */
export class GoeSamplePrior implements PriorSide {
  readonly #draws: Float64Array[];
  readonly #d: number;

  constructor(
    private readonly eigenvalues: Float64Array,
    private readonly lambdaTilde: number,
    draws: number,
    seed: number,
  ) {
    this.#d = requireInteger('d', eigenvalues.length, { min: 2 });
    requireInteger('draws', draws, { min: 1, max: 1000 });
    if (!(lambdaTilde >= 0)) throw new ParameterError('lambdaTilde', lambdaTilde, '[0, ∞)');
    const rng = Rng.fromSeed(seed, 'goe-sample-prior');
    this.#draws = Array.from({ length: draws }, () => sampleGoe(this.#d, rng));
  }

  update({ qHat, mHat, sigmaHat }: Hats): PriorUpdate {
    const mHats = new Float64Array(this.#d).fill(mHat);
    const { q, m, sigma, rankFraction } = this.spikedUpdate(qHat, mHats, softThresholdMap(this.lambdaTilde, sigmaHat), false);
    return {
      q,
      m,
      sigma,
      delta: Math.sqrt(qHat) / mHat,
      epsilon: (2 * this.lambdaTilde) / mHat,
      eta: mHat / sigmaHat,
      // the free-energy term m̂²/(4Σ̂)·J, J = (1/d)Σ(ν/m̂ − ε)₊² = Σ̂²q/m̂²
      freeEnergy: (sigmaHat * q) / 4,
      rankFraction,
      unconstrainedRankFraction: rankFraction,
      truncated: false,
    };
  }

  /**
   * The prior side with one m̂_i per target mode and any spectral denoiser F, Ŝ = F(M),
   * M = √q̂ Z + diag(m̂_i s_i) (the exact-law SE's, docs/theory.md §5.4; `update` is F the soft
   * threshold and every m̂_i = m̂), and, when asked, Ŝ of each draw (d×d, the target's basis).
   */
  spikedUpdate(
    qHat: number,
    mHats: Float64Array,
    map: HatSpectralMap,
    keepEstimators: boolean,
    /** per draw, a d×d symmetric matrix added to M (the exact-law SE's Onsager remainder) */
    offsets: readonly Float64Array[] | null = null,
  ): SpikedPriorUpdate {
    const d = this.#d;
    const s = this.eigenvalues;
    const rootQHat = Math.sqrt(qHat);
    const M = new Float64Array(d * d);
    const f = new Float64Array(d);
    const estimators: Float64Array[] = [];
    let q = 0;
    let m = 0;
    let sigma = 0;
    let rank = 0;
    for (const [j, z] of this.#draws.entries()) {
      for (let k = 0; k < d * d; k++) M[k] = rootQHat * z[k];
      if (offsets !== null) for (let k = 0; k < d * d; k++) M[k] += offsets[j][k];
      for (let i = 0; i < d; i++) M[i * d + i] += mHats[i] * s[i];
      const { values, vectors } = symmetricEigen(M, d);
      if (vectors === undefined) throw new Error('symmetricEigen returned no eigenvectors');
      for (let a = 0; a < d; a++) f[a] = map.value(values[a]);
      const estimator = keepEstimators ? new Float64Array(d * d) : null;
      let divergence = 0;
      for (let a = 0; a < d; a++) {
        const fa = f[a];
        divergence += 2 * map.slope(values[a]);
        if (fa !== 0) {
          rank++;
          q += fa * fa;
          // ⟨S₀, v vᵀ⟩ = Σ_i s_i v_i²
          let projection = 0;
          for (let i = 0; i < d; i++) projection += s[i] * vectors[a * d + i] ** 2;
          m += fa * projection;
          if (estimator !== null) {
            for (let i = 0; i < d; i++) {
              const wi = fa * vectors[a * d + i];
              for (let j = 0; j < d; j++) estimator[i * d + j] += wi * vectors[a * d + j];
            }
          }
        }
        for (let b = 0; b < d; b++) {
          if (b === a) continue;
          const gap = values[a] - values[b];
          // a degenerate pair: the divided difference becomes F′
          divergence += gap !== 0 ? (fa - f[b]) / gap : map.slope(values[a]);
        }
      }
      sigma += divergence / (d * d);
      if (estimator !== null) estimators.push(estimator);
    }
    const draws = this.#draws.length;
    return {
      q: q / (draws * d),
      m: m / (draws * d),
      sigma: sigma / draws,
      rankFraction: rank / (draws * d),
      estimators,
    };
  }
}
