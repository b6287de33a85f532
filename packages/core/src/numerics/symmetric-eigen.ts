/**
 * Symmetric eigensolver: Householder tridiagonalisation (a port of the public-domain EISPACK/JAMA
 * tred2), then the tridiagonal's eigenvalues by implicit QL with Wilkinson shifts (tql2) and, from
 * d = 65 on, its eigenvectors by divide and conquer (tridiagonal-divide-conquer.ts) taken back through
 * the reflectors in blocks (householder-back-transform.ts), on flat Float64Arrays.
 *
 * Why our own: measured on the 2-core reference machine (core/README.md), ml-matrix 6.x needs 1.3 s at
 * d = 400 and 9–12 s at d = 1000; this solver is 3–3.5× faster with vectors and 5–10× without, and npm has
 * no WASM LAPACK. The working matrix is stored column-major so that every O(d³) inner loop walks
 * contiguous memory.
 */
import { applyReflectors } from './householder-back-transform.js';
import { tridiagonalEigen } from './tridiagonal-divide-conquer.js';

export interface SymmetricEigenResult {
  /** eigenvalues, ascending */
  readonly values: Float64Array;
  /**
   * eigenvectors, column-major: component i of the eigenvector of values[j] is vectors[j * d + i]
   * (each eigenvector is contiguous). Absent when only values were asked for.
   */
  readonly vectors?: Float64Array;
}

/**
 * Eigen-decomposition of the symmetric d×d matrix `a` (row-major; only symmetry is assumed, the
 * input is not modified). Throws on non-finite input or if QL fails to converge (never seen: 30
 * iterations per eigenvalue is the classic bound).
 */
export function symmetricEigen(
  a: ArrayLike<number>,
  d: number,
  options: {
    vectors?: boolean;
    /** the tridiagonal solver for vectors: 'auto' (divide and conquer from d = 65 on), or either one */
    method?: 'auto' | 'ql' | 'divide-and-conquer';
  } = {},
): SymmetricEigenResult {
  if (a.length !== d * d) throw new RangeError(`symmetricEigen: expected ${d * d} entries for d = ${d}, got ${a.length}`);
  const withVectors = options.vectors ?? true;
  // Column-major copy; for a symmetric matrix this is the same numbers.
  const v = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) {
    const x = a[i] as number;
    if (!Number.isFinite(x)) throw new RangeError(`symmetricEigen: non-finite entry ${x} at index ${i}`);
    v[i] = x;
  }
  // Symmetrise exactly so round-off asymmetry in the input cannot matter.
  for (let j = 0; j < d; j++) {
    for (let i = j + 1; i < d; i++) {
      const s = 0.5 * (v[j * d + i] + v[i * d + j]);
      v[j * d + i] = s;
      v[i * d + j] = s;
    }
  }
  const diag = new Float64Array(d);
  const off = new Float64Array(d);
  if (d === 0) return withVectors ? { values: diag, vectors: v } : { values: diag };
  const method = options.method ?? 'auto';
  const divide = method === 'divide-and-conquer' || (method === 'auto' && d > DIVIDE_AND_CONQUER_FROM);
  if (withVectors && divide && d > 1) {
    // the tridiagonal's eigenvectors by divide and conquer, then through the Householder reflectors
    // (applied in blocks, Q never formed)
    const h = new Float64Array(d);
    tridiagonalize(v, d, diag, off, false, h);
    const { values, vectors } = tridiagonalEigen(diag, off.slice(1), ql);
    applyReflectors(v, h, vectors, d);
    return { values, vectors };
  }
  tridiagonalize(v, d, diag, off, withVectors);
  ql(diag, off, withVectors ? v : null, d);
  return withVectors ? { values: diag, vectors: v } : { values: diag };
}

/** From this size on, vectors come from divide and conquer (below, the QL is as fast). */
const DIVIDE_AND_CONQUER_FROM = 64;

/** Eigenvalues only (ascending): about half the work of the full decomposition. */
export function symmetricEigenvalues(a: ArrayLike<number>, d: number): Float64Array {
  return symmetricEigen(a, d, { vectors: false }).values;
}

// V(r, c) = v[c * n + r] (column-major). Loops below that run over r are contiguous. Without
// `accumulate`, column i of v keeps the reflector u_i in its first i rows, and `reflectorH` (when
// given) receives each h_i (householder-back-transform.ts).
function tridiagonalize(
  v: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  accumulate: boolean,
  reflectorH?: Float64Array,
): void {
  for (let j = 0; j < n; j++) d[j] = v[j * n + (n - 1)];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[j * n + (i - 1)];
        v[j * n + i] = 0;
        v[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        v[i * n + j] = f;
        const col = j * n;
        g = e[j] + v[col + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const vkj = v[col + k];
          g += vkj * d[k];
          e[k] += vkj * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        const col = j * n;
        for (let k = j; k <= i - 1; k++) v[col + k] -= f * e[k] + g * d[k];
        d[j] = v[col + (i - 1)];
        v[col + i] = 0;
      }
    }
    d[i] = h;
  }

  reflectorH?.set(d);
  if (!accumulate) {
    // The tridiagonal's diagonal is the untouched diagonal of the reduced matrix.
    for (let i = 0; i < n; i++) d[i] = v[i * n + i];
    e[0] = 0;
    return;
  }
  for (let i = 0; i < n - 1; i++) {
    v[i * n + (n - 1)] = v[i * n + i];
    v[i * n + i] = 1;
    const h = d[i + 1];
    const next = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[next + k] / h;
      for (let j = 0; j <= i; j++) {
        const col = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[next + k] * v[col + k];
        for (let k = 0; k <= i; k++) v[col + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) v[next + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[j * n + (n - 1)];
    v[j * n + (n - 1)] = 0;
  }
  v[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
}

function ql(d: Float64Array, e: Float64Array, v: Float64Array | null, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iterations = 0;
      do {
        if (++iterations > 60) throw new Error(`symmetricEigen: QL did not converge for eigenvalue ${l}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (v !== null) {
            const ci = i * n;
            const ci1 = (i + 1) * n;
            for (let k = 0; k < n; k++) {
              const hk = v[ci1 + k];
              const vk = v[ci + k];
              v[ci1 + k] = s * vk + c * hk;
              v[ci + k] = c * vk - s * hk;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  // Selection sort into ascending order (O(n²), negligible next to O(n³)).
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      if (v !== null) {
        const ci = i * n;
        const ck = k * n;
        for (let j = 0; j < n; j++) {
          const t = v[ci + j];
          v[ci + j] = v[ck + j];
          v[ck + j] = t;
        }
      }
    }
  }
}

/** √(a² + b²) without Math.hypot's slow general path; scaled to avoid overflow. */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const r = y / x;
    return x * Math.sqrt(1 + r * r);
  }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}
