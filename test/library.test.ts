/**
 * regsim as a library, imported by its package name as a user's project
 * would (`exports`, resolved by this package's self-reference to the build in
 * dist/lib, which the suite's global set-up keeps current): the public
 * API is there, the README's library example runs as written, and the
 * README's commands use only options their command takes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as regsim from 'regsim';
import { referenceAdapter, adapterMethodName } from 'regsim/testing';
import { COMMANDS, optionNames } from '../src/cli/help.ts';
import { ROOT } from './regsimProcess.ts';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SCRATCH = join(ROOT, '.scratch', `library-${process.pid}`);
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

describe('import … from "regsim"', () => {
  it('exports what the README names: loading, evaluating, machines, paths, the catalogue, formats, storyboards', () => {
    const named = [
      'loadScenarioFile', 'loadAll', 'Scenario', 'formatDiagnostic', 'evaluate', 'runScenario', 'checkExpectations',
      'MACHINES', 'machineFor', 'possibleEvents', 'planScenario', 'generatePaths', 'countPaths', 'CoverageTracker',
      'EVENT_WORDS', 'SCREENS', 'instruction', 'eventLabel', 'gherkinStep', 'shownScreen', 'pathWords', 'checklist',
      'writerFor', 'FORMATS', 'storyboard', 'storyMarkdown', 'storyHtml',
    ];
    for (const name of named) {
      expect(README, name).toContain(`\`${name}\``);
      expect(regsim, name).toHaveProperty(name);
    }
    expect(regsim.VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('loads, evaluates and walks a scenario through the package alone', () => {
    const loaded = regsim.loadScenarioFile(join(ROOT, 'scenarios/caveat3-windows-app-windows-error.yaml'));
    if (!loaded.ok) throw new Error('load failed');
    const s = loaded.variants[0]!;
    expect(regsim.runScenario(s).outcome).toBe(s.expect.final);
    const [walk] = regsim.generatePaths(regsim.planScenario(s), { criterion: 'transitions' });
    expect(walk!.id).toBe(regsim.WALK_ID);
  });

  it('loads in plain node, with no TypeScript loader: the package resolves to the JavaScript built in dist/lib', () => {
    const script = [
      "import * as regsim from 'regsim';",
      "import { referenceAdapter } from 'regsim/testing';",
      "const loaded = regsim.loadScenarioFile('scenarios/caveat3-windows-app-windows-error.yaml');",
      "console.log(JSON.stringify({ version: regsim.VERSION, outcome: regsim.runScenario(loaded.variants[0]).outcome, adapter: typeof referenceAdapter }));",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const loaded = regsim.loadScenarioFile(join(ROOT, 'scenarios/caveat3-windows-app-windows-error.yaml'));
    if (!loaded.ok) throw new Error('load failed');
    expect(JSON.parse(out)).toEqual({ version: regsim.VERSION, outcome: loaded.variants[0]!.expect.final, adapter: 'function' });
  });

  it('regsim/testing: the reference adapter has one method per event type', () => {
    const loaded = regsim.loadScenarioFile(join(ROOT, 'scenarios/walk-interrupt-int06-swap-to-email.yaml'));
    if (!loaded.ok) throw new Error('load failed');
    const { id: _id, variant: _variant, ...input } = loaded.variants[0]!;
    const adapter = referenceAdapter(input, { path: 'W001', scenario: 'x', file: 'x' }) as unknown as Record<string, unknown>;
    for (const type of [...regsim.PLAIN_EVENT_TYPES, ...regsim.METHOD_EVENT_TYPES]) expect(typeof adapter[adapterMethodName(type)], type).toBe('function');
  });
});

describe('the README', () => {
  it('runs its library example as written', async () => {
    const example = /```ts\n(\/\/ example\.ts[\s\S]*?)```/.exec(README)?.[1];
    expect(example).toBeDefined();
    mkdirSync(SCRATCH, { recursive: true });
    const file = join(SCRATCH, 'example.ts');
    writeFileSync(file, example!);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const cwd = process.cwd();
    let lines: string[];
    try {
      process.chdir(ROOT);
      await import(file);
      lines = log.mock.calls.map((c) => c.join(' '));
    } finally {
      process.chdir(cwd);
      log.mockRestore();
    }
    const loaded = regsim.loadScenarioFile(join(ROOT, 'scenarios/caveat3-windows-app-windows-error.yaml'));
    if (!loaded.ok) throw new Error('load failed');
    expect(lines[0]).toBe(`offered: ${regsim.evaluate(loaded.variants[0]!).offered.join(', ')}`);
    expect(lines[1]).toMatch(/^W001 Sign in › Sign in with the TAP › Next › /);
  });

  it('uses, in its `npx regsim` examples, only commands and options that exist', () => {
    const lines = [...README.matchAll(/^npx regsim (\S+)(.*)$/gm)];
    expect(lines.length).toBeGreaterThan(20);
    for (const [line, command, rest] of lines) {
      const spec = COMMANDS.find((c) => c.name === command);
      expect(spec, line).toBeDefined();
      for (const [, flag] of rest!.replace(/#.*$/, '').matchAll(/\s--([a-z][a-z-]*)/g)) {
        expect([...optionNames(spec!), 'help', 'version'], line).toContain(flag);
      }
    }
  });
});
