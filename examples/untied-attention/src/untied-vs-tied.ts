import type { SweepConfig } from '@attention-hd/experiments';

/**
 * Tied (S = WWᵀ/√(pd)) against untied (S = W_Q W_Kᵀ/√(pd)) attention: Adam's test error against α
 * at finite d, both at the same λ̃ (the same nuclear-norm strength), with the tied state evolution
 * as the reference curve. No solver predicts the untied model, so the sweep draws its Adam points
 * only (and says so in summary.json).
 */
export const untiedVsTied: SweepConfig = {
  id: 'untied-vs-tied',
  title: 'Tied vs untied query–key attention: test error against α at finite d',
  description: 'Adam at finite d for S = WWᵀ (tied) and S = W_Q W_Kᵀ (untied) at the same λ̃, with the tied SE curve',
  series: { name: 'param', label: 'parameterization', values: 'factorized,untied' },
  metrics: ['testError', 'trainLoss'],
  defaults: { d: 50, seeds: 4, simAlphas: '0.05,0.1,0.2,0.4,0.8', alphaMin: 0.03, alphaMax: 1.2, theoryPoints: 24 },
  quick: {
    d: 20,
    seeds: 2,
    simAlphas: '0.1,0.6',
    maxSteps: 3000,
    tol: 1e-8,
    theoryPoints: 8,
    samples: 8192,
    alphaMin: 0.05,
    alphaMax: 1,
  },
};
