/**
 * Eigen-decomposition of a symmetric tridiagonal matrix by Cuppen's divide and conquer with the
 * Gu–Eisenstat eigenvectors (the method of LAPACK's dstedc/dlaed*). Why: the implicit QL applies
 * O(n) rotations per eigenvalue to n-vectors (about 6n³ flops at poor reuse); here the work is
 * matrix products (≈ (4/3)n³ flops with no deflation, less with it), which run several times
 * faster. Our own code: npm has no LAPACK (core/README.md).
 *
 * T = diag(T₁, T₂) + ρ u uᵀ with u = e_m + sign(β) e_{m+1}, ρ = |β| (β the coupling entry), so with
 * Tᵢ = QᵢΛᵢQᵢᵀ (recursively): T = Q (D + ρ z zᵀ) Qᵀ, Q = diag(Q₁, Q₂), z = (last row of Q₁,
 * sign(β)·first row of Q₂). The eigenvalues of D + ρ z zᵀ are the roots of the secular equation
 * 1 + ρ Σ zᵢ²/(dᵢ − λ) = 0, one in each gap of the (deflated) poles and one above the last; each root is
 * kept as (pole, offset) so that every dⱼ − λ is formed without cancellation; the eigenvectors
 * use ẑ recomputed from the roots (Löwner), which makes them orthogonal to working precision.
 */

import { addProduct } from './column-major-product.js';

/** Below this size a block is solved by the implicit QL (dense, cheap at this size). */
const LEAF = 24;
const EPS = 2 ** -52;

export interface TridiagonalEigen {
  /** ascending */
  readonly values: Float64Array;
  /** column-major n×n: eigenvector j is vectors[j·n … j·n + n − 1] */
  readonly vectors: Float64Array;
}

/** diag: n entries; off: n − 1 entries (off[i] couples i and i + 1). Inputs are not modified. */
export function tridiagonalEigen(diag: Float64Array, off: Float64Array, ql: QlSolver): TridiagonalEigen {
  const n = diag.length;
  if (n <= LEAF) return leaf(diag, off, ql);
  const m = n >> 1;
  const beta = off[m - 1];
  const rho = Math.abs(beta);
  const sign = beta < 0 ? -1 : 1;
  const d1 = diag.slice(0, m);
  const d2 = diag.slice(m);
  d1[m - 1] -= rho;
  d2[0] -= rho;
  const top = tridiagonalEigen(d1, off.slice(0, m - 1), ql);
  const bottom = tridiagonalEigen(d2, off.slice(m), ql);
  return merge(top, bottom, m, n - m, rho, sign);
}

/** The dense QL on a block (values and vectors, ascending), supplied by the caller. */
export type QlSolver = (diag: Float64Array, off: Float64Array, vectors: Float64Array, n: number) => void;

function leaf(diag: Float64Array, off: Float64Array, ql: QlSolver): TridiagonalEigen {
  const n = diag.length;
  const values = Float64Array.from(diag);
  // the QL's convention: e[i] couples i − 1 and i, e[0] unused
  const e = new Float64Array(n);
  for (let i = 1; i < n; i++) e[i] = off[i - 1];
  const vectors = new Float64Array(n * n);
  for (let i = 0; i < n; i++) vectors[i * n + i] = 1;
  ql(values, e, vectors, n);
  return { values, vectors };
}

