import type { DenoiserIntegrals, Interval, SemicircleConvolution, SpectralLaw } from '@attention-hd/core';
import { cosineGaussNodes } from '../integrals/cosine-gauss-nodes.js';
import { accumulateDenoiserIntegrals } from '../integrals/denoiser-accumulator.js';
import { quantileFromCdf } from './quantile.js';

const NODES = 160;

/**
 * δ = 0: μ_δ is μ₀ itself, atoms included. The denoiser integrals use the continuous part's
 * cosine-mapped quadrature plus the atoms; ∂_tJ at t = 0⁺ is the divided-difference double integral
 * ∬ [(x−ε)₊ − (y−ε)₊]/(x − y) dμ₀ dμ₀ (docs/theory.md §3.4), with the diagonal value 1{x > ε} (½ at x = ε,
 * the limit of an atom spread by a vanishing semicircle). Its quadrature converges algebraically at
 * the corner (ε, ε): about 1e-6 with 160 nodes a piece.
 */
export class ZeroNoiseConvolution implements SemicircleConvolution {
  readonly method = 'zero-noise';
  readonly delta = 0;
  readonly support: readonly Interval[];

  constructor(readonly law: SpectralLaw) {
    const pieces: Interval[] = [...law.continuousSupport];
    law.atoms.positions.forEach((a, i) => {
      if (law.atoms.weights[i] > 0) pieces.push({ lo: a, hi: a });
    });
    pieces.sort((a, b) => a.lo - b.lo);
    this.support = pieces;
  }

  density(x: number): number {
    return this.law.density(x);
  }

  hilbert(x: number): number {
    return this.law.stieltjes({ re: x, im: 0 }).re;
  }

  cdf(x: number): number {
    let mass = 0;
    const { positions, weights } = this.law.atoms;
    for (let i = 0; i < positions.length; i++) if (positions[i] <= x) mass += weights[i];
    for (const { lo, hi } of this.law.continuousSupport) {
      if (x > lo) mass += this.#continuousNodes(lo, Math.min(x, hi)).w.reduce((a, b) => a + b, 0);
    }
    return Math.min(1, mass);
  }

  quantile(p: number): number {
    return quantileFromCdf((x) => this.cdf(x), this.support, p);
  }

  denoiserIntegrals(epsilon: number, options: { cutoff?: number } = {}): DenoiserIntegrals {
    if (options.cutoff !== undefined && options.cutoff > epsilon) {
      throw new RangeError('ZeroNoiseConvolution: the truncated denoiser (cutoff > ε) needs δ > 0');
    }
    // All nodes of μ₀, split at ε: continuous pieces, then atoms.
    const xs: number[] = [];
    const ws: number[] = [];
    for (const { lo, hi } of this.law.continuousSupport) {
      const cuts = epsilon > lo && epsilon < hi ? [lo, epsilon, hi] : [lo, hi];
      for (let k = 0; k + 1 < cuts.length; k++) {
        const { x, w } = this.#continuousNodes(cuts[k], cuts[k + 1]);
        xs.push(...x);
        ws.push(...w);
      }
    }
    const { positions, weights } = this.law.atoms;
    for (let i = 0; i < positions.length; i++) {
      xs.push(positions[i]);
      ws.push(weights[i]);
    }
    const x = Float64Array.from(xs);
    const w = Float64Array.from(ws);
    const base = accumulateDenoiserIntegrals(0, epsilon, x, w, new Float64Array(x.length), x.length);
    const f = (y: number) => Math.max(0, y - epsilon);
    const slope = (y: number) => (y > epsilon ? 1 : y === epsilon ? 0.5 : 0);
    let dJdT = 0;
    for (let i = 0; i < x.length; i++) {
      dJdT += w[i] * w[i] * slope(x[i]);
      for (let j = 0; j < i; j++) {
        const d = x[i] === x[j] ? slope(x[i]) : (f(x[i]) - f(x[j])) / (x[i] - x[j]);
        dJdT += 2 * w[i] * w[j] * d;
      }
    }
    return { ...base, dJdT, dJdDelta: 0 };
  }

  #continuousNodes(lo: number, hi: number): { x: Float64Array; w: Float64Array } {
    const x = new Float64Array(NODES);
    const w = new Float64Array(NODES);
    if (hi > lo) {
      cosineGaussNodes(lo, hi, NODES, x, w);
      for (let k = 0; k < NODES; k++) w[k] *= this.law.density(x[k]);
    }
    return { x, w };
  }
}
