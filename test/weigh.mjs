#!/usr/bin/env node
// Measures how long each test file takes and writes test/weights.json, the
// order test/sequencer.ts hands the files to vitest's workers (longest
// first). Run it after adding a test file or changing what a file costs by
// seconds: `node test/weigh.mjs` (it runs the whole suite once).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'regsim-weigh-'));
const report = join(dir, 'report.json');
const run = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/', '--reporter=json', `--outputFile=${report}`],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (run.status !== 0) {
  process.stderr.write('weigh: the suite failed; weights not written\n');
  process.exit(1);
}
const { testResults } = JSON.parse(readFileSync(report, 'utf8'));
rmSync(dir, { recursive: true, force: true });
const seconds = testResults
  .map((f) => [relative(root, f.name).split('\\').join('/'), Math.round((f.endTime - f.startTime) / 100) / 10])
  .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
writeFileSync(join(root, 'test', 'weights.json'), `${JSON.stringify(Object.fromEntries(seconds), null, 2)}\n`);
process.stdout.write(`wrote test/weights.json: ${seconds.length} files\n`);
