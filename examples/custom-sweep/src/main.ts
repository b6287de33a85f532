import { runInStore } from '@attention-hd/experiments';
import { noiseSweep } from './noise-sweep.js';

// `pnpm --filter @attention-hd-examples/custom-sweep start [-- --quick]`: runs the sweep into
// runs/noise-sweep/<timestamp>-<hash>/ (resumable, like `attention-hd run`) and prints the report.
const report = await runInStore(noiseSweep(), { quick: process.argv.includes('--quick') });
console.log(JSON.stringify(report, null, 2));
