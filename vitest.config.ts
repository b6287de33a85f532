import { defineConfig } from 'vitest/config';

// Three projects: unit (*.spec.ts), integration (*.int.spec.ts, real containers and the CLI),
// slow (*.slow.spec.ts, excluded from the default `pnpm test`). All import sibling packages from
// source through the `source` export condition, so tests need no build.
// `tsconfig`: oxc must see experimentalDecorators for every file, spec files included (the package
// tsconfigs exclude specs, so they would otherwise be compiled without legacy decorators).
const conditions = ['source', 'module', 'node', 'development|production'];
const shared = { resolve: { conditions }, ssr: { resolve: { conditions } }, tsconfig: 'tsconfig.test.json' };
const sources = ['packages/*/src/**', 'apps/*/src/**', 'examples/*/src/**'];

export default defineConfig({
  ...shared,
  test: {
    // `run` defaults to a worker per core; tests run one thread unless they ask for workers
    // (apps/cli/src/e2e/workers.int.spec.ts), so the suite's timing does not depend on the machine
    env: { ATTENTION_HD_WORKERS: '1' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: sources.map((s) => `${s}/*.spec.ts`),
          exclude: ['**/*.int.spec.ts', '**/*.slow.spec.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: sources.map((s) => `${s}/*.int.spec.ts`),
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: sources.map((s) => `${s}/*.slow.spec.ts`),
          testTimeout: 1_800_000,
        },
      },
    ],
  },
});
