#!/usr/bin/env node
// `npm test`: the type check and the test files side by side rather than one
// after the other. tsc's report is printed after vitest's, and the run fails
// when either fails. Extra arguments go to vitest.
//
// The type check is two TypeScript projects (tsconfig.types.json, the
// declarations `npm install` builds into types/, and tsconfig.check.json,
// everything else, checked against those declarations), so the sources that
// `npm install` has just checked are not checked a second time: `tsc -b`
// checks them again only when one has changed since. types/ is brought up to
// date first, so that tsc beside vitest never rebuilds it; vitest's global
// setup, told so by REGSIM_TYPES_CURRENT, skips its own run (it still makes
// it for a bare `npx vitest`, test/globalSetup.ts).
import { spawn, spawnSync } from 'node:child_process';
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

spawnSync(process.execPath, [tscBin, '-b', 'tsconfig.types.json'], { stdio: 'ignore' });
const tsc = spawn(process.execPath, [tscBin, '-b', 'tsconfig.check.json'], { stdio: ['ignore', 'pipe', 'pipe'] });
const tscOutput = [];
tsc.stdout.on('data', (c) => tscOutput.push(c));
tsc.stderr.on('data', (c) => tscOutput.push(c));
const tscDone = new Promise((resolve) => tsc.on('close', (code) => resolve(code ?? 1)));

// types/ is current now: vitest's global setup need not ask tsc a second time.
const vitest = spawn(process.execPath, [vitestBin, 'run', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, REGSIM_TYPES_CURRENT: '1' } });
const vitestCode = await new Promise((resolve) => vitest.on('close', (code) => resolve(code ?? 1)));
const tscCode = await tscDone;

if (tscCode === 0) process.stdout.write('\n tsc -b tsconfig.check.json: no type errors\n');
else process.stdout.write(`\n tsc -b tsconfig.check.json: type errors\n${Buffer.concat(tscOutput).toString('utf8')}`);
process.exitCode = vitestCode !== 0 ? vitestCode : tscCode;
