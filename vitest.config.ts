import { defineConfig } from 'vitest/config';

/**
 * Tests assert behaviour, never speed (timing targets live in `npm run bench`),
 * so the per-test limit only catches a hang: a slow CI machine must not turn
 * vitest's 5 s default into a failure.
 *
 * Two projects. `regsim` is this repo's own suite, found under test/ only.
 * `generated` is any folder of tests that `regsim paths --format vitest --out
 * DIR` wrote in this clone, so the README's `npx vitest run t/` runs those
 * alone: vitest matches a filter as a substring of each file's path relative
 * to the project's directory, and `t/` would otherwise also match every file
 * under `test/`.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'regsim', dir: 'test' } },
      {
        extends: true,
        test: {
          name: 'generated',
          include: ['**/*.test.ts'],
          exclude: ['test/**', '**/node_modules/**', '.git/**', 'types/**'],
        },
      },
    ],
  },
});
