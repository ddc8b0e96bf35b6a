/**
 * Once before the suite, what the tests run against is brought up to date:
 * - dist/: the CLI tests spawn `bin/regsim.js` as a user runs it, which runs
 *   the build there — so an edited source is built first, rather than tested
 *   through the slower tsx fallback (whose one-line note would also reach
 *   the tests' stderr);
 * - types/: a test type-checks a user's project against the declarations
 *   `npm install` builds. `tsc -b` rebuilds them only when a source has
 *   changed; its type errors are `npm test`'s type check to report. Skipped
 *   when `npm test` has just done it (REGSIM_TYPES_CURRENT=1).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildCli, buildIsCurrent } from '../src/build.ts';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

export default async function setup(): Promise<void> {
  if (process.env.REGSIM_TYPES_CURRENT !== '1') spawnSync(process.execPath, [tsc, '-b', 'tsconfig.types.json'], { stdio: 'ignore' });
  if (!buildIsCurrent()) await buildCli();
}
