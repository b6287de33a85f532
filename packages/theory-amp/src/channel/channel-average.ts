import { choleskyFactor, choleskySolve } from '@attention-hd/core';
import { assembleAverage, createPerNodeValues, type PerNodeChannelValues } from './assemble-average.js';
import type { AttentionOutput } from './attention-output.js';
import { DISTINCT_MINIMA, type ProximalMinima } from './channel-integrator.js';
import { type ChannelNodes, studentPreActivation } from './channel-nodes.js';
import { type HatForms, steinWeight } from './hat-estimators.js';
import type { ProximalBranch } from './proximal-branch.js';
import { ProximalNewton, predictSolution } from './proximal-newton.js';

export interface ChannelAverage {
  /** q̂ = (2α/Σ²) E‖p − z‖² */
  readonly qHat: number;
  /** m̂ = −2α ∂_m M (Stein and derivative forms, see hat-estimators.ts) */
  readonly mHat: number;
  /** Σ̂ = 4α ∂_q M */
  readonly sigmaHat: number;
  /** M = E min_h [‖h − z‖²/(2Σ) + g(h)] (the Moreau envelope, for Φ) */
  readonly moreau: number;
  /** integration errors of the hats (MC standard error, QMC replicate spread; 0 for an exact rule) */
  readonly standardErrors: { readonly qHat: number; readonly mHat: number; readonly sigmaHat: number };
  /** nodes whose proximal Newton did not converge or ended at a flat point (reported, never hidden) */
  readonly unconverged: number;
  /** (q̂, m̂, Σ̂) from each replicate of a randomized rule alone (R × 3), for error propagation; null otherwise */
  readonly replicateHats: Float64Array | null;
  /** M from each replicate alone (R), for the Monte Carlo error of a difference of Φ; null otherwise */
  readonly replicateMoreau: Float64Array | null;
}

export interface ChannelOverlaps {
  readonly q: number;
  readonly m: number;
  readonly sigma: number;
  readonly alpha: number;
}

/**
 * The output side of the state evolution (docs/theory.md §3.4) on fixed nodes, for any T and output: the
 * proximal map per node by Newton on the branch `branch` says (proximal-branch.ts), then the hats
 * by the estimators of hat-estimators.ts.
 */
export class ChannelAverager {
  readonly #newton: ProximalNewton;
  readonly #L: number;
  readonly #T2: number;
  readonly #h: Float64Array;
  readonly #alternative: Float64Array;
  readonly #z: Float64Array;
  readonly #a: Float64Array;
  readonly #factor: Float64Array;
  readonly #inverse: Float64Array;
  readonly #column: Float64Array;
  readonly #perNode: PerNodeChannelValues;

  constructor(
    readonly nodes: ChannelNodes,
    readonly output: AttentionOutput,
    /** h = labelStartScale·y reproduces the label exactly (β₀/β for softmax, 1 for identity) */
    readonly labelStartScale: number,
    /** a convex output (identity): one start, derivative forms */
    readonly convex: boolean,
    readonly branch: ProximalBranch = 'label',
    readonly hatForms: HatForms = 'auto',
    /** where the per-node contributions go (shared memory when worker threads solve some nodes) */
    perNode: PerNodeChannelValues = createPerNodeValues(nodes.rule.count),
  ) {
    const L = nodes.L;
    this.#L = L;
    this.#T2 = nodes.T * nodes.T;
    this.#newton = new ProximalNewton(output);
    this.#h = new Float64Array(L);
    this.#alternative = new Float64Array(L);
    this.#z = new Float64Array(L);
    this.#a = new Float64Array(L * L);
    this.#factor = new Float64Array(L * L);
    this.#inverse = new Float64Array(L * L);
    this.#column = new Float64Array(L);
    this.#perNode = perNode;
  }

