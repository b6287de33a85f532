import type { ProgressReporter } from '@attention-hd/core';
import cliProgress from 'cli-progress';
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
      format: '{label} |{bar}| {value}/{total} · ETA {eta_formatted} · {message}{loss}',
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let active = false;
  let label = '';
  return {
    start(newLabel, total) {
      label = newLabel;
      bar.start(total, 0, { label, message: '', loss: '' });
      active = true;
    },
    update({ done, message, metrics }) {
      if (!active) return;
      const payload: Record<string, string> = {};
      if (message !== undefined) payload.message = message;
      if (metrics?.loss !== undefined) payload.loss = ` · loss ${metrics.loss.toPrecision(5)}`;
      if (done !== undefined) bar.update(done, { ...payload, loss: payload.loss ?? '' });
      else bar.update(payload);
    },
    log(message) {
      stream.write(`\r\x1b[K${message}\n`);
    },
    finish() {
      if (active) bar.stop();
      active = false;
    },
  };
}
