export interface Tolerance {
  /** |actual − expected| ≤ relative·|expected| + absolute */
  readonly relative?: number;
  readonly absolute?: number;
}

/**
 * Asserts |actual − expected| ≤ relative·|expected| + absolute and says by how much it missed.
 * Runner-independent (throws an Error), so plugin packages can use it with any test runner.
 */
export function expectClose(actual: number, expected: number, tolerance: Tolerance, label = 'value'): void {
  const relative = tolerance.relative ?? 0;
  const absolute = tolerance.absolute ?? 0;
  const allowed = relative * Math.abs(expected) + absolute;
  const error = Math.abs(actual - expected);
  if (!(error <= allowed)) {
    const rel = expected !== 0 ? ` (relative ${(error / Math.abs(expected)).toExponential(2)})` : '';
    throw new Error(
      `${label}: expected ${expected} ± ${allowed.toExponential(2)}, got ${actual}; off by ${error.toExponential(2)}${rel}`,
    );
  }
}
