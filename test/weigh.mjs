#!/usr/bin/env node
// Measures how long each test file takes — collecting it (what runs at its
// top level, such as exploring the shipped graphs) and running its tests —
// and writes test/weights.json, the order test/sequencer.ts hands the files
// to vitest's workers (longest first). Run it after adding a test file or
// changing what a file costs by seconds: `node test/weigh.mjs` (it runs the
// whole suite once; the weights are only an order, so any machine will do).
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVitest } from 'vitest/node';

const root = fileURLToPath(new URL('..', import.meta.url));
const seconds = [];
const weigher = {
  onTestRunEnd(modules) {
    for (const m of modules) {
      const file = relative(root, m.moduleId).split('\\').join('/');
      // Only the repo's own files: a folder of generated tests left in the clone is not the suite.
      if (!file.startsWith('test/')) continue;
      const d = m.diagnostic();
      seconds.push([file, Math.round((d.collectDuration + d.setupDuration + d.duration) / 100) / 10]);
    }
  },
};
const vitest = await startVitest('test', [], { watch: false, reporters: ['dot', weigher] });
const ok = vitest.state.getCountOfFailedTests() === 0 && process.exitCode !== 1;
await vitest.close();
if (!ok || seconds.length === 0) {
  process.stderr.write('weigh: the suite failed; weights not written\n');
  process.exit(1);
}
seconds.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
writeFileSync(join(root, 'test', 'weights.json'), `${JSON.stringify(Object.fromEntries(seconds), null, 2)}\n`);
process.stdout.write(`wrote test/weights.json: ${seconds.length} files\n`);
