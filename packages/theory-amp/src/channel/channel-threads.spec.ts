import { createContainer, TargetRegistry } from '@attention-hd/core';
import { SemicircleFreeConvolution } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { describe, expect, it } from 'vitest';
import { FactorizedStateEvolutionSolver } from '../solvers/factorized-state-evolution-solver.js';
import { ChannelThreads, claimChunk } from './channel-threads.js';

describe('claimChunk', () => {
  it('hands out chunks 0 … n − 1 of the current generation once each, then −1; never one of another generation', () => {
    const claim = new BigInt64Array(new SharedArrayBuffer(8));
    Atomics.store(claim, 0, 7n << 32n);
    expect([0, 1, 2, 3].map(() => claimChunk(claim, 7n, 3))).toEqual([0, 1, 2, -1]);
    Atomics.store(claim, 0, 8n << 32n);
    expect(claimChunk(claim, 7n, 3)).toBe(-1); // a worker still on generation 7 takes nothing of 8
    expect(claimChunk(claim, 8n, 3)).toBe(0);
  });
});

describe('the generic channel on worker threads', () => {
  it('T = 3: two threads give the numbers of one, bit for bit, and the worker did part of the nodes', async () => {
    const target = createContainer([targetsModule]).get(TargetRegistry).get('mp').create({ kappa0: 0.5 });
    const solver = new FactorizedStateEvolutionSolver(new SemicircleFreeConvolution());
    const problem = { target, noise: 0.5, T: 3, beta: 1, beta0: 1, kappa: 1, lambdaTilde: 0.01, alpha: 0.5 };
    // the worker loads its code through tsx here (TypeScript sources): wait until it is up, so that
    // it takes part in the solve below (before that, the main thread takes every chunk)
    const pool = ChannelThreads.get(1);
    for (let waited = 0; pool.workers.ready < 1 && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(pool.workers.ready).toBeGreaterThanOrEqual(1);
    const one = await solver.solve(problem, { samples: 8192, threads: 1 });
    const before = pool.workerChunks;
    const two = await solver.solve(problem, { samples: 8192, threads: 2 });
    expect(pool.workerChunks).toBeGreaterThan(before);
    expect(two.status).toBe('converged');
    expect(two.iterations).toBe(one.iterations);
    for (const key of ['q', 'm', 'sigma', 'qHat', 'mHat', 'sigmaHat', 'testError', 'testErrorStdErr', 'trainLoss'] as const) {
      expect(two.point[key], key).toBe(one.point[key]);
    }
  }, 120_000);
});
