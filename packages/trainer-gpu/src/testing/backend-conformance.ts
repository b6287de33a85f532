import {
  type AttentionKernels,
  type ComputeBackend,
  type DataObjective,
  type ModelShape,
  type Parameterization,
  Rng,
  type TrainingData,
} from '@attention-hd/core';
import {
  DirectParameterization,
  FactorizedParameterization,
  generateDataset,
  MarchenkoPasturTarget,
} from '@attention-hd/targets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypeScriptObjective } from '../backends/typescript/typescript-objective.js';
import { Adam } from '../training/adam.js';
import { referenceDataLoss } from './reference-loss.js';

export interface BackendConformanceOptions {
  /** samples of the test problem (default 2100: enough for the TypeScript backend to use 2 threads) */
  readonly n?: number;
  /** Adam steps compared with the float64 reference trajectory (default 30) */
  readonly steps?: number;
  /**
   * the problems to check (default `standardConformanceCases`): a new parameterization passes its
   * own here to check its ScoreForm on every backend
   */
  readonly cases?: readonly ConformanceCase[];
}

export interface ConformanceCase {
  readonly name: string;
  readonly parameterization: Parameterization;
  readonly kappa: number;
  readonly output: 'seq2lab' | 'seq2seq';
  readonly T: number;
}

const d = 12;

/** Both built-in parameterizations, both output kinds, T = 2 and 3, κ = 1, 1/2 and 1/4. */
export const standardConformanceCases: readonly ConformanceCase[] = [
  {
    name: 'factorized κ=0.5, seq2lab, T=3',
    parameterization: new FactorizedParameterization(),
    kappa: 0.5,
    output: 'seq2lab',
    T: 3,
  },
  // κ < 1/2: where a backend takes the panel form of the gradient (ScoreForm.panelGradient)
  {
    name: 'factorized κ=0.25, seq2lab, T=2',
    parameterization: new FactorizedParameterization(),
    kappa: 0.25,
    output: 'seq2lab',
    T: 2,
  },
  { name: 'direct, seq2lab, T=2', parameterization: new DirectParameterization(), kappa: 1, output: 'seq2lab', T: 2 },
  { name: 'factorized κ=1, seq2seq, T=2', parameterization: new FactorizedParameterization(), kappa: 1, output: 'seq2seq', T: 2 },
];

/**
 * The checks every ComputeBackend must pass (run it from your backend's tests): against the
 * plain float64 loss of testing/reference-loss.ts (through the parameterization's own
 * `preActivations`, independent of its ScoreForm), on small problems of both parameterizations and
 * both output kinds, or on `options.cases` —
 * - the data loss to 1e-12 relative (float64 backends) or 1e-4 (float32: unit round-off 6e-8 times
 *   √(terms) ≈ 200 for ~5·10⁴ summed squares, times the cancellation in ŷ − y; measured 1.8e-5);
 * - the gradient against central finite differences of the reference loss (h = 1e-5: truncation
 *   ~1e-10, round-off ~1e-10 relative) to 1e-6 relative (float64) or 1e-4 (float32);
 * - mini-batches: the two halves' losses and gradients add up to the full ones (1e-12 / 1e-4);
 * - 30 Adam steps (lr 0.01) stay on the float64 single-thread trajectory: max |Δθ| ≤ 1e-3 · max |θ|;
 * - no device memory grows over 100 evaluations, and dispose() returns it (when memory() exists);
 * - sample forms (when offered, for GAMP): X_μ S X_μᵀ and Σ_μ X_μᵀ G_μ X_μ on a block of samples
 *   against float64 sums.
 * An unavailable backend is skipped, with the probe's reason in the test name.
 */
