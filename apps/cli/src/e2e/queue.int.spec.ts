import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResultsCsv } from '@attention-hd/experiments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

// The run queue against a real redis-server on 127.0.0.1 and a free port (started and stopped
// here, never mocked): a coordinator and two workers (the built CLI, separate processes) complete a
// run; one worker is SIGKILLed mid-unit and its unit is retried after the stall interval; the
// final results.csv has exactly the keys and values of a local run, no duplicate rows. Then the
// coordinator itself is killed mid-run and restarted, with the same outcome.
const redisServer = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(
  (path) => spawnSync(path, ['--version']).status === 0,
);
const install = 'install it with `apt-get install redis-server` (Debian), or run the suite with CI unset to skip these tests';
if (redisServer === undefined && process.env.CI === 'true') {
  describe('run queue', () => {
    it('needs redis-server under CI=true', () => {
      throw new Error(`redis-server is not installed: ${install}`);
    });
  });
}
const describeWithRedis = redisServer === undefined ? describe.skip : describe;
if (redisServer === undefined) console.warn(`queue tests skipped: redis-server is not installed; ${install}`);

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const bin = join(root, 'apps', 'cli', 'dist', 'bin.js');
const children: ChildProcess[] = [];
let url = '';

function start(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, ATTENTION_HD_QUIET: '1', ATTENTION_HD_QUEUE_LOCK_MS: '1000' },
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(condition: () => boolean, what: string, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const withoutTiming = (rows: ReturnType<typeof readResultsCsv>) =>
  [...rows].map(({ seconds: _s, ...row }) => row).sort((a, b) => String(a.key).localeCompare(String(b.key)));

describeWithRedis('run queue (BullMQ on a real redis-server)', () => {
  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const redis = spawn(redisServer as string, [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    children.push(redis);
    let log = '';
    redis.stdout.on('data', (chunk) => {
      log += chunk;
    });
    await until(() => log.includes('Ready to accept connections'), 'redis-server');
    url = `redis://127.0.0.1:${port}`;
  });

  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  const experiment = ['run', 'learning-curve', '--quick', '--set', 'd=40', '--set', 'simAlphas=1,1.5', '--set', 'maxSteps=3000'];

  it('two workers, one SIGKILLed mid-unit: the rows of a local run, once each', async () => {
    const local = JSON.parse(
      (await runCli([...experiment, '--out', mkdtempSync(join(tmpdir(), 'ahd-q-local-')), '--json'])).stdout,
    );
    const a = start(['worker', '--queue', url, '--workers', '1']);
    const b = start(['worker', '--queue', url, '--workers', '1']);
    await until(() => a.output().includes('worker on') && b.output().includes('worker on'), 'the workers');
    const coordinator = start([...experiment, '--queue', url, '--out', mkdtempSync(join(tmpdir(), 'ahd-q-')), '--json']);
    await until(() => /unit simulation\S* started/.test(a.output()), 'worker A to start a simulation unit');
    a.child.kill('SIGKILL');
    const killedUnit = (/unit (simulation\S*) started/.exec(a.output()) as RegExpExecArray)[1];
    expect(a.output()).not.toContain(`unit ${killedUnit} done`);
    const code = await coordinator.exited;
    expect(code, coordinator.output()).toBe(0);
    const report = JSON.parse(coordinator.output().slice(coordinator.output().indexOf('{')));
    const rows = readResultsCsv(join(report.directory, 'results.csv'));
    expect(new Set(rows.map((r) => r.key)).size).toBe(report.units);
    expect(withoutTiming(rows)).toEqual(withoutTiming(readResultsCsv(join(local.directory, 'results.csv'))));
    // the unit A was computing when it died was retried after the stall interval, and finished by B
    expect(b.output()).toContain(`unit ${killedUnit} done`);
  }, 180_000);

  it('a coordinator killed mid-run and restarted: the same rows, once each', async () => {
    const args = [...experiment, '--set', 'seed=5'];
    const local = JSON.parse((await runCli([...args, '--out', mkdtempSync(join(tmpdir(), 'ahd-q-local-')), '--json'])).stdout);
    const worker = start(['worker', '--queue', url, '--workers', '1']);
    await until(() => worker.output().includes('worker on'), 'the worker');
    const out = mkdtempSync(join(tmpdir(), 'ahd-q-restart-'));
    const first = start([...args, '--queue', url, '--out', out, '--json']);
    await until(() => (worker.output().match(/ done/g) ?? []).length >= 2, 'two units done');
    first.child.kill('SIGKILL');
    await first.exited;
    const second = start([...args, '--queue', url, '--out', out, '--json']);
    expect(await second.exited, second.output()).toBe(0);
    const report = JSON.parse(second.output().slice(second.output().indexOf('{')));
    expect(report.notes.join(' ')).toContain('was taken over');
    const rows = readResultsCsv(join(report.directory, 'results.csv'));
    expect(new Set(rows.map((r) => r.key)).size).toBe(report.units);
    expect(withoutTiming(rows)).toEqual(withoutTiming(readResultsCsv(join(local.directory, 'results.csv'))));
  }, 180_000);

  it('an unreachable queue is refused before any work, with the address', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ahd-q-none-'));
    const run = await runCli([...experiment, '--queue', 'redis://127.0.0.1:1', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
  }, 30_000);
});
