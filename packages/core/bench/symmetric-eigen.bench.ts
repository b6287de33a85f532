// Symmetric eigensolver at d = 400 and d = 1000, measured in the same run against LAPACK through
// numpy (eigh / eigvalsh, one thread: OPENBLAS_NUM_THREADS=1 etc.; Debian's python3-numpy, run with
// /usr/bin/python3) and ml-matrix's EigenvalueDecomposition (the best-kept pure-JS alternative on
// npm): ours with vectors by divide and conquer (the default from d = 65) and by QL, and values only.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { Rng, symmetricEigen, symmetricEigenvalues } from '@attention-hd/core';
import { formatSeconds, type Measurement, measure } from '@attention-hd/core/testing';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

const peer = `
import json, sys, time, numpy as np
d = int(sys.argv[1]); rng = np.random.default_rng(d)
g = rng.standard_normal((d, d)); a = (g + g.T) / 2
out = {}
for name, f in (('eigh', np.linalg.eigh), ('eigvalsh', np.linalg.eigvalsh)):
    f(a); times = []
    for _ in range(5 if d <= 500 else 3):
        t0 = time.perf_counter(); f(a); times.append(time.perf_counter() - t0)
    out[name] = sorted(times)[len(times) // 2]
print(json.dumps(out))
`;
const oneThread = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function lapack(d: number): { eigh: number; eigvalsh: number } | string {
  try {
    const out = execFileSync('/usr/bin/python3', ['-c', peer, String(d)], {
      encoding: 'utf8',
      env: { ...process.env, ...oneThread },
    });
    return JSON.parse(out.trim());
  } catch (error) {
    return `numpy peer unavailable (apt-get install -y python3-numpy): ${(error as Error).message.split('\n')[0]}`;
  }
}

function line(ours: Measurement, cpu: number, baseline: number | undefined, label: string): string {
  const ratio = baseline === undefined ? '' : ` — ${(ours.seconds / baseline).toFixed(1)}× ${label}'s time`;
  return `  ${ours.label}: ${formatSeconds(ours.seconds)} [${formatSeconds(cpu)} CPU] (median of ${ours.runs})${ratio}`;
}

async function timed(label: string, fn: () => unknown, options: { minSeconds: number; minRuns: number }) {
  const before = process.cpuUsage();
  let calls = 0;
  const m = await measure(
    label,
    () => {
      calls++;
      return fn();
    },
    options,
  );
  const used = process.cpuUsage(before);
  return { m, cpu: (used.user + used.system) / 1e6 / calls };
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; wall median, CPU seconds per call in brackets`,
);
for (const d of [400, 1000]) {
  const g = Rng.fromSeed(d).fillNormal(new Float64Array(d * d));
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = (g[i * d + j] + g[j * d + i]) / 2;
  const rows = Array.from({ length: d }, (_, i) => Array.from(a.subarray(i * d, (i + 1) * d)));
  const options = { minSeconds: d > 500 ? 0 : 2, minRuns: d > 500 ? 1 : 3 };
  const reference = lapack(d);
  const numpy = typeof reference === 'string' ? undefined : reference;
  console.log(
    `d = ${d}: ${typeof reference === 'string' ? reference : `LAPACK (numpy, 1 thread) eigh ${formatSeconds(reference.eigh)}, eigvalsh ${formatSeconds(reference.eigvalsh)}`}`,
  );
  const ml = await timed(
    'ml-matrix EVD',
    () => new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }),
    options,
  );
  console.log(line(ml.m, ml.cpu, numpy?.eigh, 'LAPACK eigh'));
  const dc = await timed('ours, vectors by divide and conquer', () => symmetricEigen(a, d), options);
  console.log(line(dc.m, dc.cpu, numpy?.eigh, 'LAPACK eigh'));
  const ql = await timed('ours, vectors by QL', () => symmetricEigen(a, d, { method: 'ql' }), options);
  console.log(line(ql.m, ql.cpu, numpy?.eigh, 'LAPACK eigh'));
  const values = await timed('ours, values only', () => symmetricEigenvalues(a, d), options);
  console.log(line(values.m, values.cpu, numpy?.eigvalsh, 'LAPACK eigvalsh'));
}
