// Releases the public packages with changesets (docs: README "Releases").
//   pnpm release --dry-run   what the next version step would bump, and `pnpm publish --dry-run` of
//                            every public package at its current version (packs, checks, no upload)
//   pnpm release version     applies the pending changesets: versions, CHANGELOG.md, lockfile
//   pnpm release publish     publishes every package whose version is not on the registry yet
//                            (changeset publish: pnpm publish + git tags), from a clean main
// Every package's repository.url must be the root's, and the real publish also checks it against
// the `origin` remote, so a release cannot point users at the wrong repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pnpmCommand } from './pnpm-command.mjs';

const root = new URL('..', import.meta.url).pathname;
const [pnpm, ...pnpmArgs] = pnpmCommand();
const mode = process.argv.includes('--dry-run') ? 'dry-run' : (process.argv[2] ?? '');

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

function run(command, args, cwd = root) {
  console.log(`$ ${[command, ...args].join(' ')}${cwd === root ? '' : `   (in ${cwd.slice(root.length)})`}`);
  try {
    execFileSync(command, args, { cwd, stdio: 'inherit' });
  } catch (error) {
    fail(`\`${[command, ...args].join(' ')}\` failed (exit ${error.status ?? error.signal ?? error.code})`);
  }
}

function git(args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
}

function publicPackages() {
  return ['packages', 'apps']
    .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => !manifest.private);
}

function checkManifests(packages) {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const url = rootManifest.repository?.url;
  if (typeof url !== 'string') fail('package.json has no repository.url');
  const versions = new Set(packages.map(({ manifest }) => manifest.version));
  for (const { dir, manifest } of packages) {
    if (manifest.repository?.url !== url) fail(`${dir}/package.json: repository.url is not ${url}`);
    if (!existsSync(join(dir, 'dist', 'index.js'))) fail(`${dir}: not built (run the build first)`);
  }
  // the packages are linked in .changeset/config.json: one version for all
  if (versions.size !== 1) fail(`the public packages have different versions: ${[...versions].join(', ')}`);
  return { url, version: [...versions][0] };
}

const packages = publicPackages();
const { url, version } = checkManifests(packages);
const changeset = [process.execPath, join(root, 'node_modules', '@changesets', 'cli', 'bin.js')];

if (mode === 'dry-run') {
  console.log(`release --dry-run: ${packages.length} packages at ${version}`);
  run(changeset[0], [changeset[1], 'status', '--verbose']);
  for (const { dir, manifest } of packages) {
    // npm's per-file notices only when it fails; else one line per package
    const result = spawnSync(pnpm, [...pnpmArgs, 'publish', '--dry-run', '--no-git-checks', '--access', 'public'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const output = `${result.stdout}${result.stderr}`;
    if (result.status !== 0) {
      console.error(output);
      fail(`${manifest.name}: pnpm publish --dry-run failed (exit ${result.status ?? result.signal})`);
    }
    const files = /total files:\s*(\d+)/.exec(output)?.[1] ?? '?';
    const size = /package size:\s*(\S+ \S+)/.exec(output)?.[1] ?? '?';
    console.log(`  ${manifest.name}@${manifest.version}: would publish ${files} files, ${size}`);
  }
  console.log(`release --dry-run: every package packs and would publish at ${version}`);
} else if (mode === 'version') {
  run(changeset[0], [changeset[1], 'version']);
  run(pnpm, [...pnpmArgs, 'install', '--lockfile-only']);
  console.log('release version: review the versions and CHANGELOG.md files, commit, then `pnpm release publish`');
} else if (mode === 'publish') {
  if (git(['status', '--porcelain']) !== '') fail('the checkout has uncommitted changes');
  if (git(['rev-parse', '--abbrev-ref', 'HEAD']) !== 'main') fail('publish from main');
  const origin = git(['remote', 'get-url', 'origin'])
    .replace(/^git\+/, '')
    .replace(/\.git$/, '');
  if (origin !== url.replace(/^git\+/, '').replace(/\.git$/, '')) {
    fail(`repository.url ${url} is not the origin remote ${origin}: correct package.json first`);
  }
  const pending = readdirSync(join(root, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  if (pending.length > 0) fail(`${pending.length} changeset(s) pending: run \`pnpm release version\` first`);
  run(changeset[0], [changeset[1], 'publish']);
  console.log('release publish: push the tags with `git push --follow-tags`');
} else {
  fail(`unknown mode '${process.argv.slice(2).join(' ')}': use --dry-run, version or publish`);
}
