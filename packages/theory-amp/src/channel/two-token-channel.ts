import { activeDirections } from './active-directions.js';
import { assembleAverage, createPerNodeValues, type PerNodeChannelValues } from './assemble-average.js';
import type { ChannelAverage, ChannelOverlaps } from './channel-average.js';
import { type ChannelIntegrator, DISTINCT_MINIMA, type ProximalMinima } from './channel-integrator.js';
import { FlatSymmetric } from './flat-symmetric.js';
import type { GaussianRule } from './gaussian-rule.js';
import { type HatForms, steinWeight } from './hat-estimators.js';
import type { ProximalBranch } from './proximal-branch.js';
import { FINAL_DECREMENT } from './proximal-newton.js';
import { ruleStandardError } from './rule-error.js';
import type { TestErrorEstimate } from './test-error.js';

const SQRT2 = Math.SQRT2;

/**
 * The softmax channel for T = 2 in the two row differences u_a = H_a1 − H_a2 (the generic
 * implementation on the same nodes gives the same numbers to round-off; see the tests). With
 * A = [a₁ a₂], a₁ = (√2, −1, 0), a₂ = (0, 1, −√2) in flat coordinates, u = Aᵀh; the shift-invariant
 * direction drops out, ‖h − z‖² = (u − u_z)ᵀK(u − u_z) with K = (AᵀA)⁻¹ = ⅛[[3, 1], [1, 3]], and
 * g = Σ_a 2(s_a − Y_a1)², s_a = σ(βu_a), is separable. Per node the proximal is a 2-D Newton problem
 * and, with D = diag(g_a″(p)) and M = K + ΣD:
 *   tr(I − A⁻¹) = tr(M⁻¹ΣD),   tr(A⁻¹J_PᵀJ_Y) = tr(M⁻¹ diag(2d_a d_aʸ)),   d = β s(1 − s), dʸ = β₀Y(1 − Y);
 * the hats blend these with the Stein forms as hat-estimators.ts says.
 */
export class TwoTokenChannel implements ChannelIntegrator {
  readonly #count: number;
  /** C·a and C·b per node (count × 2 each), C = AᵀE: u_y = √V·Ca, u_z = (m/√V)Ca + √(q − m²/V)Cb */
  readonly #ca: Float64Array;
  readonly #cb: Float64Array;
  readonly #uy: Float64Array;
  /** Y₁₁, Y₂₁ per node, and the label slopes β₀Y(1 − Y) */
  readonly #y: Float64Array;
  readonly #dy: Float64Array;
  readonly #warm: Float64Array;
  /**
   * per node, for the predictor: the (z₁, z₂), Σ and loss curvatures (g₁″, g₂″) of its last solution
   * (count × 5), and whether the proximal Hessian there was positive definite
   */
  readonly #last: Float64Array;
  readonly #lastValid: Uint8Array;
  readonly #singleBasin: Uint8Array;
  readonly #values: PerNodeChannelValues;
  readonly #testValues: Float64Array;
  readonly #sqrtV: number;
  /** C⁻¹ (2 × 2, row-major): Eᵀ(p − z) = C⁻¹(u_p − u_z) for the Stein forms */
  readonly #cInverse: [number, number, number, number];
  #warmCount = 0;
  #active: number;