export function describeBackendConformance(backend: ComputeBackend, options: BackendConformanceOptions = {}): void {
  const n = options.n ?? 2100;
  const steps = options.steps ?? 30;
  const cases = options.cases ?? standardConformanceCases;
  let kernels: AttentionKernels | null = null;
  let reason = '';

  describe(`ComputeBackend conformance: ${backend.id}`, () => {
    beforeAll(async () => {
      const availability = await backend.probe();
      reason = availability.reason;
      if (availability.available) kernels = await backend.load();
    }, 120_000);

    it('declares an id, a priority and a description', () => {
      expect(backend.id).toMatch(/^[a-z0-9-]+$/);
      expect(Number.isFinite(backend.priority)).toBe(true);
      expect(backend.description.length).toBeGreaterThan(0);
    });

    for (const c of cases) {
      describe(c.name, () => {
        let problem: Problem | null = null;
        let objective: DataObjective | null = null;
        beforeAll(async () => {
          if (kernels === null) return;
          problem = makeProblem(c, n, kernels);
          objective = await kernels.createObjective(problem.data, c.parameterization.scoreForm(problem.shape));
        });
        afterAll(() => objective?.dispose());

        it('data loss equals the float64 reference', async (ctx) => {
          if (kernels === null || problem === null || objective === null) return ctx.skip(`unavailable: ${reason}`);
          const expected = referenceDataLoss(problem.hostData, c.parameterization, problem.shape, problem.theta);
          const tolerance = kernels.precision === 'float64' ? 1e-12 : 1e-4;
          expect(relative(await objective.evaluate(problem.theta, null), expected)).toBeLessThan(tolerance);
        });

        it('gradient equals central differences of the reference loss', async (ctx) => {
          if (kernels === null || problem === null || objective === null) return ctx.skip(`unavailable: ${reason}`);
          const gradient = new Float64Array(problem.theta.length);
          await objective.evaluate(problem.theta, gradient);
          const h = 1e-5;
          const rng = Rng.fromSeed(7, 'coordinates');
          let scale = 0;
          for (const g of gradient) scale = Math.max(scale, Math.abs(g));
          const tolerance = kernels.precision === 'float64' ? 1e-6 : 1e-4;
          for (let k = 0; k < 6; k++) {
            const i = Math.floor(rng.uniform() * problem.theta.length);
            const plus = Float64Array.from(problem.theta);
            const minus = Float64Array.from(problem.theta);
            plus[i] += h;
            minus[i] -= h;
            const fd =
              (referenceDataLoss(problem.hostData, c.parameterization, problem.shape, plus) -
                referenceDataLoss(problem.hostData, c.parameterization, problem.shape, minus)) /
              (2 * h);
            expect(Math.abs(gradient[i] - fd) / scale).toBeLessThan(tolerance);
          }
        });

        it('mini-batch halves add up to the full batch', async (ctx) => {
          if (kernels === null || problem === null || objective === null) return ctx.skip(`unavailable: ${reason}`);
          const size = problem.theta.length;
          const full = new Float64Array(size);
          const first = new Float64Array(size);
          const second = new Float64Array(size);
          const half = Math.floor(n / 2);
          const loss = await objective.evaluate(problem.theta, full);
          const parts =
            (await objective.evaluate(problem.theta, first, { first: 0, count: half })) +
            (await objective.evaluate(problem.theta, second, { first: half, count: n - half }));
          const tolerance = kernels.precision === 'float64' ? 1e-12 : 1e-4;
          expect(relative(parts, loss)).toBeLessThan(tolerance);
          let scale = 0;
          let worst = 0;
          for (let i = 0; i < size; i++) {
            scale = Math.max(scale, Math.abs(full[i]));
            worst = Math.max(worst, Math.abs(first[i] + second[i] - full[i]));
          }
          expect(worst / scale).toBeLessThan(tolerance);
        });

        it(`${steps} Adam steps follow the float64 reference trajectory`, async (ctx) => {
          if (kernels === null || problem === null || objective === null) return ctx.skip(`unavailable: ${reason}`);
          const reference = new TypeScriptObjective(problem.hostData, c.parameterization.scoreForm(problem.shape), 1);
          const ours = await adamTrajectory(objective, problem.theta, steps);
          const theirs = await adamTrajectory(reference, problem.theta, steps);
          reference.dispose();
          let scale = 0;
          let worst = 0;
          for (let i = 0; i < ours.length; i++) {
            scale = Math.max(scale, Math.abs(theirs[i]));
            worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
          }
          expect(worst / scale).toBeLessThan(kernels.precision === 'float64' ? 1e-10 : 1e-3);
        });

        it('holds no more device memory after 100 evaluations', async (ctx) => {
          if (kernels === null || problem === null || objective === null) return ctx.skip(`unavailable: ${reason}`);
          if (kernels.memory === undefined) return ctx.skip('backend does not track device memory');
          const gradient = new Float64Array(problem.theta.length);
          await objective.evaluate(problem.theta, gradient);
          const before = kernels.memory();
          for (let k = 0; k < 100; k++)
            await objective.evaluate(problem.theta, gradient, k % 2 === 0 ? undefined : { first: 0, count: 100 });
          const after = kernels.memory();
          expect(after.tensors).toBe(before.tensors);
          expect(after.bytes).toBe(before.bytes);
        });
      });
    }

    it('sample forms (optional) equal float64 sums on a block of samples', async (ctx) => {
      if (kernels === null) return ctx.skip(`unavailable: ${reason}`);
      if (kernels.createSampleForms === undefined) return ctx.skip('backend offers no sample forms');
      const [samples, T, width, first, count] = [151, 3, 17, 40, 97];
      const rng = Rng.fromSeed(7, 'sample-forms');
      const X = rng.fillNormal(new Float64Array(samples * T * width));
      const S = rng.fillNormal(new Float64Array(width * width));
      const G = rng.fillNormal(new Float64Array(count * T * T));
      const forms = await kernels.createSampleForms(X, samples, T, width);
      try {
        const H = Float64Array.from(await forms.forms(S, first, count));
        const M = Float64Array.from(await forms.adjointForms(G, first, count));
        // float32: unit round-off 6e-8 on inputs and sums of O(1) terms; 1e-5 of the entries'
        // scale (√(number of terms)) leaves a wide margin; float64: 1e-12
        const tolerance = forms.precision === 'float32' ? 1e-5 : 1e-12;
        const x = (mu: number, a: number, k: number) => X[(mu * T + a) * width + k];
        for (let s = 0; s < count; s++) {
          for (let a = 0; a < T; a++) {
            for (let b = 0; b < T; b++) {
              let expected = 0;
              for (let k = 0; k < width; k++)
                for (let l = 0; l < width; l++) expected += x(first + s, a, k) * S[k * width + l] * x(first + s, b, l);
              expect(Math.abs(H[(s * T + a) * T + b] - expected)).toBeLessThan(tolerance * width * 4);
            }
          }
        }
        for (let i = 0; i < width; i++) {
          for (let j = 0; j < width; j++) {
            let expected = 0;
            for (let s = 0; s < count; s++)
              for (let a = 0; a < T; a++)
                for (let b = 0; b < T; b++) expected += x(first + s, a, i) * G[(s * T + a) * T + b] * x(first + s, b, j);
            expect(Math.abs(M[i * width + j] - expected)).toBeLessThan(tolerance * Math.sqrt(count * T * T) * 4);
          }
        }
      } finally {
        forms.dispose();
      }
    });

    it('dispose() frees the training set', async (ctx) => {
      if (kernels === null) return ctx.skip(`unavailable: ${reason}`);
      if (kernels.memory === undefined) return ctx.skip('backend does not track device memory');
      const before = kernels.memory();
      const problem = makeProblem(cases[0], 500, kernels);
      const objective = await kernels.createObjective(problem.data, cases[0].parameterization.scoreForm(problem.shape));
      await objective.evaluate(problem.theta, new Float64Array(problem.theta.length));
      expect(kernels.memory().bytes).toBeGreaterThan(before.bytes);
      objective.dispose();
      expect(kernels.memory()).toEqual(before);
    });
  });
}

