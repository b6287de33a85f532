import type { SweepConfig } from './alpha-sweep-experiment.js';

const quickTheory = { theoryPoints: 12, samples: 8192, alphaMin: 0.03, alphaMax: 3 };
const quickSimulation = { d: 30, seeds: 2, simAlphas: '0.2,1', maxSteps: 3000, tol: 1e-8 };

/** The standard α-sweeps (docs/theory.md §8): Fig. 1 left, Fig. 2 left, the rank curve and the appendix figures. */
export const standardSweeps: readonly SweepConfig[] = [
  {
    id: 'learning-curve',
    title: 'Fig. 1 (left): test error of the factorized ERM against α',
    description: 'state-evolution e_test vs α and Adam at finite d (mean ± std over seeds), κ ∈ {1, 0.75}',
    series: { name: 'kappa', label: 'κ = p/d', values: '1,0.75' },
    metrics: ['testError'],
    quick: { ...quickTheory, ...quickSimulation, series: '1' },
  },
  {
    id: 'factorized-vs-direct',
    title: 'Fig. 2 (left): cross-validated test error, factorized vs direct',
    description: 'state evolution with λ̃ cross-validated at every α for both parameterizations (κ₀ 0.05, Δ 0.05)',
    series: { name: 'param', label: 'parameterization', values: 'factorized,direct' },
    metrics: ['testError'],
    // from α = 0.02, as the authors' SE files: below, the cross-validation gets slow (α = 0.01: 150 s a
    // point, against 3–5 s from α = 0.02 on). Adam as in the paper: d = 100, 8 runs, λ cross-validated
    // (here over a grid of λ̃ that brackets the SE's optimum, 1e-5–0.04, at α ∈ [0.05, 0.5])
    defaults: {
      kappa0: 0.05,
      noise: 0.05,
      cv: true,
      alphaMin: 0.02,
      alphaMax: 0.6,
      theoryPoints: 24,
      simAlphas: '0.05,0.1,0.2,0.4',
    },
    quick: {
      theoryPoints: 5,
      samples: 8192,
      alphaMin: 0.05,
      alphaMax: 0.5,
      ...quickSimulation,
      simAlphas: '0.2',
      seeds: 1,
      cvLambdas: '0.001,0.01',
    },
  },
  {
    id: 'rank',
    title: 'Fig. 1 (bottom right): rank of the learned weights and mass of the upper bulk against α',
    description:
      'predicted rank fraction 1 − F_δ(ε) of Ŝ and the mass of its upper bulk after the spectrum splits, vs α, for κ₀ ∈ {0.2, 0.5, 0.8}',
    series: { name: 'kappa0', label: 'κ₀', values: '0.2,0.5,0.8' },
    metrics: ['rankFraction', 'upperBulkMass'],
    defaults: { simulate: false, alphaMin: 0.03, alphaMax: 40 },
    quick: { ...quickTheory },
  },
  {
    // the paper's Fig. 6: λ ∈ {1e-2, 2e-3, 1e-3, 5e-4, 1e-4, 1e-5} and λ → 0⁺ (theory), GD points at
    // d = 100, α ∈ [0.05, 0.5] on a linear axis, the training loss on a log scale beside
    id: 'interpolation-peak',
    title: 'Fig. 6: the interpolation peak shrinks with λ (test and training error against α)',
    description: 'state-evolution e_test and training loss vs α for λ̃ ∈ {1e-2, …, 1e-5} and λ → 0⁺ (λ̃ = 0), with Adam points',
    series: { name: 'lambdaTilde', label: 'λ̃', values: '0,0.00001,0.0001,0.0005,0.001,0.002,0.01' },
    metrics: ['testError', 'trainLoss'],
    logMetrics: ['trainLoss'],
    linearX: true,
    defaults: { alphaMin: 0.05, alphaMax: 0.5, theoryPoints: 40, simAlphas: '0.05,0.1,0.15,0.2,0.3,0.4,0.5' },
    quick: { ...quickTheory, ...quickSimulation, alphaMin: 0.05, alphaMax: 0.5, seeds: 1, simAlphas: '0.3', series: '0,0.01' },
  },
  {
    id: 'temperature',
    title: 'Appendix: test error against α for several temperatures (β = β₀)',
    description: 'state-evolution e_test vs α for β = β₀ ∈ {0.5, 1, 2}, with Adam points',
    series: { name: 'beta', label: 'β = β₀', values: '0.5,1,2' },
    metrics: ['testError'],
    // β = 2 has several fixed points (docs/theory.md §3.4): the lowest Φ, wherever a curve comes from
    defaults: { branchSearch: 'auto' },
    // the smoke size's 8192 nodes do not resolve β = 2's branches (α ≈ 0.56 ends 'branches-unresolved')
    quick: { ...quickTheory, ...quickSimulation, seeds: 1, series: '0.5,2', branchSearch: 'starts' },
  },
  {
    id: 'tokens',
    title: 'Appendix: test error against α for several sequence lengths',
    description: 'state-evolution e_test vs α for T ∈ {2, 3, 5} at λ̃ = 0.001 (the authors’ runs), with Adam points',
    series: { name: 'T', label: 'T', values: '2,3,5' },
    metrics: ['testError'],
    defaults: { simulate: false, lambdaTilde: 0.001, alphaMin: 0.02, alphaMax: 0.5 },
    quick: { ...quickTheory, theoryPoints: 8, samples: 4096, alphaMin: 0.03, alphaMax: 0.5, series: '2,3' },
  },
  {
    id: 'seq2seq',
    title: 'Appendix: sequence-to-label vs sequence-to-sequence outputs',
    description: 'Adam test error vs α for the seq2lab and seq2seq outputs (the theory covers seq2lab)',
    series: { name: 'output', label: 'output', values: 'seq2lab,seq2seq', choices: ['seq2lab,seq2seq', 'seq2lab', 'seq2seq'] },
    metrics: ['testError'],
    defaults: { seeds: 4 },
    quick: { ...quickTheory, ...quickSimulation, seeds: 1 },
  },
];
