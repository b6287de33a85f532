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
// CLI (test-fixtures/before-move/README.md says how). The move changed no numerics, so every value
// must agree to round-off of the CSV's shortest round-trip decimal (1e-12 relative).
const fixture = JSON.parse(
  readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-fixtures', 'before-move', 'theory-rows.json'),
    'utf8',
  ),
) as Record<string, { parameters: Record<string, unknown>; rows: Record<string, string>[] }>;
const container = createContainer([targetsModule, spectraModule, theoryAmpModule, trainerGpuModule, experimentsModule]);

describe('theory rows are the same as before the move to packages/experiments', () => {
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
        if (recorded.parameters.cv === true || id === 'factorized-vs-direct') {
          // cross-validated rows: the λ̃ refinement has since been fixed (it could stall on the scan
          // grid, cross-validate-lambda.int.spec.ts); a minimum over λ̃ can only have gone down, up to
          // the SE's own tolerance (1e-6 relative: where both searches converged, they differ at 1e-12)
          expect(Number(now.testError), `${id} row ${i}`).toBeLessThanOrEqual(Number(before.testError) * (1 + 1e-6));
          return;
        }
        for (const [column, value] of Object.entries(before)) {
          if (column === 'key' || column === 'status') continue;
          const [a, b] = [Number(now[column]), Number(value)];
          if (Number.isNaN(b)) {
            expect(a, `${id} row ${i} ${column}`).toBeNaN(); // e.g. no upper bulk before the split
            continue;
          }
          expect(Math.abs(a - b), `${id} row ${i} ${column}: ${a} vs ${b}`).toBeLessThanOrEqual(
            1e-12 * Math.max(Math.abs(b), 1e-300),
          );
        }
      });
    }, 120_000);
  }
});
