// Runs every command line of the READMEs that starts the CLI (or an example), as written, in its
// --quick form, from the repository root: the READMEs promise that they work on a fresh clone.
//   node scripts/readme-commands.mjs [--list]
// A command is a line of a ```sh block that starts with `npx attention-hd` or
// `npx -y pnpm@… --filter … start` (with `\` continuation lines joined). Quick form: `run` and
// `train` get `--quick` when they lack it, and the run store is a temporary directory (`--out` of
// `run` and `runs`, and a path argument `runs/…`), so nothing is resumed from, or left in, the
// checkout's runs/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_S = 300;

function readmes() {
  const files = [join(root, 'README.md')];
  for (const group of ['packages', 'apps', 'examples']) {
    for (const entry of readdirSync(join(root, group))) {
      const file = join(root, group, entry, 'README.md');
      if (existsSync(file)) files.push(file);
    }
  }
  return files;
}

/** The shell commands of the ```sh blocks of one markdown file, continuation lines joined. */
export function shellCommands(markdown) {
  const commands = [];
  let inBlock = false;
  let pending = '';
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) {
      inBlock = !inBlock && /^```(sh|bash|shell)\s*$/.test(line);
      pending = '';
      continue;
    }
    if (!inBlock) continue;
    const joined = pending + line.trim();
    if (joined.endsWith('\\')) {
      pending = `${joined.slice(0, -1).trimEnd()} `;
      continue;
    }
    pending = '';
    if (joined !== '') commands.push(joined);
  }
  return commands;
}

const STARTS_CLI = /^npx attention-hd\b/;
const STARTS_EXAMPLE = /^npx -y pnpm@\S+ --filter \S+ start\b/;

/** The command in its quick form, or null when it does not start the CLI or an example. */
export function quickForm(command, outDir) {
  if (!STARTS_CLI.test(command) && !STARTS_EXAMPLE.test(command)) return null;
  const code = command.replace(/\s+#.*$/, '');
  if (!STARTS_CLI.test(code)) return code;
  const words = code.split(/\s+/);
  // the subcommand: the first word after the global options (--plugin <module>)
  let i = 2;
  while (words[i]?.startsWith('--')) i += 2;
  const sub = words[i];
  const extra = [];
  if ((sub === 'run' || sub === 'train') && !words.includes('--quick')) extra.push('--quick');
  if ((sub === 'run' || sub === 'runs') && !words.includes('--out')) extra.push('--out', outDir);
  // the store root `runs` named as a path (report runs, plot runs/…) is the temporary store too
  const redirected = words.map((word, k) => (k > i && /^runs(\/|$)/.test(word) ? word.replace(/^runs/, outDir) : word));
  return [...redirected, ...extra].join(' ');
}

function main() {
  const listOnly = process.argv.includes('--list');
  const outDir = listOnly ? '<tmp>' : mkdtempSync(join(tmpdir(), 'attention-hd-readme-'));
  const plan = [];
  for (const file of readmes()) {
    for (const command of shellCommands(readFileSync(file, 'utf8'))) {
      const quick = quickForm(command, outDir);
      // a command repeated in two READMEs runs once
      if (quick !== null && !plan.some((p) => p.command === quick)) plan.push({ file: relative(root, file), command: quick });
    }
  }
  if (listOnly) {
    for (const { file, command } of plan) console.log(`${file}: ${command}`);
    return 0;
  }
  const failures = [];
  for (const { file, command } of plan) {
    const start = process.hrtime.bigint();
    const result = spawnSync('bash', ['-c', command], {
      cwd: root,
      encoding: 'utf8',
      timeout: TIMEOUT_S * 1000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const ok = result.status === 0;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${seconds.toFixed(1).padStart(6)} s  ${file}: ${command}`);
    if (!ok) {
      const why = result.error ? String(result.error) : `exit ${result.status ?? result.signal}`;
      failures.push(`${file}: ${command}\n  ${why}\n${(result.stderr ?? '').trim().split('\n').slice(-15).join('\n')}`);
    }
  }
  rmSync(outDir, { recursive: true, force: true });
  if (failures.length > 0) {
    console.error(`\n${failures.length} of ${plan.length} README commands failed:\n\n${failures.join('\n\n')}`);
    return 1;
  }
  console.log(`all ${plan.length} README commands ran`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
