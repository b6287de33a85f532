import type { ProgressReporter } from '@attention-hd/core';
import cliProgress from 'cli-progress';
import { progressTimes } from './progress-times.js';
import { stderrProgress } from './stderr-progress.js';

/**
 * An experiment's progress on stderr: on a terminal a cli-progress bar (units done, ETA, the
 * current point and the live training loss); elsewhere (CI, pipes) the plain line logger.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY !== true || process.env.ATTENTION_HD_QUIET === '1') return stderrProgress(stream);
  const bar = new cliProgress.SingleBar(
    {
      stream,
      // our own elapsed and ETA: cli-progress's ETA reads "NFs" or "0s" before the first unit ends
      format: '{label} |{bar}| {value}/{total} · {elapsed} elapsed · ETA {eta} · {message}{loss}',
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let active = false;
  let label = '';
  let started = 0;
  let total = 0;
  let doneAtStart: number | undefined;
  let value = 0;
  const times = () => progressTimes(started, performance.now(), doneAtStart ?? value, value, total);
  // redraw once a second so that the elapsed time moves while a long unit runs
  let timer: NodeJS.Timeout | undefined;
  return {
    start(newLabel, newTotal) {
      [label, total, started, value, doneAtStart] = [newLabel, newTotal, performance.now(), 0, undefined];
      bar.start(total, 0, { label, message: '', loss: '', ...times() });
      active = true;
      timer = setInterval(() => bar.update(times()), 1000);
      timer.unref();
    },
    update({ done, message, metrics }) {
      if (!active) return;
      // the first count reported is what was already in the store (resumed units)
      if (done !== undefined) {
        doneAtStart ??= done;
        value = done;
      }
      const payload: Record<string, string> = { ...times() };
      if (message !== undefined) payload.message = message;
      if (metrics?.loss !== undefined) payload.loss = ` · loss ${metrics.loss.toPrecision(5)}`;
      if (done !== undefined) bar.update(done, { ...payload, loss: payload.loss ?? '' });
      else bar.update(payload);
    },
    log(message) {
      stream.write(`\r\x1b[K${message}\n`);
    },
    finish() {
      if (timer !== undefined) clearInterval(timer);
      if (active) bar.stop();
      active = false;
    },
  };
}
