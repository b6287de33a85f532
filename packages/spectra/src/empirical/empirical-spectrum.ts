import { matmulTransposeA, matmulTransposeB, symmetricEigenvalues } from '@attention-hd/core';

/** Eigenvalues (ascending) of a symmetric d×d matrix S, e.g. a trained direct Ŝ. */
export function eigenvaluesOfMatrix(S: Float64Array, d: number): Float64Array {
  return symmetricEigenvalues(S, d);
}

/**
 * Eigenvalues (ascending, d of them) of Ŝ = WWᵀ/√(pd) from W ∈ ℝ^{d×p}: through the p×p matrix
 * WᵀW/√(pd) when p < d (same non-zero eigenvalues), padded with d − p zeros.
 */
export function learnedEigenvaluesFromFactor(W: Float64Array, d: number, p: number): Float64Array {
  const scale = 1 / Math.sqrt(p * d);
  if (p < d) {
    const gram = matmulTransposeA(W, W, d, p, p);
    for (let i = 0; i < gram.length; i++) gram[i] *= scale;
    const nonzero = symmetricEigenvalues(gram, p);
    const all = new Float64Array(d);
    all.set(nonzero, d - p);
    return all.sort();
  }
  const S = matmulTransposeB(W, W, d, p, d);
  for (let i = 0; i < S.length; i++) S[i] *= scale;
  return symmetricEigenvalues(S, d);
}

/** Singular values of W/(pd)^{1/4} (p of them, ascending): √ of the eigenvalues of WᵀW/√(pd). */
export function singularValuesFromFactor(W: Float64Array, d: number, p: number): Float64Array {
  const gram = matmulTransposeA(W, W, d, p, p);
  const scale = 1 / Math.sqrt(p * d);
  for (let i = 0; i < gram.length; i++) gram[i] *= scale;
  return symmetricEigenvalues(gram, p).map((e) => Math.sqrt(Math.max(0, e)));
}

export interface Histogram {
  /** bin edges, bins + 1 of them */
  readonly edges: number[];
  readonly counts: number[];
  /** counts / (total · width): integrates to the fraction of values inside the range */
  readonly density: number[];
  /** values outside [edges[0], edges[bins]] */
  readonly outside: number;
}

/** Histogram with `bins` equal bins on [lo, hi] (values equal to hi go in the last bin). */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): Histogram {
  if (!(hi > lo) || !(bins >= 1)) throw new RangeError(`histogram: need lo < hi and bins ≥ 1, got [${lo}, ${hi}], ${bins}`);
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) {
      outside++;
      continue;
    }
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return {
    edges: Array.from({ length: bins + 1 }, (_, k) => lo + k * width),
    counts,
    density: counts.map((c) => c / (values.length * width)),
    outside,
  };
}