  /** ChannelIntegrator.proximalMinima on these nodes (a convex output has one minimum: none looked at) */
  proximalMinima({ q, m, sigma }: { q: number; m: number; sigma: number }, maxNodes: number): ProximalMinima {
    if (this.convex) return { twoMinima: 0, nodes: 0 };
    const { nodes } = this;
    const L = this.#L;
    const count = Math.min(nodes.activeCount, maxNodes);
    const z = new Float64Array(L);
    const fromZ = new Float64Array(L);
    const fromLabel = new Float64Array(L);
    let twoMinima = 0;
    for (let s = 0; s < count; s++) {
      studentPreActivation(nodes, s, q, m, z);
      fromZ.set(z);
      for (let k = 0; k < L; k++) fromLabel[k] = this.labelStartScale * nodes.labelPreActivation[s * L + k];
      const a = this.#newton.solve(z, 0, sigma, nodes.labels, s * this.#T2, fromZ);
      const b = this.#newton.solve(z, 0, sigma, nodes.labels, s * this.#T2, fromLabel);
      let gap = 0;
      let size = 1;
      for (let k = 0; k < L; k++) {
        gap = Math.max(gap, Math.abs(fromZ[k] - fromLabel[k]));
        size = Math.max(size, 1 + Math.abs(fromZ[k]));
      }
      if (a.converged && b.converged && gap > DISTINCT_MINIMA * size) twoMinima++;
    }
    return { twoMinima, nodes: count };
  }

