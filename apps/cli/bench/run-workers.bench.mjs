// `run <experiment>` with --workers 1 and --workers N in one session, on the built CLI: wall and CPU
// seconds of each (the children's rusage), the load average before each, the ratio, and whether
// the two results.csv hold the same rows (timing column aside). Default: the standard figure1 job
// (learning-curve at its default size) — the acceptance workload.
//   node apps/cli/bench/run-workers.bench.mjs [experiment] [--workers N] [--set key=value …]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const experiment = argv[0] && !argv[0].startsWith('--') ? argv.shift() : 'learning-curve';
const at = argv.indexOf('--workers');
const workers = at >= 0 ? Number(argv.splice(at, 2)[1]) : availableParallelism();
const bin = new URL('../dist/bin.js', import.meta.url).pathname;

function timed(count) {
  const out = mkdtempSync(join(tmpdir(), `attention-hd-bench-${count}-`));
  const load = loadavg()[0];
  const started = performance.now();
  const command = [process.execPath, bin, 'run', experiment, ...argv, '--workers', String(count), '--out', out, '--json'];
  // CPU seconds from GNU time where the machine has it (Debian: apt-get install time)
  const [program, ...args] = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%U %S', ...command] : command;
  const child = spawnSync(program, args, {
    encoding: 'utf8',
    env: { ...process.env, ATTENTION_HD_QUIET: '1' },
    maxBuffer: 1 << 26,
  });
  const wall = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`run --workers ${count} failed: ${child.stderr.slice(-2000)}`);
  const [user, system] = existsSync('/usr/bin/time')
    ? child.stderr.trim().split('\n').at(-1).split(' ').map(Number)
    : [Number.NaN, 0];
  const report = JSON.parse(child.stdout);
  const rows = readFileSync(join(report.directory, 'results.csv'), 'utf8');
  return { count, wall, cpu: user + system, load, units: report.units, rows };
}

const withoutTiming = (csv) => {
  const [header, ...lines] = csv.trim().split('\n');
  const at = header.split(',').indexOf('seconds');
  return lines.map((line) =>
    line
      .split(',')
      .filter((_, i) => i !== at)
      .join(','),
  );
};

console.log(`run ${experiment} ${argv.join(' ')}: --workers 1 against --workers ${workers} (${availableParallelism()} cores)`);
const one = timed(1);
const many = timed(workers);
for (const r of [one, many]) {
  console.log(
    `  --workers ${r.count}: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, ${r.units} units (load average before: ${r.load.toFixed(2)})`,
  );
}
const same = JSON.stringify(withoutTiming(one.rows)) === JSON.stringify(withoutTiming(many.rows));
console.log(
  `  speed-up ${(one.wall / many.wall).toFixed(2)}× (wall); results.csv ${same ? 'identical' : 'DIFFERENT'} (timing column aside)`,
);
if (!same) process.exitCode = 1;
