import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PACKAGES = [
  '@attention-hd/core',
  '@attention-hd/targets',
  '@attention-hd/spectra',
  '@attention-hd/theory-amp',
  '@attention-hd/trainer-gpu',
  '@attention-hd/experiments',
  '@attention-hd/cli',
];

/** The installed version of each attention-hd package ('not installed' where absent). */
export function packageVersions(): Record<string, string> {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      packages[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      packages[name] = 'not installed';
    }
  }
  return packages;
}
