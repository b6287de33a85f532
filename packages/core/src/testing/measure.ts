export interface Measurement {
  readonly label: string;
  /** median wall time of one call, seconds */
  readonly seconds: number;
  readonly runs: number;
}

/**
 * Times `fn`: one warm-up call, then repeated calls until `minSeconds` have passed (at least
 * `minRuns`); reports the median. For benchmarks, which compare against a baseline measured in
 * the same process.
 */
export async function measure(
  label: string,
  fn: () => unknown | Promise<unknown>,
  options: { minSeconds?: number; minRuns?: number; warmup?: boolean } = {},
): Promise<Measurement> {
  const minSeconds = options.minSeconds ?? 1;
  const minRuns = options.minRuns ?? 3;
  if (options.warmup ?? true) await fn();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < minRuns || (performance.now() - started) / 1000 < minSeconds) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return { label, seconds: times[Math.floor(times.length / 2)], runs: times.length };
}

/** One line: "label: 12.3 ms (median of 5) — 4.1× faster than baseline (50.4 ms)". */
export function formatComparison(ours: Measurement, baseline: Measurement): string {
  const ratio = baseline.seconds / ours.seconds;
  const verdict = ratio >= 1 ? `${ratio.toFixed(2)}× faster than` : `${(1 / ratio).toFixed(2)}× slower than`;
  return `${ours.label}: ${formatSeconds(ours.seconds)} (median of ${ours.runs}) — ${verdict} ${baseline.label} (${formatSeconds(baseline.seconds)})`;
}

export function formatSeconds(seconds: number): string {
  if (seconds >= 1) return `${seconds.toFixed(2)} s`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(2)} ms`;
  return `${(seconds * 1e6).toFixed(1)} µs`;
}
