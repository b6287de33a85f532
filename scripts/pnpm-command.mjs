// How scripts run pnpm: the pinned version through npx when no pnpm is on the PATH (the README's
// set-up needs only Node), else the pnpm that runs this script (npm_execpath) or the global one.
import { execFileSync } from 'node:child_process';

export function pnpmCommand() {
  const execpath = process.env.npm_execpath;
  if (execpath !== undefined && /pnpm/.test(execpath)) return [process.execPath, execpath];
  try {
    execFileSync('pnpm', ['--version'], { stdio: 'ignore' });
    return ['pnpm'];
  } catch {
    return ['npx', '-y', 'pnpm@10.34.9'];
  }
}
