// Publishability of every non-private workspace package (run after the build): publint in strict
// mode (warnings fail), and the `pnpm pack` file list holds only dist (code, types, source maps with their sources inlined), bin, README,
// LICENSE and package.json — no sources, tests or build info.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { pnpmCommand } from './pnpm-command.mjs';

const root = new URL('..', import.meta.url).pathname;
const directories = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(root, group, name)),
);
// source maps of the code only, with their sources inlined (src/ is not packed)
const allowed = /^(dist\/.+\.(js|d\.ts|js\.map)|bin\/[\w-]+\.js|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/;
const forbidden = /\.(spec|int\.spec|slow\.spec)\.|\.tsbuildinfo$/;
let failures = 0;

for (const directory of directories) {
  const manifestPath = join(directory, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.private) continue;
  const problems = [];
  const [pnpm, ...pnpmArgs] = pnpmCommand();
  // pack once with the pnpm the README's set-up provides, and give publint the tarball (its own
  // `pack: 'pnpm'` would spawn a global pnpm, which a fresh machine does not have)
  const destination = mkdtempSync(join(tmpdir(), 'attention-hd-pack-'));
  const packed = JSON.parse(
    execFileSync(pnpm, [...pnpmArgs, 'pack', '--json', '--pack-destination', destination], {
      cwd: directory,
      encoding: 'utf8',
    }),
  );
  const tarball = readFileSync(packed.filename);
  rmSync(destination, { recursive: true, force: true });
  const files = packed.files.map((f) => f.path);
  for (const file of files) {
    if (!allowed.test(file) || forbidden.test(file)) problems.push(`packs ${file} (only dist, README, LICENSE)`);
  }
  for (const needed of ['README.md', 'CHANGELOG.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
    if (!files.includes(needed)) problems.push(`does not pack ${needed}`);
  }
  const { messages, pkg } = await publint({
    // no pkgDir: publint lints the unpacked tarball at its own root
    pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
    strict: true,
    level: 'warning',
  });
  for (const message of messages) problems.push(`publint ${message.type}: ${formatMessage(message, pkg)}`);
  console.log(`${manifest.name}: ${files.length} files${problems.length === 0 ? ', publint: all good' : ''}`);
  for (const problem of problems) console.log(`  ✗ ${problem}`);
  failures += problems.length;
}
if (failures > 0) {
  console.error(`${failures} packaging problem(s)`);
  process.exit(1);
}
