import type { ProgressReporter } from '@attention-hd/core';
import { progressTimes } from './progress-times.js';

/**
 * Progress on stderr (stdout stays clean for --json): on a terminal one line redrawn in place,
 * otherwise a line at most every 10 s, so CI logs stay short. Silent under ATTENTION_HD_QUIET=1.
 */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (process.env.ATTENTION_HD_QUIET === '1') return { start() {}, update() {}, log() {}, finish() {} };
  const tty = stream.isTTY === true;
  let label = '';
  let total = 0;
  let last = 0;
  let started = 0;
  let doneAtStart: number | undefined;
  let drawn = false;
  const clear = () => {
    if (drawn) stream.write('\r\x1b[K');
    drawn = false;
  };
  return {
    start(newLabel, newTotal) {
      label = newLabel;
      total = newTotal;
      last = 0;
      started = performance.now();
      doneAtStart = undefined;
    },
    update({ done, message, metrics }) {
      const now = performance.now();
      if (done !== undefined) doneAtStart ??= done;
      if (now - last < (tty ? 200 : 10_000)) return;
      last = now;
      const parts = [label];
      if (done !== undefined) parts.push(total > 0 ? `${done}/${total}` : String(done));
      if (done !== undefined && total > 0) {
        const { elapsed, eta } = progressTimes(started, now, doneAtStart ?? done, done, total);
        parts.push(`${elapsed} elapsed, ETA ${eta}`);
      }
      if (message !== undefined) parts.push(message);
      for (const [key, value] of Object.entries(metrics ?? {})) parts.push(`${key} ${value.toPrecision(5)}`);
      const line = parts.join(' · ');
      if (tty) {
        clear();
        stream.write(line.slice(0, (stream.columns ?? 100) - 1));
        drawn = true;
      } else {
        stream.write(`${line}\n`);
      }
    },
    log(message) {
      clear();
      stream.write(`${message}\n`);
    },
    finish() {
      clear();
    },
  };
}