function merge(
  top: TridiagonalEigen,
  bottom: TridiagonalEigen,
  n1: number,
  n2: number,
  rho: number,
  sign: number,
): TridiagonalEigen {
  const n = n1 + n2;
  // D and z in the basis diag(Q₁, Q₂)
  const d = new Float64Array(n);
  const z = new Float64Array(n);
  for (let j = 0; j < n1; j++) {
    d[j] = top.values[j];
    z[j] = top.vectors[j * n1 + (n1 - 1)];
  }
  for (let j = 0; j < n2; j++) {
    d[n1 + j] = bottom.values[j];
    z[n1 + j] = sign * bottom.vectors[j * n2];
  }
  // Q = diag(Q₁, Q₂), column-major n×n, column j the basis vector of d[j]
  const Q = new Float64Array(n * n);
  for (let j = 0; j < n1; j++) Q.set(top.vectors.subarray(j * n1, (j + 1) * n1), j * n);
  for (let j = 0; j < n2; j++) Q.set(bottom.vectors.subarray(j * n2, (j + 1) * n2), (n1 + j) * n + n1);
  if (rho === 0) return sorted(d, Q, n);

  // sort the poles ascending (a permutation of the columns of Q)
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  const ds = Float64Array.from(order, (i) => d[i]);
  const zs = Float64Array.from(order, (i) => z[i]);
  const Qs = new Float64Array(n * n);
  order.forEach((i, k) => {
    Qs.set(Q.subarray(i * n, (i + 1) * n), k * n);
  });
  // which rows each column of Qs can be non-zero in: Q₁'s columns the first n1, Q₂'s the rest, a
  // column rotated with one of the other block both (dlaed2's column types)
  const support = Uint8Array.from(order, (i) => (i < n1 ? TOP : BOTTOM));

  // ‖z‖² = 2 (a row of each orthogonal Qᵢ): normalise, ρ absorbs the norm
  let norm2 = 0;
  for (let i = 0; i < n; i++) norm2 += zs[i] * zs[i];
  const zn = Math.sqrt(norm2);
  for (let i = 0; i < n; i++) zs[i] /= zn;
  const r = rho * norm2;

  // deflation (dlaed2): a tiny |ρ zᵢ| leaves dᵢ an eigenvalue with its basis vector; two poles closer
  // than the tolerance are rotated so that one z component vanishes
  const dmax = Math.max(Math.abs(ds[0]), Math.abs(ds[n - 1]));
  const tol = 8 * EPS * Math.max(dmax, r);
  const deflated: number[] = [];
  const kept: number[] = [];
  let previous = -1;
  for (let i = 0; i < n; i++) {
    if (r * Math.abs(zs[i]) <= tol) {
      deflated.push(i);
      continue;
    }
    if (previous >= 0) {
      const [s1, s2] = [zs[previous], zs[i]];
      const tau = Math.hypot(s1, s2);
      const c = s2 / tau;
      const s = -s1 / tau;
      // after the rotation the pair's off-diagonal coupling is (d_i − d_p)·c·s
      if (Math.abs((ds[i] - ds[previous]) * c * s) <= tol) {
        // rotate columns previous and i of Qs: the z component of `previous` becomes 0
        zs[i] = tau;
        zs[previous] = 0;
        support[i] |= support[previous];
        support[previous] = support[i];
        const dp = ds[previous] * c * c + ds[i] * s * s;
        ds[i] = ds[previous] * s * s + ds[i] * c * c;
        ds[previous] = dp;
        const a = previous * n;
        const b = i * n;
        for (let k = 0; k < n; k++) {
          const qa = Qs[a + k];
          const qb = Qs[b + k];
          Qs[a + k] = c * qa + s * qb;
          Qs[b + k] = -s * qa + c * qb;
        }
        kept.splice(kept.indexOf(previous), 1);
        deflated.push(previous);
      }
    }
    kept.push(i);
    previous = i;
  }
  // the kept poles must be ascending for the secular solver (rotations can perturb them slightly)
  kept.sort((a, b) => ds[a] - ds[b]);
  const k = kept.length;
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  if (k === 0) return sorted(ds, Qs, n);

  const poles = Float64Array.from(kept, (i) => ds[i]);
  const weights = Float64Array.from(kept, (i) => zs[i]);
  const rk = r; // ρ of the kept problem (deflated z components are ≈ 0 or rotated into the kept)
  // roots λⱼ = poles[origin_j] + offset_j, and δ_ij = poles[i] − λⱼ for every i
  const delta = new Float64Array(k * k);
  const roots = new Float64Array(k);
  for (let j = 0; j < k; j++) roots[j] = secularRoot(poles, weights, rk, j, delta.subarray(j * k, (j + 1) * k));
  // Löwner: ẑᵢ² = Π_j (λⱼ − dᵢ) / (ρ Π_{j≠i} (dⱼ − dᵢ)), with every difference from δ
  const zhat = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    // λⱼ − dᵢ = −δ_ij
    let product = -delta[(k - 1) * k + i] / rk;
    for (let j = 0; j < k - 1; j++) {
      const lam = -delta[j * k + i];
      const pole = poles[j < i ? j : j + 1] - poles[i];
      product *= lam / pole;
    }
    zhat[i] = Math.sign(weights[i]) * Math.sqrt(Math.max(product, 0));
  }
  // eigenvectors of the kept problem: vⱼ ∝ ẑᵢ/δ_ij, then back through Qs (only the kept columns)
  const V = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < k; i++) {
      const x = zhat[i] / delta[j * k + i];
      V[j * k + i] = x;
      s += x * x;
    }
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < k; i++) V[j * k + i] *= inv;
  }
  const product = new Float64Array(n * k);
  keptProduct(Qs, kept, support, V, product, n, n1, TOP);
  keptProduct(Qs, kept, support, V, product, n, n1, BOTTOM);
  let c = 0;
  for (let j = 0; j < k; j++, c++) {
    values[c] = roots[j];
    vectors.set(product.subarray(j * n, (j + 1) * n), c * n);
  }
  for (const i of deflated) {
    values[c] = ds[i];
    vectors.set(Qs.subarray(i * n, (i + 1) * n), c * n);
    c++;
  }
  return sorted(values, vectors, n);
}

