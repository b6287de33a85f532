// Each published package works alone: pack every workspace package, then for each package below
// make a fresh npm project that installs its tarball and only the attention-hd tarballs it
// declares (dependencies and peerDependencies, transitively), type-check the first TypeScript
// example of its README against the installed types, and run it. A missing declaration fails here
// the way it would for a user ("No bindings found for …", "Cannot find package …").
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pnpmCommand } from './pnpm-command.mjs';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const ts = require('typescript');
const checked = ['core', 'targets', 'spectra', 'theory-amp', 'trainer-gpu', 'experiments'];
const work = mkdtempSync(join(tmpdir(), 'attention-hd-standalone-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);

const manifests = new Map();
for (const name of readdirSync(join(root, 'packages'))) {
  const directory = join(root, 'packages', name);
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  const [pnpm, ...pnpmArgs] = pnpmCommand();
  execFileSync(pnpm, [...pnpmArgs, 'pack', '--pack-destination', tarballs], { cwd: directory, stdio: 'ignore' });
  manifests.set(manifest.name, manifest);
}
const tarballOf = (name) => {
  const file = readdirSync(tarballs).find((f) => f.startsWith(`${name.replace('@', '').replace('/', '-')}-`));
  if (file === undefined) throw new Error(`no tarball for ${name}`);
  return join(tarballs, file);
};

/** the package and every attention-hd package it declares, transitively */
function closure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const manifest = manifests.get(name);
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (dependency.startsWith('@attention-hd/')) closure(dependency, seen);
  }
  return seen;
}

let failures = 0;
for (const short of checked) {
  const name = `@attention-hd/${short}`;
  const project = join(work, short);
  mkdirSync(project);
  const installed = [...closure(name)];
  const dependencies = Object.fromEntries(installed.map((n) => [n, `file:${tarballOf(n)}`]));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: `standalone-${short}`, private: true, type: 'module', dependencies }, null, 2),
  );
  const readme = readFileSync(join(root, 'packages', short, 'README.md'), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (example === undefined) {
    console.log(`${name}: ✗ README has no TypeScript example`);
    failures++;
    continue;
  }
  const started = performance.now();
  try {
    // no install scripts: none of our dependencies needs one to work, and onnxruntime-node's would
    // try to fetch its optional CUDA provider from outside the registry
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], {
      cwd: project,
      stdio: 'pipe',
    });
    writeFileSync(join(project, 'example.mts'), example);
    const diagnostics = typeCheck(join(project, 'example.mts'));
    if (diagnostics.length > 0) throw new Error(`type errors in the README example:\n${diagnostics.join('\n')}`);
    const js = ts.transpileModule(example, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    writeFileSync(join(project, 'example.mjs'), js);
    execFileSync(process.execPath, ['example.mjs'], { cwd: project, stdio: 'pipe', timeout: 120_000 });
    const count = countPackages(join(project, 'node_modules'));
    console.log(
      `${name}: README example runs alone (installed ${installed.join(', ')}; ${count} packages in node_modules; ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  } catch (error) {
    failures++;
    const output = [error.stderr, error.stdout].filter(Boolean).map(String).join('\n').trim();
    console.log(`${name}: ✗ ${error.message.split('\n')[0]}\n${output.split('\n').slice(-15).join('\n')}`);
  }
}
rmSync(work, { recursive: true, force: true });
if (failures > 0) {
  console.error(`${failures} package(s) do not work alone`);
  process.exit(1);
}

function typeCheck(file) {
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? `${d.file.fileName}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

function countPackages(directory) {
  let count = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@')) count += readdirSync(join(directory, entry.name)).length;
    else count++;
  }
  return count;
}