  average(overlaps: ChannelOverlaps): ChannelAverage {
    const { nodes } = this;
    const active = nodes.activeCount;
    const unconverged = this.solveNodes(overlaps, 0, active);
    nodes.warmCount = Math.max(nodes.warmCount, active);
    return assembleAverage({ rule: nodes.rule, active, values: this.#perNode, unconverged });
  }

  /**
   * The proximal map and per-node contributions at nodes from … to − 1 (into the per-node values);
   * returns how many did not converge. Each node depends on its own warm start only, so any split
   * of the nodes over threads gives the same numbers.
   */
  solveNodes({ q, m, sigma, alpha }: ChannelOverlaps, from: number, to: number): number {
    const { nodes } = this;
    const L = this.#L;
    const T2 = this.#T2;
    const h = this.#h;
    const alternative = this.#alternative;
    const z = this.#z;
    const { qHat, mHat, sigmaHat, moreau } = this.#perNode;
    const { rank, basis, variance } = nodes;
    const sqrtV = Math.sqrt(variance);
    const conditional = Math.sqrt(Math.max(0, q - (m * m) / variance));
    const stein = steinWeight(q, m, variance, this.convex, this.hatForms);
    const fromLabel = this.convex || this.branch === 'label';
    let unconverged = 0;
    const predictors = nodes.predictors;
    const packed = (L * (L + 1)) / 2;
    for (let s = from; s < to; s++) {
      const offset = s * L;
      studentPreActivation(nodes, s, q, m, z);
      const warm = s < nodes.warmCount;
      for (let k = 0; k < L; k++)
        h[k] = warm
          ? nodes.warmStarts[offset + k]
          : !this.convex && fromLabel
            ? this.labelStartScale * nodes.labelPreActivation[offset + k]
            : z[k];
      if (warm && predictors !== null && predictors.valid[s] === 1) {
        // the last solution moved to this (z, Σ) to first order: Newton then usually only confirms it
        predictSolution(predictors.factors, s * packed, L, h, predictors.z, offset, predictors.sigma[s], z, sigma, this.#column);
      }
      let { objective, loss, converged } = this.#newton.solve(z, 0, sigma, nodes.labels, s * T2, h);
      if (!fromLabel && !(warm && nodes.singleBasin[s] === 1)) {
        for (let k = 0; k < L; k++) alternative[k] = this.labelStartScale * nodes.labelPreActivation[offset + k];
        const other = this.#newton.solve(z, 0, sigma, nodes.labels, s * T2, alternative);
        let distance = 0;
        for (let k = 0; k < L; k++) distance = Math.max(distance, Math.abs(alternative[k] - h[k]));
        nodes.singleBasin[s] = distance <= 1e-8 * (1 + Math.abs(h[0])) ? 1 : 0;
        if (other.objective < objective) {
          ({ objective, loss, converged } = other);
          h.set(alternative);
        } else {
          // the curvature below must be at h: solve once more from h (one Newton check)
          this.#newton.solve(z, 0, sigma, nodes.labels, s * T2, h);
        }
      }
      if (!converged) unconverged++;
      // element loops: TypedArray.set costs more than the copy for L = 3 … 15
      const warmStarts = nodes.warmStarts;
      for (let k = 0; k < L; k++) warmStarts[offset + k] = h[k];
      if (predictors !== null) {
        predictors.valid[s] = converged && this.#newton.packedFactor(predictors.factors, s * packed) ? 1 : 0;
        const zs = predictors.z;
        for (let k = 0; k < L; k++) zs[offset + k] = z[k];
        predictors.sigma[s] = sigma;
      }

      let square = 0;
      for (let k = 0; k < L; k++) square += (h[k] - z[k]) ** 2;
      qHat[s] = ((2 * alpha) / (sigma * sigma)) * square;
      moreau[s] = square / (2 * sigma) + loss;
      // Stein forms: w = Eᵀ(p − z) on the active directions; node coordinates (a, b).
      let steinM = 0;
      let steinSigma = 0;
      if (stein > 0) {
        const ruleOffset = s * nodes.rule.dims;
        for (let j = 0; j < rank; j++) {
          let wj = 0;
          for (let k = 0; k < L; k++) wj += basis[k * rank + j] * (h[k] - z[k]);
          const a = nodes.rule.nodes[ruleOffset + j];
          const b = nodes.rule.nodes[ruleOffset + rank + j];
          steinM += wj * (a / sqrtV - (m * b) / (variance * conditional));
          steinSigma += wj * b;
        }
        steinM *= (2 * alpha) / sigma;
        steinSigma *= -(2 * alpha) / (sigma * conditional);
      }
      if (stein >= 1) {
        mHat[s] = steinM;
        sigmaHat[s] = steinSigma;
        continue;
      }
      // Derivative forms: A = I + Σ∇²g(p), tr A⁻¹ and tr(A⁻¹ J_Pᵀ J_Y).
      const curvature = this.#newton.curvature();
      for (let i = 0; i < L * L; i++) this.#a[i] = sigma * curvature[i];
      for (let k = 0; k < L; k++) this.#a[k * L + k] += 1;
      if (!choleskyFactor(this.#a, L, this.#factor)) {
        unconverged++; // a flat or saddle point: left out of the averages, and counted
        qHat[s] = Number.NaN;
        continue;
      }
      for (let j = 0; j < L; j++) {
        this.#column.fill(0);
        this.#column[j] = 1;
        choleskySolve(this.#factor, L, this.#column, this.#column);
        for (let i = 0; i < L; i++) this.#inverse[i * L + j] = this.#column[i];
      }
      let inverseTrace = 0;
      for (let k = 0; k < L; k++) inverseTrace += this.#inverse[k * L + k];
      const outputJacobian = this.#newton.outputJacobian();
      const jy = nodes.labelJacobians;
      const jyOffset = s * T2 * L;
      let trace = 0;
      for (let k = 0; k < L; k++) {
        for (let l = 0; l < L; l++) {
          let b = 0;
          for (let e = 0; e < T2; e++) b += outputJacobian[e * L + l] * jy[jyOffset + e * L + k];
          trace += this.#inverse[k * L + l] * b;
        }
      }
      mHat[s] = stein * steinM + (1 - stein) * 4 * alpha * trace;
      sigmaHat[s] = stein * steinSigma + (1 - stein) * ((2 * alpha) / sigma) * (L - inverseTrace);
    }
    return unconverged;
  }
}
