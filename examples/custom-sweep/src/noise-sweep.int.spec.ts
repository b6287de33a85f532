import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeExperimentConformance } from '@attention-hd/core/testing';
import { readResultsCsv, runInStore } from '@attention-hd/experiments';
import { describe, expect, it } from 'vitest';
import { noiseSweep } from './noise-sweep.js';

describe('a sweep composed in code (examples/custom-sweep)', () => {
  it('runs into the run store: one theory curve per Δ, Adam points, every file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'attention-hd-noise-sweep-'));
    const report = await runInStore(noiseSweep(), { quick: true, out });
    expect(report.failed).toEqual([]);
    expect(report.files).toContain('figure.png');
    const rows = readResultsCsv(join(report.directory, 'results.csv'));
    const theory = rows.filter((r) => r.method === 'theory');
    expect(new Set(theory.map((r) => r.noise))).toEqual(new Set([0, 0.25, 0.5]));
    // more label noise, more test error (the noisy target is part of e_test): at every α of the
    // curve e_test(Δ = 0.5) > e_test(Δ = 0.25) > e_test(Δ = 0), by far more than the MC error (~1e-3)
    const at = (noise: number) => theory.filter((r) => r.noise === noise).map((r) => Number(r.testError));
    const [e0, e25, e50] = [at(0), at(0.25), at(0.5)];
    for (let i = 0; i < e0.length; i++) {
      expect(e25[i]).toBeGreaterThan(e0[i] + 0.01);
      expect(e50[i]).toBeGreaterThan(e25[i] + 0.01);
    }
    expect(rows.filter((r) => r.method === 'simulation').length).toBe(3);
  });
});

// the Experiment contract (the quick run above covers running and resuming)
describeExperimentConformance(noiseSweep(), { run: false });
