import { Rng } from '@attention-hd/core';
import { FactorizedParameterization, generateDataset, MarchenkoPasturTarget } from '@attention-hd/targets';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TfjsObjective } from './tfjs-objective.js';
import { TfjsWasmBackend } from './tfjs-wasm-backend.js';

// The two data placements do the same arithmetic on the same float32 chunks, so they must agree
// exactly (tolerance 0), over the whole set and over batches that cut chunks in the middle.
describe('TfjsObjective data placement', () => {
  beforeAll(async () => {
    await new TfjsWasmBackend().load();
  }, 120_000);

  it("'host' (uploaded per evaluation) equals 'device' (resident tensors), whole set and batches", () => {
    const d = 10;
    const n = 2500; // 3 chunks of 1024, the last partial
    const parameterization = new FactorizedParameterization();
    const shape = parameterization.shape(d, 1);
    const target = new MarchenkoPasturTarget().create({ kappa0: 0.5 }).sample(d, Rng.fromSeed(1));
    const data = generateDataset({
      target,
      n,
      T: 2,
      noise: 0.1,
      beta0: 1,
      output: 'seq2lab',
      rng: Rng.fromSeed(2),
      precision: 'float32',
    });
    const theta = parameterization.initialParameters(shape, Rng.fromSeed(3));
    const map = () => parameterization.scoreForm(shape);
    const host = new TfjsObjective(tf, 'wasm', { ...data, beta: 1 }, map(), 'host');
    const device = new TfjsObjective(tf, 'wasm', { ...data, beta: 1 }, map(), 'device');
    for (const batch of [undefined, { first: 1000, count: 700 }, { first: 2047, count: 453 }]) {
      const gHost = new Float64Array(theta.length);
      const gDevice = new Float64Array(theta.length);
      expect(host.evaluate(theta, gHost, batch)).toBe(device.evaluate(theta, gDevice, batch));
      expect(Array.from(gHost)).toEqual(Array.from(gDevice));
    }
    const tensors = tf.memory().numTensors;
    host.evaluate(theta, null);
    expect(tf.memory().numTensors).toBe(tensors); // per-evaluation uploads are freed
    host.dispose();
    device.dispose();
  });
});
