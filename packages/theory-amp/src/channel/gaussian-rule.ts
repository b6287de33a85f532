import { normalQuantile, Rng, symmetricEigen } from '@attention-hd/core';
import { SOBOL_MAX_DIMS, sobolPoints } from './sobol-sequence.js';

/** Nodes and weights for E f(X), X ~ N(0, I_dims). */
export interface GaussianRule {
  readonly kind: 'gauss-hermite' | 'monte-carlo' | 'quasi-monte-carlo';
  /**
   * independent randomisations laid out one after the other (count/replicates nodes each); the
   * spread of their means is the standard error of a randomized quasi-Monte-Carlo rule
   */
  readonly replicates: number;
  readonly dims: number;
  readonly count: number;
  /** count × dims */
  readonly nodes: Float64Array;
  /** sum to 1 */
  readonly weights: Float64Array;
}

/** Gauss–Hermite nodes and weights for N(0, 1) by Golub–Welsch (Jacobi matrix off-diagonals √k). */
export function gaussHermite1d(n: number): { nodes: Float64Array; weights: Float64Array } {
  const jacobi = new Float64Array(n * n);
  for (let k = 1; k < n; k++) {
    jacobi[k * n + k - 1] = Math.sqrt(k);
    jacobi[(k - 1) * n + k] = Math.sqrt(k);
  }
  const { values, vectors } = symmetricEigen(jacobi, n);
  const weights = new Float64Array(n);
  for (let j = 0; j < n; j++) weights[j] = (vectors as Float64Array)[j * n] ** 2;
  return { nodes: values, weights };
}

/** The tensor product of n-point Gauss–Hermite rules: nᵈ nodes, exact for polynomials of degree ≤ 2n − 1 per variable. */
export function productGaussHermite(dims: number, n: number): GaussianRule {
  const one = gaussHermite1d(n);
  const count = n ** dims;
  const nodes = new Float64Array(count * dims);
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let rest = i;
    let w = 1;
    for (let d = 0; d < dims; d++) {
      const j = rest % n;
      rest = Math.floor(rest / n);
      nodes[i * dims + d] = one.nodes[j];
      w *= one.weights[j];
    }
    weights[i] = w;
  }
  return { kind: 'gauss-hermite', replicates: 1, dims, count, nodes, weights };
}

/** Plain Monte Carlo: `count` seeded standard normal vectors, equal weights. */
export function monteCarloRule(dims: number, count: number, seed: number | string): GaussianRule {
  const nodes = Rng.fromSeed(seed, 'channel-rule', dims).fillNormal(new Float64Array(count * dims));
  return { kind: 'monte-carlo', replicates: count, dims, count, nodes, weights: new Float64Array(count).fill(1 / count) };
}

const PRIMES = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113,
];

/** The base-b radical inverse of i (van der Corput). */
function radicalInverse(i: number, base: number): number {
  let result = 0;
  let f = 1 / base;
  for (let n = i; n > 0; n = Math.floor(n / base)) {
    result += (n % base) * f;
    f /= base;
  }
  return result;
}

/**
 * Randomized quasi-Monte Carlo: `replicates` copies of the first count/replicates Halton points,
 * each with its own uniform random shift modulo 1 (Cranley–Patterson), mapped by Φ⁻¹. Error close
 * to 1/count for the smooth integrands of the channel (against 1/√count for Monte Carlo), and an
 * honest standard error from the replicates. Seeded: the same seed gives the same nodes.
 */
export function haltonRule(dims: number, count: number, seed: number | string, replicates = 16): GaussianRule {
  if (dims > PRIMES.length) throw new RangeError(`haltonRule: at most ${PRIMES.length} dimensions, got ${dims}`);
  const perReplicate = Math.max(1, Math.floor(count / replicates));
  const total = perReplicate * replicates;
  const rng = Rng.fromSeed(seed, 'halton-shifts', dims);
  const nodes = new Float64Array(total * dims);
  const base = new Float64Array(perReplicate * dims);
  for (let i = 0; i < perReplicate; i++) for (let d = 0; d < dims; d++) base[i * dims + d] = radicalInverse(i + 1, PRIMES[d]);
  for (let r = 0; r < replicates; r++) {
    const shift = Array.from({ length: dims }, () => rng.uniform());
    for (let i = 0; i < perReplicate; i++) {
      for (let d = 0; d < dims; d++) {
        let u = base[i * dims + d] + shift[d];
        if (u >= 1) u -= 1;
        nodes[(r * perReplicate + i) * dims + d] = normalQuantile(Math.min(Math.max(u, 1e-300), 1 - 2 ** -53));
      }
    }
  }
  return { kind: 'quasi-monte-carlo', replicates, dims, count: total, nodes, weights: new Float64Array(total).fill(1 / total) };
}

/**
 * Randomized quasi-Monte Carlo on Sobol' points (Joe–Kuo directions, sobol-sequence.ts): `replicates`
 * copies of the first count/replicates points, each with its own random digital shift (XOR), mapped
 * by Φ⁻¹ at the cell centres (x + ½)/2³². In the channel's 12–30 dimensions its replicate spread is
 * well below the shifted Halton rule's at the same count (docs/theory.md §6.2). Seeded.
 */
export function sobolRule(dims: number, count: number, seed: number | string, replicates = 16): GaussianRule {
  if (dims > SOBOL_MAX_DIMS) throw new RangeError(`sobolRule: at most ${SOBOL_MAX_DIMS} dimensions, got ${dims}`);
  const perReplicate = Math.max(1, Math.floor(count / replicates));
  const total = perReplicate * replicates;
  const rng = Rng.fromSeed(seed, 'sobol-shifts', dims);
  const nodes = new Float64Array(total * dims);
  const shift = new Uint32Array(dims);
  for (let r = 0; r < replicates; r++) {
    for (let d = 0; d < dims; d++) shift[d] = Math.floor(rng.uniform() * 2 ** 32);
    const points = sobolPoints(dims, perReplicate, shift);
    const offset = r * perReplicate * dims;
    for (let i = 0; i < points.length; i++) nodes[offset + i] = normalQuantile((points[i] + 0.5) / 2 ** 32);
  }
  return { kind: 'quasi-monte-carlo', replicates, dims, count: total, nodes, weights: new Float64Array(total).fill(1 / total) };
}