  constructor(
    readonly rule: GaussianRule,
    readonly q0: number,
    readonly noise: number,
    readonly beta: number,
    readonly beta0: number,
    readonly branch: ProximalBranch = 'label',
    readonly hatForms: HatForms = 'auto',
  ) {
    if (rule.dims !== 4) throw new RangeError(`TwoTokenChannel needs a 4-dimensional rule, got ${rule.dims}`);
    const count = rule.count;
    this.#count = count;
    this.#active = count;
    const { basis } = activeDirections(new FlatSymmetric(2), true); // E: 3 × 2
    // C = AᵀE (2 × 2)
    const a1 = [SQRT2, -1, 0];
    const a2 = [0, 1, -SQRT2];
    const C = [0, 0, 0, 0];
    for (let j = 0; j < 2; j++) {
      for (let k = 0; k < 3; k++) {
        C[j] += a1[k] * basis[k * 2 + j];
        C[2 + j] += a2[k] * basis[k * 2 + j];
      }
    }
    this.#sqrtV = Math.sqrt(q0 + noise / 2);
    const detC = C[0] * C[3] - C[1] * C[2];
    this.#cInverse = [C[3] / detC, -C[1] / detC, -C[2] / detC, C[0] / detC];

    this.#ca = new Float64Array(2 * count);
    this.#cb = new Float64Array(2 * count);
    this.#uy = new Float64Array(2 * count);
    this.#y = new Float64Array(2 * count);
    this.#dy = new Float64Array(2 * count);
    for (let s = 0; s < count; s++) {
      const n = rule.nodes;
      const [a0, a1n, b0, b1] = [n[s * 4], n[s * 4 + 1], n[s * 4 + 2], n[s * 4 + 3]];
      for (let r = 0; r < 2; r++) {
        this.#ca[s * 2 + r] = C[r * 2] * a0 + C[r * 2 + 1] * a1n;
        this.#cb[s * 2 + r] = C[r * 2] * b0 + C[r * 2 + 1] * b1;
        const u = this.#sqrtV * this.#ca[s * 2 + r];
        this.#uy[s * 2 + r] = u;
        const y = logistic(beta0 * u);
        this.#y[s * 2 + r] = y;
        this.#dy[s * 2 + r] = beta0 * y * (1 - y);
      }
    }
    this.#warm = new Float64Array(2 * count);
    this.#last = new Float64Array(5 * count);
    this.#lastValid = new Uint8Array(count);
    this.#singleBasin = new Uint8Array(count);
    this.#values = createPerNodeValues(count);
    this.#testValues = new Float64Array(count);
  }

  resetWarmStarts(): void {
    this.#warmCount = 0;
  }

