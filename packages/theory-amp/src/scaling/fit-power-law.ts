import { ParameterError, studentTQuantile } from '@attention-hd/core';

export interface PowerLawFit {
  /** y ≈ C x^{slope}: the least-squares slope of log y against log x */
  readonly slope: number;
  /** standard error of the slope (OLS residual variance, n − 2 degrees of freedom) */
  readonly slopeStdErr: number;
  /** two-sided confidence interval of the slope (Student t with n − 2 degrees of freedom) */
  readonly confidenceInterval: readonly [number, number];
  readonly confidenceLevel: number;
  readonly logIntercept: number;
  /** points used and the x range they span */
  readonly points: number;
  readonly xMin: number;
  readonly xMax: number;
}

/**
 * Fits y = C x^slope by ordinary least squares in log–log coordinates. Points with x or y not
 * positive and finite are rejected with an error (an excess error ≤ 0 has no logarithm: the fit
 * window is then wrong, not the data). The CI is only a statement about the scatter around a
 * straight line: curvature from regime crossovers is in the residuals, so a CI that excludes the
 * predicted slope says the window is not inside one regime.
 */
export function fitPowerLaw(x: readonly number[], y: readonly number[], confidenceLevel = 0.95): PowerLawFit {
  if (x.length !== y.length) throw new ParameterError('y', `${y.length} values`, `as many values as x (${x.length})`);
  if (x.length < 3) throw new ParameterError('x', `${x.length} points`, 'at least 3 points for a slope and its error');
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) throw new ParameterError('confidenceLevel', confidenceLevel, '(0, 1)');
  x.forEach((v, i) => {
    if (!(v > 0 && Number.isFinite(v))) throw new ParameterError(`x[${i}]`, v, 'a finite value > 0');
    if (!(y[i] > 0 && Number.isFinite(y[i]))) throw new ParameterError(`y[${i}]`, y[i], 'a finite value > 0');
  });
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const n = lx.length;
  const mx = lx.reduce((a, b) => a + b, 0) / n;
  const my = ly.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i] - mx) ** 2;
    sxy += (lx[i] - mx) * (ly[i] - my);
  }
  if (!(sxx > 0)) throw new ParameterError('x', 'all equal', 'at least two distinct values');
  const slope = sxy / sxx;
  const logIntercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ly[i] - logIntercept - slope * lx[i]) ** 2;
  const slopeStdErr = Math.sqrt(rss / (n - 2) / sxx);
  const half = studentTQuantile(0.5 + confidenceLevel / 2, n - 2) * slopeStdErr;
  return {
    slope,
    slopeStdErr,
    confidenceInterval: [slope - half, slope + half],
    confidenceLevel,
    logIntercept,
    points: n,
    xMin: Math.min(...x),
    xMax: Math.max(...x),
  };
}
