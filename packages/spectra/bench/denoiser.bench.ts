// Denoiser integrals and free-convolution density: time per call and the ratio to a baseline
// measured in the same run (plain adaptive Simpson quadrature of the same integrals in x).

import { formatComparison, formatSeconds, measure } from '@attention-hd/core/testing';
import { BianeConvolution, MarchenkoPasturConvolution } from '@attention-hd/spectra';
import { marchenkoPasturLaw, PowerLawTarget } from '@attention-hd/targets';

const kappa0 = 0.5;
const delta = 0.5;
const epsilon = 0.2;
const law = marchenkoPasturLaw(kappa0);

/** Adaptive Simpson to an absolute tolerance: the "plain adaptive quadrature" baseline. */
function adaptiveSimpson(f: (x: number) => number, a: number, b: number, tolerance: number): number {
  const recurse = (
    a: number,
    b: number,
    fa: number,
    fm: number,
    fb: number,
    whole: number,
    tol: number,
    depth: number,
  ): number => {
    const m = (a + b) / 2;
    const lm = (a + m) / 2;
    const rm = (m + b) / 2;
    const flm = f(lm);
    const frm = f(rm);
    const left = ((m - a) / 6) * (fa + 4 * flm + fm);
    const right = ((b - m) / 6) * (fm + 4 * frm + fb);
    if (depth > 50 || Math.abs(left + right - whole) <= 15 * tol) return left + right + (left + right - whole) / 15;
    return recurse(a, m, fa, flm, fm, left, tol / 2, depth + 1) + recurse(m, b, fm, frm, fb, right, tol / 2, depth + 1);
  };
  const fa = f(a);
  const fb = f(b);
  const fm = f((a + b) / 2);
  return recurse(a, b, fa, fm, fb, ((b - a) / 6) * (fa + 4 * fm + fb), tolerance, 0);
}

const closed = new MarchenkoPasturConvolution(kappa0, delta, law);
const [{ hi }] = closed.support;
const baselineIntegrals = () => {
  // J, ∂_εJ, ∂_tJ and F by adaptive Simpson on the closed-form density (1e-10 absolute each).
  const tolerance = 1e-10;
  const J = adaptiveSimpson((x) => (x - epsilon) ** 2 * closed.density(x), epsilon, hi, tolerance);
  const positive = adaptiveSimpson((x) => (x - epsilon) * closed.density(x), epsilon, hi, tolerance);
  const heat = adaptiveSimpson((x) => 2 * (x - epsilon) * closed.hilbert(x) * closed.density(x), epsilon, hi, tolerance);
  const rank = adaptiveSimpson((x) => closed.density(x), epsilon, hi, tolerance);
  return J + positive + heat + rank;
};

const baseline = await measure('adaptive Simpson (4 integrals, tol 1e-10)', baselineIntegrals, { minSeconds: 2 });
console.log(`J and derivatives at (κ₀, δ, ε) = (${kappa0}, ${delta}, ${epsilon}):`);
console.log(
  `  ${formatComparison(await measure('MP closed form, one call after set-up', () => closed.denoiserIntegrals(epsilon), { minSeconds: 2 }), baseline)}`,
);
console.log(
  `  ${formatComparison(await measure('MP closed form, set-up + call (new δ)', () => new MarchenkoPasturConvolution(kappa0, delta, law).denoiserIntegrals(epsilon), { minSeconds: 2 }), baseline)}`,
);
const biane = new BianeConvolution(law, delta);
console.log(
  `  ${formatComparison(await measure('general method (Biane), one call after set-up', () => biane.denoiserIntegrals(epsilon), { minSeconds: 2 }), baseline)}`,
);
console.log(
  `  ${formatComparison(await measure('general method (Biane), set-up + call', () => new BianeConvolution(law, delta).denoiserIntegrals(epsilon), { minSeconds: 2 }), baseline)}`,
);
const powerLaw = new PowerLawTarget().create({ gamma: 0.75 }).spectralLaw(400);
const pl = await measure(
  'general method, power law d = 400, set-up + call',
  () => new BianeConvolution(powerLaw, delta).denoiserIntegrals(epsilon),
  { minSeconds: 2 },
);
console.log(`  ${pl.label}: ${formatSeconds(pl.seconds)} (no closed form to compare with)`);

const grid = Array.from({ length: 1000 }, (_, i) => -1 + (5.5 * i) / 999);
console.log('free-convolution density on 1000 points:');
const densityBaseline = await measure('general method (ψ⁻¹ by Brent per point)', () => grid.map((x) => biane.density(x)), {
  minSeconds: 2,
});
console.log(
  `  ${formatComparison(await measure('MP closed form (cubic per point)', () => grid.map((x) => closed.density(x)), { minSeconds: 2 }), densityBaseline)}`,
);
