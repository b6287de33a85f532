// Symmetric eigensolver at d = 400 and d = 1000: ours (tred2 + tql2 port) vs ml-matrix's
// EigenvalueDecomposition, the best-kept pure-JS alternative on npm, measured in the same run.
import { Rng, symmetricEigen, symmetricEigenvalues } from '@attention-hd/core';
import { formatComparison, measure } from '@attention-hd/core/testing';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

for (const d of [400, 1000]) {
  const g = Rng.fromSeed(d).fillNormal(new Float64Array(d * d));
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = (g[i * d + j] + g[j * d + i]) / 2;
  const rows = Array.from({ length: d }, (_, i) => Array.from(a.subarray(i * d, (i + 1) * d)));
  const options = { minSeconds: d > 500 ? 0 : 2, minRuns: d > 500 ? 1 : 3 };
  const baseline = await measure(
    `ml-matrix EVD, d = ${d}`,
    () => new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }),
    options,
  );
  const full = await measure(`ours, values + vectors, d = ${d}`, () => symmetricEigen(a, d), options);
  const valuesOnly = await measure(`ours, values only, d = ${d}`, () => symmetricEigenvalues(a, d), options);
  console.log(formatComparison(full, baseline));
  console.log(formatComparison(valuesOnly, baseline));
}