interface Problem {
  readonly data: TrainingData;
  /** the same data in float64 ordinary arrays, for the reference */
  readonly hostData: TrainingData;
  readonly shape: ModelShape;
  readonly theta: Float64Array;
}

function makeProblem(c: ConformanceCase, n: number, kernels: AttentionKernels): Problem {
  const target = new MarchenkoPasturTarget().create({ kappa0: 0.5 }).sample(d, Rng.fromSeed(1, 'teacher'));
  const request = { target, n, T: c.T, noise: 0.1, beta0: 1, output: c.output } as const;
  const train = generateDataset({
    ...request,
    rng: Rng.fromSeed(2, 'train'),
    precision: kernels.precision,
    allocate: kernels.allocate?.bind(kernels),
  });
  const data: TrainingData = { ...train, beta: 1 };
  const hostData: TrainingData = { ...data, X: Float64Array.from(train.X), Y: Float64Array.from(train.Y) };
  const shape = c.parameterization.shape(d, c.kappa);
  const theta = c.parameterization.initialParameters(shape, Rng.fromSeed(3, 'init'), 1);
  return { data, hostData, shape, theta };
}

async function adamTrajectory(objective: DataObjective, start: Float64Array, steps: number): Promise<Float64Array> {
  const theta = Float64Array.from(start);
  const gradient = new Float64Array(theta.length);
  const adam = new Adam(theta.length, { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  for (let t = 0; t < steps; t++) {
    await objective.evaluate(theta, gradient);
    adam.step(theta, gradient);
  }
  return theta;
}

function relative(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}
