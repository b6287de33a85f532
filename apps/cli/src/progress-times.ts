/** Seconds as the progress lines show them: 42s, 3m05s, 1h02m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Elapsed time and the estimate of what is left, from the units finished in this process only
 * (units resumed from the store took no time here). Before the first unit ends there is no rate,
 * so the estimate is "—", never 0 s or NaN.
 */
export function progressTimes(
  startedMs: number,
  nowMs: number,
  doneAtStart: number,
  done: number,
  total: number,
): { elapsed: string; eta: string } {
  const elapsed = (nowMs - startedMs) / 1000;
  const finishedHere = done - doneAtStart;
  const eta = finishedHere > 0 && elapsed > 0 ? formatDuration((elapsed * Math.max(total - done, 0)) / finishedHere) : '—';
  return { elapsed: formatDuration(elapsed), eta };
}
