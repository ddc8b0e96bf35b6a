/**
 * One broken file does not stop a run: `run`, `paths` and `check` on a
 * directory report each file that does not load as a failed entry, with its
 * file:line:col errors, run all the others, and exit non-zero; a directory
 * with no scenario file is a usage error. In-process, as the commands run.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { checkCommand } from '../src/cli/check.ts';
import { UsageError } from '../src/cli/output.ts';
import { pathsCommand, DEFAULT_LIMIT } from '../src/cli/paths.ts';
import { runCommand } from '../src/cli/run.ts';
import { captured } from './regsimInProcess.ts';

const TMP = mkdtempSync(join(tmpdir(), 'regsim-isolation-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const DIR = join(TMP, 'mixed');
mkdirSync(DIR);
const GOOD = join(DIR, 'good.yaml');
const BROKEN = join(DIR, 'broken.yaml');
copyFileSync('scenarios/walk-passkey-browser-cancel.yaml', GOOD);
writeFileSync(BROKEN, 'name: broken\ntenat:\n  authenticationMethods: { enabled: [emial] }\n');

const paths = (format: 'json' | 'md', out?: string) => pathsCommand([DIR], {
  format, cover: 'transitions', out, count: false, limit: DEFAULT_LIMIT, shard: undefined, seed: 1, until: 'transitions', maxStates: undefined,
});

describe('a directory with one broken and one good scenario', () => {
  it('run: runs the good one, lists the broken one as failed with its errors, exits 2', async () => {
    const r = await captured(() => runCommand([DIR], { json: false, profile: undefined, verbose: false }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${BROKEN}:2:1: error: unknown field "tenat"; did you mean "tenant"?`);
    const rows = r.stdout.split('\n');
    expect(rows[1]).toMatch(/^✗ +broken +does not load/);
    expect(rows[2]).toMatch(/^✓ +good +passkey /);
    expect(r.stdout).toContain('Scenarios  1 passed (1) | 1 file did not load');
    const json = await captured(() => runCommand([DIR], { json: true, profile: undefined, verbose: false }));
    const doc = JSON.parse(json.stdout) as { scenarios: Array<{ file: string; ok: boolean; diagnostics?: Array<{ line: number; col: number }> }>; summary: Record<string, number> };
    expect(doc.scenarios.map((s) => [s.file, s.ok])).toEqual([[BROKEN, false], [GOOD, true]]);
    expect(doc.scenarios[0]!.diagnostics?.map((d) => `${d.line}:${d.col}`)).toEqual(['1:1', '2:1']);
    expect(doc.summary).toEqual({ passed: 1, failed: 0, total: 1, unloadable: 1, internalErrors: 0 });
  });

  it('paths: lists the good one\'s paths, the broken one as a failed entry of the same whole document, exits 2', async () => {
    const r = await captured(() => paths('json'));
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { scenarios: Array<{ file: string; error?: string; paths?: unknown[] }> };
    expect(doc.scenarios.map((s) => [s.file, s.error?.startsWith('does not load: 2 errors') ?? false, (s.paths?.length ?? 0) > 0])).toEqual([[BROKEN, true, false], [GOOD, false, true]]);
    const md = await captured(() => paths('md', join(TMP, 'qa')));
    expect(md.code).toBe(2);
    expect(md.stdout).toBe(`wrote 1 file to ${join(TMP, 'qa')}\n`);
  });

  it('check: checks the good one, lists the broken one, exits 2', async () => {
    const r = await captured(() => checkCommand([DIR], { json: false }));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^! +broken +does not load: 2 errors/);
    expect(r.stdout).toMatch(/\n✓ +good +\d+ states/);
  });
});

describe('paths that name no scenario', () => {
  it('a directory with none, or a pattern that matches none, is a usage error naming it; a missing file is a failed entry', async () => {
    const empty = join(TMP, 'empty');
    mkdirSync(empty);
    await expect(runCommand([empty], { json: false, profile: undefined, verbose: false })).rejects.toThrow(new UsageError(`no scenario files in ${empty} (looked for *.yaml and *.yml)`));
    await expect(checkCommand([join(TMP, '*.yml')], { json: false })).rejects.toThrow(/^no scenario files in .*\*\.yml/);
    const missing = await captured(() => runCommand([join(TMP, 'typo.yaml'), GOOD], { json: false, profile: undefined, verbose: false }));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(TMP, 'typo.yaml')}:1:1: error: no such file or directory`);
  });
});