  proximalMinima({ q, m, sigma }: { q: number; m: number; sigma: number }, maxNodes: number): ProximalMinima {
    const nodes = Math.min(this.#active, maxNodes);
    const zScale = m / this.#sqrtV;
    const bScale = Math.sqrt(Math.max(0, q - (m * m) / (this.#sqrtV * this.#sqrtV)));
    const labelScale = this.beta0 / this.beta;
    const fromZ = new Float64Array(2);
    const fromLabel = new Float64Array(2);
    let twoMinima = 0;
    for (let s = 0; s < nodes; s++) {
      const i = s * 2;
      const z1 = zScale * this.#ca[i] + bScale * this.#cb[i];
      const z2 = zScale * this.#ca[i + 1] + bScale * this.#cb[i + 1];
      fromZ[0] = z1;
      fromZ[1] = z2;
      fromLabel[0] = labelScale * this.#uy[i];
      fromLabel[1] = labelScale * this.#uy[i + 1];
      const a = this.#prox(z1, z2, this.#y[i], this.#y[i + 1], sigma, fromZ);
      const b = this.#prox(z1, z2, this.#y[i], this.#y[i + 1], sigma, fromLabel);
      const gap = Math.abs(fromZ[0] - fromLabel[0]) + Math.abs(fromZ[1] - fromLabel[1]);
      if (Number.isFinite(a) && Number.isFinite(b) && gap > DISTINCT_MINIMA * (1 + Math.abs(fromZ[0]) + Math.abs(fromZ[1])))
        twoMinima++;
    }
    return { twoMinima, nodes };
  }

  useReplicates(replicates: number): void {
    const perReplicate = this.rule.count / this.rule.replicates;
    this.#active = this.rule.kind === 'quasi-monte-carlo' ? Math.min(this.#count, replicates * perReplicate) : this.#count;
  }

  average({ q, m, sigma, alpha }: ChannelOverlaps): ChannelAverage {
    const active = this.#active;
    const zScale = m / this.#sqrtV;
    const bScale = Math.sqrt(Math.max(0, q - (m * m) / (this.#sqrtV * this.#sqrtV)));
    const labelScale = this.beta0 / this.beta;
    const { qHat, mHat, sigmaHat, moreau } = this.#values;
    const V = this.#sqrtV * this.#sqrtV;
    const stein = steinWeight(q, m, V, false, this.hatForms);
    const [c11, c12, c21, c22] = this.#cInverse;
    const nodes = this.rule.nodes;
    const solution = new Float64Array(2);
    const alternative = new Float64Array(2);
    let unconverged = 0;
    for (let s = 0; s < active; s++) {
      const i = s * 2;
      const z1 = zScale * this.#ca[i] + bScale * this.#cb[i];
      const z2 = zScale * this.#ca[i + 1] + bScale * this.#cb[i + 1];
      const y1 = this.#y[i];
      const y2 = this.#y[i + 1];
      const warm = s < this.#warmCount;
      const fromLabel = this.branch === 'label';
      solution[0] = warm ? this.#warm[i] : fromLabel ? labelScale * this.#uy[i] : z1;
      solution[1] = warm ? this.#warm[i + 1] : fromLabel ? labelScale * this.#uy[i + 1] : z2;
      if (warm && this.#lastValid[s] === 1) this.#predict(s, z1, z2, sigma, solution);
      let result = this.#prox(z1, z2, y1, y2, sigma, solution);
      if (!fromLabel && !(warm && this.#singleBasin[s] === 1)) {
        alternative[0] = labelScale * this.#uy[i];
        alternative[1] = labelScale * this.#uy[i + 1];
        const objective = result;
        const other = this.#prox(z1, z2, y1, y2, sigma, alternative);
        this.#singleBasin[s] =
          Math.abs(alternative[0] - solution[0]) + Math.abs(alternative[1] - solution[1]) <= 1e-8 * (1 + Math.abs(solution[0]))
            ? 1
            : 0;
        if (other < objective) {
          solution[0] = alternative[0];
          solution[1] = alternative[1];
          result = other;
        }
      }
      if (Number.isNaN(result)) unconverged++;
      this.#warm[i] = solution[0];
      this.#warm[i + 1] = solution[1];
      const u1 = solution[0];
      const u2 = solution[1];
      const e1 = u1 - z1;
      const e2 = u2 - z2;
      const square = (3 * e1 * e1 + 2 * e1 * e2 + 3 * e2 * e2) / 8;
      const s1 = logistic(this.beta * u1);
      const s2 = logistic(this.beta * u2);
      const d1 = this.beta * s1 * (1 - s1);
      const d2 = this.beta * s2 * (1 - s2);
      const g1 = 4 * d1 * d1 + 4 * (s1 - y1) * this.beta * d1 * (1 - 2 * s1);
      const g2 = 4 * d2 * d2 + 4 * (s2 - y2) * this.beta * d2 * (1 - 2 * s2);
      // M = K + ΣD, K = ⅛[[3, 1], [1, 3]]
      const m11 = 3 / 8 + sigma * g1;
      const m22 = 3 / 8 + sigma * g2;
      const m12 = 1 / 8;
      const det = m11 * m22 - m12 * m12;
      const last = s * 5;
      this.#last[last] = z1;
      this.#last[last + 1] = z2;
      this.#last[last + 2] = sigma;
      this.#last[last + 3] = g1;
      this.#last[last + 4] = g2;
      this.#lastValid[s] = det > 0 && m11 > 0 && !Number.isNaN(result) ? 1 : 0;
      if (!(det > 0 && m11 > 0) && stein < 1) {
        unconverged++; // a flat or saddle point where the derivative form is needed: left out, and counted
        qHat[s] = Number.NaN;
        continue;
      }
      // Derivative forms: with M⁻¹ = [[m22, −m12], [−m12, m11]]/det,
      // tr(I − A⁻¹) = 2 − tr(M⁻¹K) and tr(A⁻¹J_PᵀJ_Y) = tr(M⁻¹ diag(2d_a d_aʸ)).
      const derivativeM = stein < 1 ? (4 * alpha * (m22 * 2 * d1 * this.#dy[i] + m11 * 2 * d2 * this.#dy[i + 1])) / det : 0;
      const derivativeSigma =
        stein < 1 ? ((2 * alpha) / sigma) * (2 - (m22 * (3 / 8) - 2 * m12 * (1 / 8) + m11 * (3 / 8)) / det) : 0;
      // Stein forms: Eᵀ(p − z) = C⁻¹(u_p − u_z); node coordinates (a₁, a₂, b₁, b₂).
      const w1 = c11 * e1 + c12 * e2;
      const w2 = c21 * e1 + c22 * e2;
      const o = s * 4;
      const steinM =
        ((2 * alpha) / sigma) *
        (w1 * (nodes[o] / this.#sqrtV - (m * nodes[o + 2]) / (V * bScale)) +
          w2 * (nodes[o + 1] / this.#sqrtV - (m * nodes[o + 3]) / (V * bScale)));
      const steinSigma = (-(2 * alpha) / (sigma * bScale)) * (w1 * nodes[o + 2] + w2 * nodes[o + 3]);
      qHat[s] = ((2 * alpha) / (sigma * sigma)) * square;
      // (the Stein terms are 0/0 at q = 0, e.g. GAMP's start Ŝ = 0, where their weight is 0)
      mHat[s] = (stein > 0 ? stein * steinM : 0) + (1 - stein) * derivativeM;
      sigmaHat[s] = (stein > 0 ? stein * steinSigma : 0) + (1 - stein) * derivativeSigma;
      moreau[s] = square / (2 * sigma) + 2 * (s1 - y1) ** 2 + 2 * (s2 - y2) ** 2;
    }
    this.#warmCount = Math.max(this.#warmCount, active);
    return assembleAverage({ rule: this.rule, active, values: this.#values, unconverged });
  }

  testError(q: number, m: number): TestErrorEstimate {
    const zScale = m / this.#sqrtV;
    const bScale = Math.sqrt(Math.max(0, q - (m * m) / (this.#sqrtV * this.#sqrtV)));
    let sum = 0;
    for (let s = 0; s < this.#count; s++) {
      const i = s * 2;
      const s1 = logistic(this.beta * (zScale * this.#ca[i] + bScale * this.#cb[i]));
      const s2 = logistic(this.beta * (zScale * this.#ca[i + 1] + bScale * this.#cb[i + 1]));
      const e = 2 * (s1 - this.#y[i]) ** 2 + 2 * (s2 - this.#y[i + 1]) ** 2;
      this.#testValues[s] = e;
      sum += this.rule.weights[s] * e;
    }
    return { value: sum, standardError: ruleStandardError(this.rule, this.#testValues) };
  }

  /**
   * Node s's last solution u (in place) moved to first order to the new (z, Σ): from the stationarity
   * K(u − z)/Σ + ∇g(u) = 0, du = M⁻¹K[dz + (dΣ/Σ)(u − z)] with M = K + Σ diag(g″) at the last
   * solution (docs/theory.md §6.2, as the generic channel's predictor). Local moves only (Σ within
   * 25 %, |du| ≤ ¼(1 + |u|)), so that a non-convex node stays in its basin; Newton then usually only
   * confirms the point.
   */
  #predict(s: number, z1: number, z2: number, sigma: number, u: Float64Array): void {
    const last = s * 5;
    const sigmaOld = this.#last[last + 2];
    const ratio = (sigma - sigmaOld) / sigmaOld;
    if (!(Math.abs(ratio) <= 0.25)) return;
    const r1 = z1 - this.#last[last] + ratio * (u[0] - this.#last[last]);
    const r2 = z2 - this.#last[last + 1] + ratio * (u[1] - this.#last[last + 1]);
    // K r, K = ⅛[[3, 1], [1, 3]]
    const kr1 = (3 * r1 + r2) / 8;
    const kr2 = (r1 + 3 * r2) / 8;
    const m11 = 3 / 8 + sigmaOld * this.#last[last + 3];
    const m22 = 3 / 8 + sigmaOld * this.#last[last + 4];
    const m12 = 1 / 8;
    const det = m11 * m22 - m12 * m12;
    const du1 = (m22 * kr1 - m12 * kr2) / det;
    const du2 = (m11 * kr2 - m12 * kr1) / det;
    const limit = 0.25 * (1 + Math.max(Math.abs(u[0]), Math.abs(u[1])));
    if (!(Math.max(Math.abs(du1), Math.abs(du2)) <= limit)) return;
    u[0] += du1;
    u[1] += du2;
  }

  /**
   * Newton on F(u) = (u − z)ᵀK(u − z)/(2Σ) + Σ_a 2(σ(βu_a) − y_a)² from `u` (overwritten), with a
   * Levenberg shift when ∇²F is not positive definite and Armijo backtracking. Returns F(p), or NaN
   * when it did not converge.
   */
  #prox(z1: number, z2: number, y1: number, y2: number, sigma: number, u: Float64Array): number {
    const beta = this.beta;
    const inverse = 1 / sigma;
    const k11 = (3 / 8) * inverse;
    const k12 = (1 / 8) * inverse;
    let u1 = u[0];
    let u2 = u[1];
    let value = this.#objective(u1, u2, z1, z2, y1, y2, k11, k12);
    for (let iteration = 0; iteration < 100; iteration++) {
      const s1 = logistic(beta * u1);
      const s2 = logistic(beta * u2);
      const d1 = beta * s1 * (1 - s1);
      const d2 = beta * s2 * (1 - s2);
      const e1 = u1 - z1;
      const e2 = u2 - z2;
      const grad1 = k11 * e1 + k12 * e2 + 4 * (s1 - y1) * d1;
      const grad2 = k12 * e1 + k11 * e2 + 4 * (s2 - y2) * d2;
      if (Math.max(Math.abs(grad1), Math.abs(grad2)) <= 1e-12 * (inverse * (1 + Math.abs(u1) + Math.abs(u2)) + 1)) {
        u[0] = u1;
        u[1] = u2;
        return value;
      }
      let h11 = k11 + 4 * d1 * d1 + 4 * (s1 - y1) * beta * d1 * (1 - 2 * s1);
      let h22 = k11 + 4 * d2 * d2 + 4 * (s2 - y2) * beta * d2 * (1 - 2 * s2);
      let det = h11 * h22 - k12 * k12;
      let shift = 0;
      while (!(det > 0 && h11 > 0)) {
        shift = shift === 0 ? 1e-6 * inverse + 1e-12 : shift * 4;
        h11 += shift;
        h22 += shift;
        det = h11 * h22 - k12 * k12;
      }
      const step1 = -(h22 * grad1 - k12 * grad2) / det;
      const step2 = -(h11 * grad2 - k12 * grad1) / det;
      const slope = grad1 * step1 + grad2 * step2;
      // the generic channel's rule (proximal-newton.ts): an unshifted Newton step whose decrement
      // −slope is below FINAL_DECREMENT·(1 + |F|) lands on the minimiser to O(δ²); it is taken and
      // F returned by its quadratic model, without evaluating there
      if (shift === 0 && -slope <= FINAL_DECREMENT * (1 + Math.abs(value))) {
        u[0] = u1 + step1;
        u[1] = u2 + step2;
        return value + 0.5 * slope;
      }
      let t = 1;
      let candidate = this.#objective(u1 + step1, u2 + step2, z1, z2, y1, y2, k11, k12);
      while (!(candidate <= value + 1e-4 * t * slope) && t > 1e-12) {
        t *= 0.5;
        candidate = this.#objective(u1 + t * step1, u2 + t * step2, z1, z2, y1, y2, k11, k12);
      }
      const moved = t * Math.max(Math.abs(step1), Math.abs(step2));
      if (!(candidate <= value) || moved <= 1e-15 * (1 + Math.abs(u1) + Math.abs(u2))) {
        u[0] = u1;
        u[1] = u2;
        return value; // no representable decrease: a minimiser to round-off
      }
      u1 += t * step1;
      u2 += t * step2;
      value = candidate;
    }
    u[0] = u1;
    u[1] = u2;
    return Number.NaN;
  }

  /** F(v) = (v − z)ᵀK(v − z)/(2Σ) + Σ_a 2(σ(βv_a) − y_a)², with K/Σ = [[k11, k12], [k12, k11]]. */
  #objective(v1: number, v2: number, z1: number, z2: number, y1: number, y2: number, k11: number, k12: number): number {
    const e1 = v1 - z1;
    const e2 = v2 - z2;
    const t1 = logistic(this.beta * v1) - y1;
    const t2 = logistic(this.beta * v2) - y2;
    return 0.5 * (k11 * e1 * e1 + 2 * k12 * e1 * e2 + k11 * e2 * e2) + 2 * t1 * t1 + 2 * t2 * t2;
  }
}

function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
