import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContainer, ExperimentRegistry, MemoryResultSink, runExperiment, silentProgress } from '@attention-hd/core';
import { spectraModule } from '@attention-hd/spectra';
import { targetsModule } from '@attention-hd/targets';
import { theoryAmpModule } from '@attention-hd/theory-amp';
import { trainerGpuModule } from '@attention-hd/trainer-gpu';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentsModule } from '../experiments-module.js';
import { StoreIoError } from './atomic-write.js';
import { ResultsDamagedError, readResultsCsv } from './csv-result-sink.js';
import { openRunDirectory } from './run-directory.js';
import { runInStore } from './run-in-store.js';
import { RunLockedError } from './run-lock.js';

// The failures the run store must not hide (each reproduced, then shown handled): concurrent
// writers, mixed backends, damaged results.csv (truncated, garbage, non-numeric cell, deleted row)
// with --repair, a full disk, a killed start, orphaned temporary files.
const container = createContainer([targetsModule, spectraModule, theoryAmpModule, trainerGpuModule, experimentsModule]);
const thresholds = container.get(ExperimentRegistry).get('thresholds');
const learningCurve = container.get(ExperimentRegistry).get('learning-curve');
const small = { d: 12, seeds: 1, simAlphas: '0.5', theoryPoints: 4, samples: 2048, maxSteps: 200 };
const fresh = () => mkdtempSync(join(tmpdir(), 'attention-hd-store-'));

describe('run store: one writer per run directory', () => {
  it('refuses a second concurrent writer, naming the holder; the first finishes', async () => {
    const out = fresh();
    const [first, second] = await Promise.allSettled([
      runInStore(thresholds, { quick: true, out }),
      runInStore(thresholds, { quick: true, out }),
    ]);
    const outcomes = [first, second].map((r) => r.status).sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    const refused = [first, second].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(RunLockedError);
    expect(String(refused.reason.message)).toContain(`is being written by pid ${process.pid} on ${hostname()}`);
    expect(readdirSync(join(out, 'thresholds')).filter((name) => !name.startsWith('.'))).toHaveLength(1);
    expect(refused.reason.exitCode).toBe(2);
    // the lock is released: a third run resumes everything
    const third = await runInStore(thresholds, { quick: true, out });
    expect(third.resumed).toBe(4);
  });

  it('takes over the lock of a process that is gone, and says so', async () => {
    const out = fresh();
    const first = await runInStore(thresholds, { quick: true, out });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const lockPath = join(out, 'thresholds', `.${String(first.directory.split('-').at(-1))}.lock`);
    writeFileSync(lockPath, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), started: 'then' }));
    const again = await runInStore(thresholds, { quick: true, out });
    expect(again.notes.join(' ')).toContain(`the lock of pid ${dead.stdout}`);
    expect(again.directory).toBe(first.directory);
    expect(existsSync(lockPath)).toBe(false);
  });
});

describe('run store: the backend is part of the configuration', () => {
  it('a resume with another backend goes to another directory; rows record backend and precision', async () => {
    const out = fresh();
    const a = await runInStore(learningCurve, { quick: true, out, parameters: small, backend: 'typescript' });
    const b = await runInStore(learningCurve, { quick: true, out, parameters: small, backend: 'tfjs-wasm' });
    expect(b.directory).not.toBe(a.directory);
    expect(b.resumedRun).toBe(false);
    for (const [report, backend] of [
      [a, 'typescript'],
      [b, 'tfjs-wasm'],
    ] as const) {
      expect(JSON.parse(readFileSync(join(report.directory, 'config.json'), 'utf8')).backend).toBe(backend);
      const simulated = readResultsCsv(join(report.directory, 'results.csv')).filter((r) => r.method === 'simulation');
      expect(simulated.map((r) => r.backend)).toEqual([backend]);
      expect(simulated.map((r) => r.precision)).toEqual([backend === 'typescript' ? 'float64' : 'float32']);
    }
  });
});

