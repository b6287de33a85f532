/**
 * All complex roots of a real polynomial c₀xⁿ + c₁xⁿ⁻¹ + … + cₙ by the Aberth–Ehrlich iteration
 * (simultaneous Newton with repulsion; cubic convergence for simple roots), started on a circle of
 * the Cauchy radius. For the quartic of the MP ⊞ SC support edges; small n only.
 */
export function polynomialRoots(coefficients: readonly number[]): { re: number[]; im: number[] } {
  let start = 0;
  while (start < coefficients.length && coefficients[start] === 0) start++;
  const c = coefficients.slice(start).map((x) => x / coefficients[start]);
  const n = c.length - 1;
  if (n < 1) return { re: [], im: [] };
  let radius = 0;
  for (let k = 1; k <= n; k++) radius = Math.max(radius, Math.abs(c[k]));
  radius = 1 + radius;
  const re = new Array<number>(n);
  const im = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const angle = (2 * Math.PI * k) / n + 0.4; // off the real axis
    re[k] = 0.5 * radius * Math.cos(angle);
    im[k] = 0.5 * radius * Math.sin(angle);
  }
  for (let iteration = 0; iteration < 500; iteration++) {
    let maxStep = 0;
    for (let k = 0; k < n; k++) {
      // p(z) and p′(z) by Horner.
      let pr = 1;
      let pi = 0;
      let dr = 0;
      let di = 0;
      for (let j = 1; j <= n; j++) {
        [dr, di] = [dr * re[k] - di * im[k] + pr, dr * im[k] + di * re[k] + pi];
        [pr, pi] = [pr * re[k] - pi * im[k] + c[j], pr * im[k] + pi * re[k]];
      }
      // ratio = p/p′; repulsion s = Σ_{j≠k} 1/(z_k − z_j); step = ratio/(1 − ratio·s)
      const den = dr * dr + di * di;
      if (den === 0) continue;
      const ratioRe = (pr * dr + pi * di) / den;
      const ratioIm = (pi * dr - pr * di) / den;
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        if (j === k) continue;
        const xr = re[k] - re[j];
        const xi = im[k] - im[j];
        const m = xr * xr + xi * xi;
        if (m === 0) continue;
        sr += xr / m;
        si -= xi / m;
      }
      const wr = 1 - (ratioRe * sr - ratioIm * si);
      const wi = -(ratioRe * si + ratioIm * sr);
      const wden = wr * wr + wi * wi;
      const stepRe = (ratioRe * wr + ratioIm * wi) / wden;
      const stepIm = (ratioIm * wr - ratioRe * wi) / wden;
      re[k] -= stepRe;
      im[k] -= stepIm;
      maxStep = Math.max(maxStep, Math.hypot(stepRe, stepIm) / Math.max(1, Math.hypot(re[k], im[k])));
    }
    if (maxStep < 1e-15) break;
  }
  return { re, im };
}

/** The real roots (|Im| ≤ tolerance·max(1, |Re|)), polished by real Newton steps, sorted. */
export function realPolynomialRoots(coefficients: readonly number[], tolerance = 1e-7): number[] {
  const { re, im } = polynomialRoots(coefficients);
  const roots: number[] = [];
  for (let k = 0; k < re.length; k++) {
    if (Math.abs(im[k]) > tolerance * Math.max(1, Math.abs(re[k]))) continue;
    let x = re[k];
    for (let step = 0; step < 3; step++) {
      const [p, dp] = hornerWithDerivative(coefficients, x);
      if (dp === 0) break;
      const next = x - p / dp;
      // keep a step only if it lowers |p| (near a double root Newton may wander)
      if (!Number.isFinite(next) || Math.abs(hornerWithDerivative(coefficients, next)[0]) >= Math.abs(p)) break;
      x = next;
    }
    roots.push(x);
  }
  return roots.sort((a, b) => a - b);
}

function hornerWithDerivative(coefficients: readonly number[], x: number): [number, number] {
  let p = 0;
  let dp = 0;
  for (const ck of coefficients) {
    dp = dp * x + p;
    p = p * x + ck;
  }
  return [p, dp];
}
