#!/usr/bin/env node
// The `attention-hd` command. A committed launcher (not dist/bin.js itself) so that installing the
// workspace links the command before the first build without a "Failed to create bin" warning, and
// so that a command run before the build says what to do instead of a module-not-found trace.
import { existsSync } from 'node:fs';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('attention-hd is not built yet: run `npx -y pnpm@10.34.9 build` in the repository root first\n');
  process.exit(1);
}
await import(built.href);
