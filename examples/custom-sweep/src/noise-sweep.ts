import { type Container, createContainer } from '@attention-hd/core';
import { AlphaSweepExperiment } from '@attention-hd/experiments';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { theoryAmpModule } from '@attention-hd/theory-amp';
import { trainerGpuModule } from '@attention-hd/trainer-gpu';

/**
 * A sweep the CLI does not ship: the learning curve for three label-noise levels Δ, theory and
 * Adam, built from the standard plugins (no CLI) in a few lines. Any α-sweep is a `SweepConfig`: which
 * parameter changes between curves, which metrics to draw, defaults and a quick preset.
 */
export function noiseSweep(
  container: Container = createContainer([targetsModule, spectraModule, theoryAmpModule, trainerGpuModule]),
): AlphaSweepExperiment {
  return new AlphaSweepExperiment(
    {
      id: 'noise-sweep',
      title: 'Test error against α for several label-noise levels Δ',
      description: 'state-evolution e_test vs α for Δ ∈ {0, 0.25, 0.5}, with Adam at d = 40',
      series: { name: 'noise', label: 'Δ', values: '0,0.25,0.5' },
      metrics: ['testError', 'trainLoss'],
      defaults: { alphaMin: 0.03, alphaMax: 3, theoryPoints: 16, samples: 16384, d: 40, seeds: 2, simAlphas: '0.3,1' },
      quick: { theoryPoints: 8, samples: 8192, d: 24, seeds: 1, simAlphas: '0.5', maxSteps: 2000, tol: 1e-8 },
    },
    container,
  );
}
