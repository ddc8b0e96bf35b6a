#!/usr/bin/env node
// `npm test`: the type check and the test files side by side rather than one
// after the other. tsc is one process on one core, and vitest's workers wait
// on browsers and spawned commands for part of their run, so the two together
// take about as long as vitest alone. tsc's report is printed after vitest's,
// and the run fails when either fails. Extra arguments go to vitest.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
/** A package's command, from its package.json's `bin` (its `exports` need not list the file). */
function binOf(pkg, name) {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[name]);
}
const tscBin = binOf('typescript', 'tsc');
const vitestBin = binOf('vitest', 'vitest');

const tsc = spawn(process.execPath, [tscBin, '--noEmit', '-p', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
const tscOutput = [];
tsc.stdout.on('data', (c) => tscOutput.push(c));
tsc.stderr.on('data', (c) => tscOutput.push(c));
const tscDone = new Promise((resolve) => tsc.on('close', (code) => resolve(code ?? 1)));

const vitest = spawn(process.execPath, [vitestBin, 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
const vitestCode = await new Promise((resolve) => vitest.on('close', (code) => resolve(code ?? 1)));
const tscCode = await tscDone;

if (tscCode === 0) process.stdout.write('\n tsc --noEmit: no type errors\n');
else process.stdout.write(`\n tsc --noEmit: type errors\n${Buffer.concat(tscOutput).toString('utf8')}`);
process.exitCode = vitestCode !== 0 ? vitestCode : tscCode;
