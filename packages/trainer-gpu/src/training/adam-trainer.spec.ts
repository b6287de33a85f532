import { createContainer, ParameterError, TargetRegistry, TrainerRegistry, type TrainingRequest } from '@attention-hd/core';
import { targetsModule } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { trainerGpuModule } from '../trainer-gpu-module.js';
import { defaultAdamSettings } from './adam.js';

const container = createContainer([targetsModule, trainerGpuModule]);
const target = container.get(TargetRegistry).get('mp').create({ kappa0: 0.5 });
const adam = container.get(TrainerRegistry).get('adam');

const base: TrainingRequest = {
  parameterization: 'factorized',
  target,
  d: 10,
  kappa: 1,
  alpha: 2,
  lambda: 0.01,
  noise: 0.1,
  T: 2,
  beta: 1,
  beta0: 1,
  output: 'seq2lab',
  adam: defaultAdamSettings,
  tolerance: 0,
  minSteps: 0,
  maxSteps: 40,
  initScale: 1,
  testSamples: 200,
  seeds: { data: 1, teacher: 2, init: 3 },
};
const typescript = { backend: 'typescript' };

describe('AdamTrainer', () => {
  it('gives the same numbers for the same seeds, with worker threads (n = 2500 ≥ 2 × 1024)', async () => {
    const request = { ...base, alpha: 25 };
    const a = await adam.train(request, typescript);
    const b = await adam.train(request, typescript);
    expect(a.theta).toEqual(b.theta);
    expect(a.testError).toBe(b.testError);
    const other = await adam.train({ ...request, seeds: { ...request.seeds, init: 4 } }, typescript);
    expect(other.testError).not.toBe(a.testError);
  });

  it('lowers the training loss below its starting value, for both parameterizations', async () => {
    for (const parameterization of ['factorized', 'direct']) {
      const start = await adam.train({ ...base, parameterization, maxSteps: 1 }, typescript);
      const end = await adam.train({ ...base, parameterization, maxSteps: 60 }, typescript);
      expect(end.trainLoss).toBeLessThan(0.5 * start.trainLoss);
      expect(end.backend).toBe('typescript');
      expect(end.precision).toBe('float64');
    }
  });

  it('runs mini-batches (a pass = ⌈n/batch⌉ steps) and reaches a loss comparable to full batch', async () => {
    const full = await adam.train({ ...base, parameterization: 'direct', maxSteps: 60 }, typescript);
    const mini = await adam.train({ ...base, parameterization: 'direct', maxSteps: 240, batchSize: 50 }, typescript);
    expect(mini.steps).toBe(240);
    expect(mini.trainLoss).toBeLessThan(2 * full.trainLoss);
  });

  it('stops at the tolerance after minSteps, and reports it', async () => {
    const r = await adam.train({ ...base, parameterization: 'direct', tolerance: 1e-3, minSteps: 5, maxSteps: 1000 }, typescript);
    expect(r.stopReason).toBe('tolerance');
    expect(r.steps).toBeGreaterThanOrEqual(5);
    expect(r.steps).toBeLessThan(1000);
  });

  it('with a huge λ learns S ≈ 0, so ‖Ŝ − S₀‖²/d → Q₀ = 1 + κ₀ (to the O(1/√d) sampling spread)', async () => {
    const r = await adam.train(
      { ...base, parameterization: 'direct', d: 40, alpha: 0.5, lambda: 1e4, maxSteps: 400 },
      typescript,
    );
    expect(r.mseS).toBeGreaterThan(1.5 * 0.85);
    expect(r.mseS).toBeLessThan(1.5 * 1.15);
  });

  it("reports 'diverged' with the step, and NaN metrics, instead of hiding it", async () => {
    const r = await adam.train({ ...base, adam: { ...defaultAdamSettings, learningRate: 1e200 }, maxSteps: 50 }, typescript);
    expect(r.stopReason).toBe('diverged');
    expect(r.divergedAtStep).toBeGreaterThanOrEqual(2);
    expect(r.testError).toBeNaN();
  });

  it('supports every registered parameterization, and no other', () => {
    expect(adam.supports('factorized')).toBe(true);
    expect(adam.supports('direct')).toBe(true);
    expect(adam.supports('nosuch')).toBe(false);
  });

  it('rejects bad input with a ParameterError that names the parameter and its range', async () => {
    const trainer = adam;
    await expect(trainer.train({ ...base, kappa: 1.5 })).rejects.toThrow(ParameterError);
    await expect(trainer.train({ ...base, kappa: 1.5 })).rejects.toThrow(/kappa.*1\.5/);
    await expect(trainer.train({ ...base, adam: { ...defaultAdamSettings, learningRate: -1 } })).rejects.toThrow(/lr/);
    await expect(trainer.train({ ...base, T: 0 })).rejects.toThrow(/T/);
    await expect(trainer.train({ ...base, parameterization: 'nosuch' })).rejects.toThrow(/nosuch.*factorized/);
    await expect(trainer.train({ ...base, alpha: 0.001 })).rejects.toThrow(/no training samples/);
  });
});
