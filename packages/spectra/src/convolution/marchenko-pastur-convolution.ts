import type { DenoiserIntegrals, Interval, SemicircleConvolution, SpectralLaw } from '@attention-hd/core';
import {
  adaptivePartition,
  concatenate,
  piecesAbove,
  piecesBelow,
  type QuadraturePiece,
  totalMass,
} from '../integrals/adaptive-partition.js';
import { cosineGaussNodes } from '../integrals/cosine-gauss-nodes.js';
import { accumulateDenoiserIntegrals } from '../integrals/denoiser-accumulator.js';
import { createCubicRoots, solveCubic } from '../polynomials/cubic-roots.js';
import { realPolynomialRoots } from '../polynomials/polynomial-roots.js';
import { quantileFromCdf } from './quantile.js';

const RULE = 32;

/**
 * MP(κ₀) ⊞ SC(δ²) in closed form (docs/theory.md §6.1): with c = 1/κ₀ and R = δ², the Stieltjes transform g
 * solves the cubic √c R g³ − (√c z + R) g² + (z + √c − 1/√c) g − 1 = 0 and the support edges are the
 * real roots of the quartic of the authors' `edges_rho` (one or two bulks). Quadratures run in x on
 * an adaptive partition of each bulk (cosine-mapped Gauss–Legendre pieces), split at ε.
 */
export class MarchenkoPasturConvolution implements SemicircleConvolution {
  readonly method = 'mp-closed-form';
  readonly support: readonly Interval[];
  /**
   * |1 − mass on the support|: the closed form's self-check. It fails for δ ≲ 1e-3, where the cubic
   * degenerates; the service then uses the general method.
   */
  readonly massError: number;
  readonly #sqrtC: number;
  readonly #t: number;
  readonly #roots = createCubicRoots();
  readonly #partitions: QuadraturePiece[][];
  readonly #makePiece = (a: number, b: number) => this.#piece(a, b);

  constructor(
    readonly kappa0: number,
    readonly delta: number,
    /** μ₀ itself: its G₀ picks the physical root of the cubic off the support */
    private readonly law: SpectralLaw,
  ) {
    if (!(kappa0 > 0 && kappa0 <= 1)) throw new RangeError(`MarchenkoPasturConvolution: κ₀ must be in (0, 1], got ${kappa0}`);
    if (!(delta > 0)) throw new RangeError(`MarchenkoPasturConvolution: δ must be > 0, got ${delta}`);
    this.#sqrtC = 1 / Math.sqrt(kappa0);
    this.#t = delta * delta;
    this.support = this.#computeSupport();
    this.#partitions = this.support.map(({ lo, hi }) => adaptivePartition(lo, hi, this.#makePiece));
    this.massError = Math.abs(1 - this.#partitions.reduce((m, p) => m + totalMass(p), 0));
  }

  /** Real roots of the edge quartic, in order. */
  edgePolynomialRoots(): number[] {
    const c = 1 / this.kappa0;
    const R = this.#t;
    const sc = Math.sqrt(c);
    return realPolynomialRoots([
      c,
      -2 * sc - 2 * c * sc - 2 * sc * R,
      1 - 2 * c + c * c + 8 * R - 2 * c * R + R * R,
      (-10 * R) / sc + 2 * sc * R + 8 * c * sc * R - (2 * R * R) / sc + 8 * sc * R * R,
      -12 * R + (4 * R) / c + 12 * c * R - 4 * c * c * R - 20 * R * R + (R * R) / c - 8 * c * R * R - 4 * R * R * R,
    ]);
  }

  density(x: number): number {
    const roots = this.#solve(x);
    return roots.realCount === 1 ? roots.im[1] / Math.PI : 0;
  }

  hilbert(x: number): number {
    const roots = this.#solve(x);
    if (roots.realCount === 1 && roots.im[1] > 0) return roots.re[1];
    // Off the support every root is real; the physical one satisfies the subordination
    // g = G₀(ω), ω = x − t g, with t·h₀(ω) ≤ 1 (h₀ = −G₀′).
    const candidates = roots.realCount === 3 ? [roots.re[0], roots.re[1], roots.re[2]] : [roots.re[0]];
    let best = candidates[0];
    let bestScore = Number.POSITIVE_INFINITY;
    for (const g of candidates) {
      const omega = { re: x - this.#t * g, im: 0 };
      const g0 = this.law.stieltjes(omega);
      const slope = -this.law.stieltjesDerivative(omega).re * this.#t;
      const mismatch = Math.abs(g0.re - g) + Math.abs(g0.im) + (slope > 1 + 1e-9 || !Number.isFinite(slope) ? 1 : 0);
      if (mismatch < bestScore) {
        bestScore = mismatch;
        best = g;
      }
    }
    return best;
  }

  cdf(x: number): number {
    let mass = 0;
    this.support.forEach(({ lo, hi }, k) => {
      if (x > lo) mass += totalMass(x >= hi ? this.#partitions[k] : piecesBelow(this.#partitions[k], x, this.#makePiece));
    });
    return Math.min(1, mass);
  }

  quantile(p: number): number {
    return quantileFromCdf((x) => this.cdf(x), this.support, p);
  }

  denoiserIntegrals(epsilon: number, options: { cutoff?: number } = {}): DenoiserIntegrals {
    const start = Math.max(epsilon, options.cutoff ?? epsilon);
    const pieces: QuadraturePiece[] = [];
    this.support.forEach(({ hi }, k) => {
      if (hi > start) pieces.push(...piecesAbove(this.#partitions[k], start, this.#makePiece));
    });
    const { x, w, H, count } = concatenate(pieces);
    return accumulateDenoiserIntegrals(this.delta, epsilon, x, w, H, count, start);
  }

  #piece(a: number, b: number): QuadraturePiece {
    const x = new Float64Array(RULE);
    const w = new Float64Array(RULE);
    const H = new Float64Array(RULE);
    cosineGaussNodes(a, b, RULE, x, w);
    for (let k = 0; k < RULE; k++) {
      const roots = this.#solve(x[k]);
      const inside = roots.realCount === 1;
      w[k] *= inside ? roots.im[1] / Math.PI : 0;
      H[k] = inside ? roots.re[1] : 0;
    }
    return { a, b, x, w, H };
  }

  #solve(x: number) {
    const sc = this.#sqrtC;
    const t = this.#t;
    return solveCubic(sc * t, -(sc * x + t), x + sc - 1 / sc, -1, this.#roots);
  }

  #computeSupport(): Interval[] {
    // Intervals between consecutive real roots of the quartic where the cubic has a complex pair
    // (positive density); spurious real roots fail that test.
    const edges = this.edgePolynomialRoots();
    const intervals: Interval[] = [];
    for (let i = 0; i + 1 < edges.length; i++) {
      if (this.density((edges[i] + edges[i + 1]) / 2) > 0) intervals.push({ lo: edges[i], hi: edges[i + 1] });
    }
    return intervals;
  }
}
