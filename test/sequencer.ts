/**
 * The order vitest hands the test files to its workers: longest first, by the
 * seconds each file took in a measured run (test/weights.json, written by
 * `node test/weigh.mjs`). Each worker takes the next file when it is free, so
 * with the long files first the short ones fill in at the end and neither
 * core idles while the other finishes a long file — which is what happens on
 * a fresh clone, where vitest has no durations of its own yet and takes the
 * largest files first, not the longest. The order is the same on every
 * machine and run. A file the weights do not list yet counts as short.
 *
 * Files of a project that isolates them come first (the file that mocks a
 * module, and any generated tests in the clone): each starts a worker of
 * its own wherever it runs, and at the start it runs beside the first long
 * file rather than alone at the end, with the other core idle. The projects
 * that share their modules then keep vitest's own order (by name), each
 * project's files together: a worker that shares its modules is reused only
 * while the next file is of its project, so a file of another project in
 * between would start a new worker, which explores the shipped graphs again.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds per file, by path from the repository's root. */
const WEIGHTS: Record<string, number> = JSON.parse(readFileSync(new URL('./weights.json', import.meta.url), 'utf8'));
/** A file not measured yet: as long as most of the short ones. */
const UNMEASURED = 0.5;

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const weight = (f: TestSpecification) => WEIGHTS[relative(this.ctx.config.root, f.moduleId).split('\\').join('/')] ?? UNMEASURED;
    const path = (f: TestSpecification) => relative(this.ctx.config.root, f.moduleId);
    const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const sharesModules = (f: TestSpecification) => (f.project.config.isolate ? 0 : 1);
    return [...files].sort((a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder
      || sharesModules(a) - sharesModules(b)
      || byName(a.project.name, b.project.name)
      || weight(b) - weight(a)
      || byName(path(a), path(b)));
  }
}
