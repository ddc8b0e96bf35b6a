/**
 * Once before the suite: the CLI tests spawn `bin/regsim.js` as a user runs
 * it, which runs the build in dist/ — so an edited source is built first,
 * rather than tested through the slower tsx fallback (whose one-line note
 * would also reach the tests' stderr).
 */
import { buildCli, buildIsCurrent } from '../src/build.ts';

export default async function setup(): Promise<void> {
  if (!buildIsCurrent()) await buildCli();
}
