import type { AttentionOutput } from './attention-output.js';
import type { GaussianRule } from './gaussian-rule.js';

/**
 * The fixed integration nodes of the output channel (common across SE iterations). On each active
 * direction j (basis E, see activeDirections) the target pre-activation y and the student's z are
 * jointly Gaussian with Var y = V = Q₀ + Δ/2 (the noisy target), Cov = m, Var z = q; a node holds
 * standard normals (a_j, b_j) and at overlaps (q, m):
 *   y = E·(√V a),   z = E·(m a/√V + √(q − m²/V) b).
 * The label Y = σ_{β₀}(H(y)) and ∂Y/∂y do not depend on (q, m, Σ): computed once. The same nodes
 * give the test error (Claim 3.1), whose pair has the same law.
 */
export interface ChannelNodes {
  readonly rule: GaussianRule;
  readonly L: number;
  readonly T: number;
  /** active directions r and their basis (L × r) */
  readonly rank: number;
  readonly basis: Float64Array;
  /** V = Q₀ + Δ/2 */
  readonly variance: number;
  /** y per node (count × L) */
  readonly labelPreActivation: Float64Array;
  /** Y (count × T²) */
  readonly labels: Float64Array;
  /** ∂Y/∂y (count × T² × L) */
  readonly labelJacobians: Float64Array;
  /** the last proximal solution per node: warm starts across SE iterations (count × L) */
  readonly warmStarts: Float64Array;
  /** per node: both starts of the last iteration reached the same minimum (then one start is enough) */
  readonly singleBasin: Uint8Array;
  /** what moves each node's last proximal solution to the next (q, m, Σ) (null above PREDICTOR_DOUBLES) */
  readonly predictors: ProximalPredictors | null;
  /** nodes 0 … warmCount − 1 hold a proximal solution to start from */
  warmCount: number;
  /**
   * the channel averages over nodes 0 … activeCount − 1: a whole number of QMC replicates, so a
   * prefix is itself a valid (coarser) rule — used for the first iterations (coarse-to-fine)
   */
  activeCount: number;
}

/**
 * Per node, from its last proximal solve: the packed Cholesky factor of ∇²g + I/Σ there
 * (ProximalNewton.packedFactor), the z and Σ it was solved at, and whether the factor is valid.
 * The next SE iteration starts the node's Newton at the predicted solution (predictSolution):
 * usually one output evaluation then confirms it.
 */
export interface ProximalPredictors {
  readonly factors: Float64Array;
  readonly z: Float64Array;
  readonly sigma: Float64Array;
  readonly valid: Uint8Array;
}

/** The predictors are kept while they take at most this many doubles (2^25: 256 MB). */
const PREDICTOR_DOUBLES = 2 ** 25;

export function createChannelNodes(options: {
  rule: GaussianRule;
  basis: Float64Array;
  rank: number;
  q0: number;
  noise: number;
  labelOutput: AttentionOutput;
  /** every array on SharedArrayBuffers (the rule's nodes copied there), for the channel's worker threads */
  shared?: boolean;
}): ChannelNodes {
  const { basis, rank, labelOutput } = options;
  const shared = options.shared ?? false;
  const float64 = (length: number) => (shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length));
  const rule = shared ? { ...options.rule, nodes: copyTo(float64(options.rule.nodes.length), options.rule.nodes) } : options.rule;
  const { L, T } = labelOutput.flat;
  if (rule.dims !== 2 * rank) throw new RangeError(`channel rule has ${rule.dims} dimensions, needs 2 × ${rank}`);
  const variance = options.q0 + options.noise / 2;
  const scale = Math.sqrt(variance);
  const count = rule.count;
  const labelPreActivation = float64(count * L);
  for (let s = 0; s < count; s++) {
    for (let k = 0; k < L; k++) {
      let y = 0;
      for (let j = 0; j < rank; j++) y += basis[k * rank + j] * scale * rule.nodes[s * rule.dims + j];
      labelPreActivation[s * L + k] = y;
    }
  }
  const labels = float64(count * T * T);
  const labelJacobians = float64(count * T * T * L);
  const P = new Float64Array(T * T);
  const jacobian = new Float64Array(T * T * L);
  for (let s = 0; s < count; s++) {
    labelOutput.value(labelPreActivation, s * L, P);
    labels.set(P, s * T * T);
    labelOutput.jacobian(labelPreActivation, s * L, jacobian);
    labelJacobians.set(jacobian, s * T * T * L);
  }
  const packed = (L * (L + 1)) / 2;
  const predictors =
    count * (packed + L + 1) <= PREDICTOR_DOUBLES
      ? {
          factors: float64(count * packed),
          z: float64(count * L),
          sigma: float64(count),
          valid: shared ? new Uint8Array(new SharedArrayBuffer(count)) : new Uint8Array(count),
        }
      : null;
  return {
    rule,
    predictors,
    L,
    T,
    rank,
    basis,
    variance,
    labelPreActivation,
    labels,
    labelJacobians,
    warmStarts: float64(count * L),
    singleBasin: shared ? new Uint8Array(new SharedArrayBuffer(count)) : new Uint8Array(count),
    warmCount: 0,
    activeCount: count,
  };
}

function copyTo(target: Float64Array, source: Float64Array): Float64Array {
  target.set(source);
  return target;
}

/** z at node s for overlaps (q, m), into out (L). */
export function studentPreActivation(nodes: ChannelNodes, s: number, q: number, m: number, out: Float64Array): void {
  const { rank, basis, rule, L, variance } = nodes;
  const a = m / Math.sqrt(variance);
  const b = Math.sqrt(Math.max(0, q - (m * m) / variance));
  const offset = s * rule.dims;
  for (let k = 0; k < L; k++) {
    let z = 0;
    for (let j = 0; j < rank; j++) z += basis[k * rank + j] * (a * rule.nodes[offset + j] + b * rule.nodes[offset + rank + j]);
    out[k] = z;
  }
}

/** Restricts the channel to the first `replicates` replicates of its rule (all of them for other rules). */
export function useReplicates(nodes: ChannelNodes, replicates: number): void {
  const { rule } = nodes;
  if (rule.kind === 'gauss-hermite' || replicates >= rule.replicates) {
    nodes.activeCount = rule.count;
    return;
  }
  // Plain Monte Carlo (each node its own replicate): any prefix is a valid rule, so the coarse
  // stage takes the same share of the nodes as a 16-replicate QMC rule would (it took all of them,
  // which made the coarse stage at T ≥ 4 as dear as the fine one).
  const perReplicate =
    rule.kind === 'monte-carlo' ? Math.max(1, Math.floor(rule.count / COARSE_BLOCKS)) : rule.count / rule.replicates;
  nodes.activeCount = Math.min(rule.count, replicates * perReplicate);
}

/** Plain Monte Carlo rules are split into this many blocks for the coarse stage (as QMC's replicates). */
const COARSE_BLOCKS = 16;
