import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/sequencer.ts';

/**
 * Tests assert behaviour, never speed (timing targets live in `npm run bench`),
 * so the per-test limit only catches a hang: a slow CI machine must not turn
 * vitest's 5 s default into a failure.
 *
 * This repo's own suite is found under test/ only. Its files share their
 * workers' modules (`isolate: false`), so what `test/shipped.ts` loads and
 * explores once serves every file that reads the shipped scenarios; a file
 * that mocks a module runs isolated (`regsim-isolated`), where its mock
 * cannot reach the others.
 *
 * One worker per core: vitest's default keeps one core for itself (one
 * worker on a 2-core machine), which idles while the files run. The files
 * start longest first (test/sequencer.ts), so the short ones end the run.
 *
 * Transformed modules are kept on disk (`fsModuleCache`, in node_modules,
 * keyed on each file's content), so a run after the first compiles only
 * what changed: about 3 CPU s of the main process's on every later run.
 *
 * `generated` is any folder of tests that `regsim paths --format vitest --out
 * DIR` wrote in this clone, so the README's `npx vitest run t/` runs those
 * alone: vitest matches a filter as a substring of each file's path relative
 * to the project's directory, and `t/` would otherwise also match every file
 * under `test/`.
 */
const MOCKING = ['inspect.failure.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/globalSetup.ts'],
    experimental: { fsModuleCache: true },
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LongestFirst },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'regsim', dir: 'test', exclude: MOCKING.map((f) => `**/${f}`), isolate: false } },
      { extends: true, test: { name: 'regsim-isolated', dir: 'test', include: MOCKING.map((f) => `**/${f}`) } },
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