/** Bits of a column's support: rows of the first block, rows of the second. */
const TOP = 1;
const BOTTOM = 2;

/**
 * One block of rows of the merge's product Qs[:, kept]·V: the rows of `block` (the first n1 rows or
 * the rest) take only the kept columns whose support includes them. With few rotations across the
 * blocks each half multiplies about half the columns, so the product costs about half the dense one
 * (LAPACK's dlaed3 does the same with its column types).
 */
function keptProduct(
  Qs: Float64Array,
  kept: readonly number[],
  support: Uint8Array,
  V: Float64Array,
  product: Float64Array,
  n: number,
  n1: number,
  block: number,
): void {
  const k = kept.length;
  const [r0, rows] = block === TOP ? [0, n1] : [n1, n - n1];
  const columns: number[] = [];
  for (let i = 0; i < k; i++) if (support[kept[i]] & block) columns.push(i);
  const c = columns.length;
  const A = new Float64Array(rows * c);
  const B = new Float64Array(c * k);
  columns.forEach((i, t) => {
    const col = kept[i] * n + r0;
    A.set(Qs.subarray(col, col + rows), t * rows);
  });
  for (let j = 0; j < k; j++) for (let t = 0; t < c; t++) B[j * c + t] = V[j * k + columns[t]];
  const C = new Float64Array(rows * k);
  addProduct(A, B, C, rows, c, k, rows);
  for (let j = 0; j < k; j++) product.set(C.subarray(j * rows, (j + 1) * rows), j * n + r0);
}

/**
 * The j-th root (ascending) of 1 + ρ Σ wᵢ²/(dᵢ − λ) = 0 for ascending poles d and ρ > 0: in
 * (d_j, d_{j+1}), the last one in (d_{k−1}, d_{k−1} + ρ‖w‖²). Returns λ and writes δᵢ = dᵢ − λ for
 * every i, each formed as (dᵢ − d_origin) − μ with the origin the nearer end of the interval, so
 * that the small differences that matter keep their relative accuracy. Bisection safeguards a
 * Newton step on the function in μ; at most 200 iterations (bisection alone halves 2⁻¹⁰⁰).
 */
function secularRoot(d: Float64Array, w: Float64Array, rho: number, j: number, delta: Float64Array): number {
  const k = d.length;
  let wn = 0;
  for (let i = 0; i < k; i++) wn += w[i] * w[i];
  const lo = d[j];
  const hi = j < k - 1 ? d[j + 1] : d[k - 1] + rho * wn;
  // the origin: the pole nearer the root, decided by the sign of f at the midpoint
  const mid = 0.5 * (lo + hi);
  let fmid = 1;
  for (let i = 0; i < k; i++) fmid += (rho * w[i] * w[i]) / (d[i] - mid);
  const fromLow = j === k - 1 || fmid > 0;
  const origin = fromLow ? lo : hi;
  const originIndex = fromLow ? j : j + 1;
  // μ = λ − origin in (a, b)
  let a = fromLow ? 0 : lo - hi;
  let b = fromLow ? hi - lo : 0;
  if (j === k - 1) b = hi - lo;
  const shifted = new Float64Array(k);
  for (let i = 0; i < k; i++) shifted[i] = d[i] - origin;
  shifted[originIndex] = 0;
  let mu = fromLow ? 0.5 * b : 0.5 * a;
  for (let iteration = 0; iteration < 200; iteration++) {
    let f = 1;
    let df = 0;
    let size = 1;
    for (let i = 0; i < k; i++) {
      const t = shifted[i] - mu;
      const q = (rho * w[i] * w[i]) / t;
      f += q;
      df += q / t;
      size += Math.abs(q);
    }
    // f increases with μ between the poles
    if (f < 0) a = mu;
    else b = mu;
    const width = b - a;
    // converged: f is zero to its own rounding error, or the bracket is one of the last bits of μ
    if (Math.abs(f) <= 4 * k * EPS * size || width <= 4 * EPS * Math.max(Math.abs(a), Math.abs(b))) break;
    let next = mu - f / df;
    if (!(next > a && next < b) || !Number.isFinite(next)) next = 0.5 * (a + b);
    if (next === mu) break;
    mu = next;
  }
  for (let i = 0; i < k; i++) delta[i] = shifted[i] - mu;
  return origin + mu;
}

/** values ascending, the columns of `vectors` permuted alike. */
function sorted(values: Float64Array, vectors: Float64Array, n: number): TridiagonalEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const outValues = Float64Array.from(order, (i) => values[i]);
  const outVectors = new Float64Array(n * n);
  order.forEach((i, c) => {
    outVectors.set(vectors.subarray(i * n, (i + 1) * n), c * n);
  });
  return { values: outValues, vectors: outVectors };
}