describe('run store: a damaged results.csv is named, and --repair recomputes exactly the damaged units', () => {
  // [name, corruption, the problem named, units recomputed by the repair]
  const deleteLine = (csv: string) =>
    csv
      .split('\n')
      .filter((_, i) => i !== 2)
      .join('\n');
  const damage: [string, (csv: string) => string, RegExp, number][] = [
    ['truncated mid-line', (csv) => csv.slice(0, csv.length - 25), /line \d+: \d+ cells where the header has/, 1],
    ['a garbage line', (csv) => `${csv}this is not,a row\n`, /line 26: 2 cells where the header has/, 0],
    ['a non-numeric cell', (csv) => csv.replace(/(interp,[^,\n]*,)([0-9.e-]+)/, '$1abc'), /not a number/, 1],
    ['a deleted row', deleteLine, /unit theory\|kind=\w+: 5 of its 6 rows/, 1],
  ];
  it.each(damage)('%s', async (_name, corrupt, problem, recomputed) => {
    const out = fresh();
    const first = await runInStore(thresholds, { quick: true, out });
    const path = join(first.directory, 'results.csv');
    const good = readResultsCsv(path);
    writeFileSync(path, corrupt(readFileSync(path, 'utf8')));
    const refused = runInStore(thresholds, { quick: true, out });
    await expect(refused).rejects.toBeInstanceOf(ResultsDamagedError);
    await expect(refused).rejects.toThrow(path);
    await expect(refused).rejects.toThrow(problem);
    await expect(refused).rejects.toThrow(/--repair/);
    const repaired = await runInStore(thresholds, { quick: true, out, repair: true });
    expect(repaired.repaired.length).toBeGreaterThan(0);
    expect(repaired.computed).toBe(recomputed);
    expect(repaired.resumed).toBe(4 - recomputed);
    // the same numbers as before the damage, unit for unit
    const byKey = (rows: typeof good) => [...rows].sort((x, y) => `${x.key}${x.kappa0}`.localeCompare(`${y.key}${y.kappa0}`));
    expect(byKey(readResultsCsv(path))).toEqual(byKey(good));
  });
});

describe('run store: files', () => {
  it('never resumes a directory a failed start left without config.json, and removes orphaned temporaries', async () => {
    const out = fresh();
    const parameters = (await import('@attention-hd/core')).resolveParameters(
      thresholds.parameters,
      thresholds.presets.quick,
      't',
    );
    const empty = openRunDirectory(out, 'thresholds', parameters, true, new Date(Date.UTC(2030, 0, 1)), { backend: 'auto' });
    mkdirSync(empty.path, { recursive: true });
    const run = await runInStore(thresholds, { quick: true, out });
    expect(run.directory).not.toBe(empty.path);
    expect(run.resumedRun).toBe(false);
    writeFileSync(join(run.directory, '.0123456789ab.tmp'), '');
    const again = await runInStore(thresholds, { quick: true, out });
    expect(again.directory).toBe(run.directory);
    expect(again.notes.join(' ')).toContain('removed 1 temporary file');
    expect(readdirSync(run.directory).some((name) => name.endsWith('.tmp'))).toBe(false);
  });

  it('a full disk stops the run at once with the path, exit status 1, previous results intact', async () => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'attention-hd-full-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=160k', 'tmpfs', mountPoint]).status === 0;
    try {
      if (mounted) {
        // a real full disk: a tmpfs of 160 KiB, too small for the spectra run's eigenvalue rows
        const spectra = container.get(ExperimentRegistry).get('spectra');
        const run = runInStore(spectra, { quick: true, out: mountPoint, parameters: { d: 60, seeds: 3, alphas: '0.5' } });
        await expect(run).rejects.toBeInstanceOf(StoreIoError);
        await expect(run).rejects.toThrow(/no space left on the device \(ENOSPC\)/);
        await expect(run).rejects.toThrow(mountPoint);
        await expect(run).rejects.toMatchObject({ exitCode: 1 });
        // what was written before the disk filled is intact (atomic writes): readable, undamaged
        const [directory] = readdirSync(join(mountPoint, 'spectra')).filter((name) => !name.startsWith('.'));
        const results = join(mountPoint, 'spectra', directory, 'results.csv');
        if (existsSync(results)) expect(() => readResultsCsv(results)).not.toThrow();
      } else {
        // no mount allowed here: the same failure injected into the sink
        let units = 0;
        const sink = new MemoryResultSink();
        sink.write = async () => {
          units++;
          throw new StoreIoError('/injected/results.csv', 'ENOSPC', 'write');
        };
        const run = runExperiment(
          thresholds,
          (await import('@attention-hd/core')).resolveParameters(thresholds.parameters, {}, 't'),
          sink,
          {
            progress: silentProgress,
          },
        );
        await expect(run).rejects.toThrow(/no space left/);
        expect(units).toBe(1);
      }
    } finally {
      if (mounted) spawnSync('umount', [mountPoint]);
    }
  });
});

afterAll(() => undefined);
