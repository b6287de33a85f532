// GAMP-BO's finite-d excess over the Bayes-optimal SE (docs/theory.md §3.14, "Two finite-d effects"):
// per instance (teacher and data from the seed, as GAMP draws them) GAMP-BO's MSE_S beside the RIE at the
// SE's t applied to that teacher plus GOE noise of variance t (the RIE at finite d) and t(d + 1)/d (with
// the count of d(d + 1)/2 unknowns), averaged over GOE draws; and e_test on real tokens (n-test fresh
// sequences) of GAMP-BO's estimate and of the counted prediction's draws, with GAMP-BO's posterior mean
// (V = mmse(t)). Then the means and the paired differences with their standard errors. MP target
// κ₀ = 0.5, α = 0.5, Δ = 0.5, T = 2. On the built packages:
//   node apps/cli/bench/gamp-bo-finite-d.mjs [--d 200] [--seeds 16] [--draws 8] [--n-test 50000]
import {
  ComputeBackendRegistry,
  createContainer,
  FreeConvolution,
  Rng,
  TargetRegistry,
  TheorySolverRegistry,
} from '@attention-hd/core';
import { spectraModule } from '@attention-hd/spectra';
import { generateDataset, targetsModule } from '@attention-hd/targets';
import {
  AttentionSensing,
  FlatSymmetric,
  posteriorPredictionError,
  RiePrior,
  selectFormsBackend,
  solveWithGamp,
  theoryAmpModule,
} from '@attention-hd/theory-amp';
import { trainerGpuModule } from '@attention-hd/trainer-gpu';

const argument = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const d = argument('--d', 200);
const seeds = argument('--seeds', 16);
const draws = argument('--draws', 8);
const nTest = argument('--n-test', 50_000);
const container = createContainer([targetsModule, spectraModule, theoryAmpModule, trainerGpuModule]);
const target = container.get(TargetRegistry).get('mp').create({ kappa0: 0.5 });
const freeConvolution = container.get(FreeConvolution);
const selectedForms = await selectFormsBackend(container.get(ComputeBackendRegistry));
const setting = { target, alpha: 0.5, T: 2, noise: 0.5, beta: 1, beta0: 1, lambdaTilde: 0.01 };
const se = await container
  .get(TheorySolverRegistry)
  .get('bayes-optimal')
  .solve({ ...setting, kappa: 1, d });
const t = 1 / se.point.qHat;
const prior = new RiePrior(freeConvolution, target.spectralLaw(d), d);

const flat = new FlatSymmetric(2);

/** GAMP-BO's prediction error of the estimate S on a test set (the posterior mean with V = mmse(t)) */
async function testError(S, test) {
  const z = await test.sensing.forward(S, new Float64Array(nTest * flat.L));
  return posteriorPredictionError(z, test.Y, nTest, flat, 1, se.point.sigma + setting.noise / 2, 1);
}

/** over GOE draws: the mean of ‖RIE_t(S₀ + √(t·inflate) Z) − S₀‖²_F/d, and of e_test on `test` when given */
async function rie(S0, inflate, seed, test) {
  let sum = 0;
  let error = 0;
  for (let k = 1; k <= draws; k++) {
    const rng = Rng.fromSeed(1000 * seed + k, 'goe');
    const R = Float64Array.from(S0);
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        const z = rng.normal() * Math.sqrt((t * inflate) / d) * (i === j ? Math.SQRT2 : 1);
        R[i * d + j] += z;
        if (j !== i) R[j * d + i] += z;
      }
    }
    const S = new Float64Array(d * d);
    prior.denoise(R, (2 * t) / d, S);
    let squared = 0;
    for (let i = 0; i < d * d; i++) squared += (S[i] - S0[i]) ** 2;
    sum += squared / d;
    if (test !== undefined) error += (await testError(S, test)) / draws;
  }
  return [sum / draws, error];
}

const rows = [];
console.log(`d = ${d}: the Bayes-optimal SE's MSE_S ${se.point.mseS.toFixed(5)} at t = ${t.toFixed(5)}`);
for (let seed = 1; seed <= seeds; seed++) {
  const gamp = await solveWithGamp({
    ...setting,
    estimator: 'bayes-optimal',
    d,
    seed,
    freeConvolution,
    sampleForms: selectedForms.sampleForms,
    testSamples: nTest,
  });
  const teacher = target.sample(d, Rng.fromSeed(seed, 'teacher'));
  // the prediction's test sequences: the law of GAMP-BO's, another stream
  const test = generateDataset({
    target: teacher,
    T: 2,
    noise: setting.noise,
    beta0: 1,
    output: 'seq2lab',
    n: nTest,
    rng: Rng.fromSeed(seed, 'finite-d-test'),
  });
  // one sensing operator (and backend session) per test set, shared by the draws
  const forms = await selectedForms.sampleForms?.(test.X, nTest, 2, d);
  const [atD] = await rie(teacher.S, 1, seed);
  let counted;
  let countedError;
  try {
    const sensing = new AttentionSensing(flat, test.X, nTest, d, forms);
    [counted, countedError] = await rie(teacher.S, (d + 1) / d, seed, { sensing, Y: test.Y });
  } finally {
    forms?.dispose();
  }
  const row = [gamp.mseS, atD, counted, gamp.testError, countedError];
  rows.push(row);
  console.log(
    `seed ${seed} (${gamp.status}): MSE_S GAMP-BO ${row[0].toFixed(5)}, RIE at d ${row[1].toFixed(5)}, with the count ${row[2].toFixed(5)}; e_test GAMP-BO ${row[3].toFixed(5)}, with the count ${row[4].toFixed(5)}`,
  );
}
const summary = (f) => {
  const x = rows.map(f);
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const error = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1) / x.length);
  return `${mean.toFixed(5)} ± ${error.toFixed(5)}`;
};
console.log(`MSE_S: GAMP-BO ${summary((r) => r[0])}; RIE at d ${summary((r) => r[1])}; with the count ${summary((r) => r[2])}`);
console.log(
  `  GAMP-BO minus: the SE ${summary((r) => r[0] - se.point.mseS)}, the RIE at d ${summary((r) => r[0] - r[1])}, with the count ${summary((r) => r[0] - r[2])}`,
);
console.log(
  `e_test (SE ${se.point.testError.toFixed(5)}): GAMP-BO ${summary((r) => r[3])}; with the count ${summary((r) => r[4])}`,
);
console.log(
  `  GAMP-BO minus: the SE ${summary((r) => r[3] - se.point.testError)}, with the count ${summary((r) => r[3] - r[4])}`,
);
