import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContainer, ExperimentRegistry } from '@attention-hd/core';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { theoryAmpModule } from '@attention-hd/theory-amp';
import { trainerGpuModule } from '@attention-hd/trainer-gpu';
import { describe, expect, it } from 'vitest';
import { experimentsModule } from '../experiments-module.js';
import { readResultsCsv } from '../store/csv-result-sink.js';
import { runInStore } from '../store/run-in-store.js';

// Theory rows of four quick runs, recorded with the code before the experiments moved out of the
// CLI (test-fixtures/before-move/README.md says how). The move changed no numerics (this test held
// them to 1e-12). The channel rule has since changed on purpose (shifted Halton → Sobol', docs/theory.md
// §6.2), which moves every value within the rules' Monte Carlo error; so rows, keys and statuses
// must still match exactly, and e_test within 2 % — the recorded Halton values are themselves up to
// 1.4 % off near the interpolation peak at the quick node counts (at learning-curve's α = 0.03 the
// recorded 0.42885 is 0.28 % above the 10⁶-node value 0.42767, where the Sobol' row is 0.005 % off).
const fixture = JSON.parse(
  readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-fixtures', 'before-move', 'theory-rows.json'),
    'utf8',
  ),
) as Record<string, { parameters: Record<string, unknown>; rows: Record<string, string>[] }>;
const container = createContainer([targetsModule, spectraModule, theoryAmpModule, trainerGpuModule, experimentsModule]);

describe('theory rows match those recorded before the move to packages/experiments', () => {
  for (const [id, recorded] of Object.entries(fixture)) {
    it(`${id} --quick`, async () => {
      const experiment = container.get(ExperimentRegistry).get(id);
      const out = mkdtempSync(join(tmpdir(), 'attention-hd-before-move-'));
      const report = await runInStore(experiment, { quick: true, out, parameters: recorded.parameters });
      expect(report.failed).toEqual([]);
      const rows = readResultsCsv(join(report.directory, 'results.csv')).filter((r) => r.method === 'theory');
      expect(rows.length).toBe(recorded.rows.length);
      recorded.rows.forEach((before, i) => {
        const now = rows[i];
        expect(now.key).toBe(before.key);
        expect(now.status).toBe(before.status);
        const [a, b] = [Number(now.testError), Number(before.testError)];
        if (recorded.parameters.cv === true || id === 'factorized-vs-direct') {
          // cross-validated rows: the λ̃ refinement has since been fixed (it could stall on the scan
          // grid, cross-validate-lambda.int.spec.ts); a minimum over λ̃ can only have gone down, up to
          // the two rules' difference
          expect(a, `${id} row ${i}`).toBeLessThanOrEqual(b * 1.02);
          return;
        }
        expect(Math.abs(a - b), `${id} row ${i} testError: ${a} vs ${b}`).toBeLessThanOrEqual(0.02 * b);
      });
    }, 120_000);
  }
});
