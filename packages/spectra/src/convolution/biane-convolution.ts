import {
  brentRoot,
  type DenoiserIntegrals,
  goldenSectionSearch,
  type Interval,
  type SemicircleConvolution,
  type SpectralLaw,
} from '@attention-hd/core';
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
import { quantileFromCdf } from './quantile.js';
import { SemicircleSubordination } from './semicircle-subordination.js';

/** An interval of U_t = closure{u : ∫dμ₀/(u − a)² > 1/t}, and the μ₀-mass it carries. */
interface UInterval {
  readonly lo: number;
  readonly hi: number;
  readonly mass: number;
}

/**
 * μ₀ ⊞ SC(δ²) for any law μ₀ (atoms and/or a density) by Biane's real-axis parametrisation
 * (docs/theory.md §11.2): find U_t, partition each of its intervals adaptively (32-point
 * cosine-mapped Gauss–Legendre pieces, halved until the mass and second moment of a piece agree
 * with its halves to 1e-13), push the nodes through ψ_t, and split at u_ε = ψ⁻¹(ε) for the
 * denoiser integrals. Isolated atoms (power-law outliers) come out as their own small intervals;
 * many close atoms (a bumpy v(u)) or a sharp density get more pieces.
 */
export class BianeConvolution implements SemicircleConvolution {
  readonly method = 'biane';
  readonly support: readonly Interval[];
  readonly #sub: SemicircleSubordination;
  readonly #u: readonly UInterval[];
  readonly #partitions = new Map<number, QuadraturePiece[]>();
  readonly #makePiece = (a: number, b: number) => this.#piece(a, b);

  constructor(
    readonly law: SpectralLaw,
    readonly delta: number,
  ) {
    if (!(delta > 0)) throw new RangeError(`BianeConvolution: δ must be > 0, got ${delta}`);
    this.#sub = new SemicircleSubordination(law, delta);
    this.#u = findU(this.#sub);
    this.support = this.#u.map(({ lo, hi }) => ({ lo: this.#sub.psi(lo, 0), hi: this.#sub.psi(hi, 0) }));
  }

  /** The intervals of U_t (in the u variable), for diagnostics and outliers. */
  get uIntervals(): readonly UInterval[] {
    return this.#u;
  }

  density(x: number): number {
    const u = this.#inverse(x);
    return this.#sub.v(u) / (Math.PI * this.#sub.t);
  }

