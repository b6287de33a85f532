import { gaussLegendre } from '@attention-hd/core';

/**
 * Gauss–Legendre nodes in θ ∈ [0, π] mapped by u = l + (r − l)(1 − cos θ)/2: the map absorbs the
 * square-root behaviour of densities at the ends of their support, so integrands like
 * f(x)·√((x − l)(r − x)) become smooth in θ and converge spectrally.
 * Writes n nodes and their weights (for ∫ g(u) du) from `offset` on.
 */
export function cosineGaussNodes(
  lo: number,
  hi: number,
  n: number,
  nodes: Float64Array,
  weights: Float64Array,
  offset = 0,
): void {
  const rule = gaussLegendre(n);
  const halfWidth = (hi - lo) / 2;
  for (let k = 0; k < n; k++) {
    const theta = (Math.PI / 2) * (rule.nodes[k] + 1);
    nodes[offset + k] = lo + halfWidth * (1 - Math.cos(theta));
    weights[offset + k] = rule.weights[k] * (Math.PI / 2) * halfWidth * Math.sin(theta);
  }
}