  hilbert(x: number): number {
    return (x - this.#inverse(x)) / this.#sub.t;
  }

  cdf(x: number): number {
    let mass = 0;
    for (let k = 0; k < this.#u.length; k++) {
      const { lo, hi } = this.support[k];
      if (x <= lo) break;
      mass += totalMass(x >= hi ? this.#partition(k) : piecesBelow(this.#partition(k), this.#inverseIn(x, k), this.#makePiece));
    }
    return Math.min(1, mass);
  }

  quantile(p: number): number {
    return quantileFromCdf((x) => this.cdf(x), this.support, p);
  }

  denoiserIntegrals(epsilon: number, options: { cutoff?: number } = {}): DenoiserIntegrals {
    const start = Math.max(epsilon, options.cutoff ?? epsilon);
    const pieces: QuadraturePiece[] = [];
    for (let k = 0; k < this.#u.length; k++) {
      const { lo, hi } = this.support[k];
      if (hi <= start) continue;
      if (lo >= start) pieces.push(...this.#partition(k));
      else pieces.push(...piecesAbove(this.#partition(k), this.#inverseIn(start, k), this.#makePiece));
    }
    const { x, w, H, count } = concatenate(pieces);
    return accumulateDenoiserIntegrals(this.delta, epsilon, x, w, H, count, start);
  }

  /** A 32-point cosine-mapped rule on [a, b] ⊂ U_t, pushed through ψ. */
  #piece(a: number, b: number): QuadraturePiece {
    const u = new Float64Array(RULE);
    const du = new Float64Array(RULE);
    cosineGaussNodes(a, b, RULE, u, du);
    const x = new Float64Array(RULE);
    const w = new Float64Array(RULE);
    const H = new Float64Array(RULE);
    const t = this.#sub.t;
    let previous: number | undefined;
    for (let i = 0; i < RULE; i++) {
      const v = this.#sub.v(u[i], previous);
      previous = v;
      x[i] = this.#sub.psi(u[i], v);
      w[i] = v > 0 ? (du[i] * v * this.#sub.psiPrime(u[i], v)) / (Math.PI * t) : 0;
      H[i] = (x[i] - u[i]) / t;
    }
    return { a, b, x, w, H };
  }

  /** Adaptive partition of U-interval k (cached: it does not depend on ε). */
  #partition(k: number): QuadraturePiece[] {
    let leaves = this.#partitions.get(k);
    if (leaves === undefined) {
      leaves = adaptivePartition(this.#u[k].lo, this.#u[k].hi, this.#makePiece);
      this.#partitions.set(k, leaves);
    }
    return leaves;
  }

  /** u = ψ⁻¹(x) for x inside the image of U-interval k. */
  #inverseIn(x: number, k: number): number {
    const { lo, hi } = this.#u[k];
    const root = brentRoot((u) => this.#sub.psi(u, this.#sub.v(u)) - x, lo, hi, {
      xTolerance: 1e-15 * Math.max(1, Math.abs(hi)),
    });
    return root.values;
  }

  /** u = ψ⁻¹(x) anywhere: ψ is an increasing homeomorphism of ℝ (v = 0 off U_t). */
  #inverse(x: number): number {
    for (let k = 0; k < this.#u.length; k++) {
      if (x >= this.support[k].lo && x <= this.support[k].hi) return this.#inverseIn(x, k);
    }
    let lo: number;
    let hi: number;
    const first = this.#u[0];
    const last = this.#u[this.#u.length - 1];
    const k = this.support.findIndex((s) => s.lo > x);
    if (k === 0) {
      hi = first.lo;
      lo = hi - 1;
      while (this.#sub.psi(lo, 0) > x) lo = hi - 2 * (hi - lo);
    } else if (k === -1) {
      lo = last.hi;
      hi = lo + 1;
      while (this.#sub.psi(hi, 0) < x) hi = lo + 2 * (hi - lo);
    } else {
      lo = this.#u[k - 1].hi;
      hi = this.#u[k].lo;
    }
    return brentRoot((u) => this.#sub.psi(u, 0) - x, lo, hi, { xTolerance: 1e-15 * Math.max(1, Math.abs(x)) }).values;
  }
}

const RULE = 32; // cosine-mapped Gauss–Legendre points per piece

interface Block {
  lo: number;
  hi: number;
  mass: number;
  atom: boolean;
}

/** The intervals of U_t: around each block of μ₀ (atom or continuous piece), merged across gaps where h₀ > 1/t. */
function findU(sub: SemicircleSubordination): UInterval[] {
  const { law, t } = sub;
  const target = 1 / t;
  const blocks: Block[] = [];
  const continuousCount = law.continuousSupport.length;
  for (const { lo, hi } of law.continuousSupport)
    blocks.push({ lo, hi, mass: law.continuousMass / continuousCount, atom: false });
  for (let i = 0; i < law.atoms.positions.length; i++) {
    if (law.atoms.weights[i] > 0)
      blocks.push({ lo: law.atoms.positions[i], hi: law.atoms.positions[i], mass: law.atoms.weights[i], atom: true });
  }
  blocks.sort((a, b) => a.lo - b.lo);
  const merged: Block[] = [];
  for (const block of blocks) {
    const last = merged[merged.length - 1];
    if (last !== undefined && block.lo <= last.hi) {
      last.hi = Math.max(last.hi, block.hi);
      last.mass += block.mass;
      last.atom = false;
    } else merged.push({ ...block });
  }
  const h0 = (u: number) => sub.h(u, 0);
  const offset = (x: number) => 1e-14 * Math.max(1, Math.abs(x));
  const reach = 1.0001 * Math.sqrt(t); // h₀(u) ≤ 1/dist(u, supp μ₀)²

  const leftEnd = (edge: number) => {
    if (!(h0(edge - offset(edge)) > target)) return edge;
    return brentRoot((u) => h0(u) - target, edge - reach, edge - offset(edge)).values;
  };
  const rightEnd = (edge: number) => {
    if (!(h0(edge + offset(edge)) > target)) return edge;
    return brentRoot((u) => h0(u) - target, edge + offset(edge), edge + reach).values;
  };

  const intervals: UInterval[] = [];
  let lo = leftEnd(merged[0].lo);
  let mass = merged[0].mass;
  for (let i = 1; i < merged.length; i++) {
    const a = merged[i - 1];
    const b = merged[i];
    const split = gapSplit(a, b, h0, target, offset);
    if (split === null) {
      mass += b.mass;
      continue;
    }
    intervals.push({ lo, hi: split[0], mass });
    lo = split[1];
    mass = b.mass;
  }
  intervals.push({ lo, hi: rightEnd(merged[merged.length - 1].hi), mass });
  return intervals;
}

/**
 * Whether the gap (a.hi, b.lo) between two blocks leaves U_t: h₀ is convex on it and infinite or
 * large at its ends. Returns the two boundary points, or null if h₀ > 1/t on the whole gap.
 */
function gapSplit(
  a: Block,
  b: Block,
  h0: (u: number) => number,
  target: number,
  offset: (x: number) => number,
): [number, number] | null {
  const width = b.lo - a.hi;
  // Two atoms alone bound h₀ below by (w_a^{1/3} + w_b^{1/3})³/width² (min of w_a/x² + w_b/(width − x)²).
  if (a.atom && b.atom && (Math.cbrt(a.mass) + Math.cbrt(b.mass)) ** 3 / (width * width) > target) return null;
  // golden-section search for a point below 1/t (h₀ is convex on the gap)
  const below = goldenSectionSearch(h0, a.hi + offset(a.hi), b.lo - offset(b.lo), (left) => 1e-15 * Math.max(1, Math.abs(left)), {
    maxIterations: 120,
    until: (_u, value) => value < target,
  }).found;
  if (below === null) return null;
  const start = a.hi + offset(a.hi);
  const end = b.lo - offset(b.lo);
  const lower = h0(start) > target ? brentRoot((u) => h0(u) - target, start, below).values : a.hi;
  const upper = h0(end) > target ? brentRoot((u) => h0(u) - target, below, end).values : b.lo;
  return [lower, upper];
}
