/**
 * `regsim paths --format vitest`: the test files it writes run in vitest as
 * they stand — in a user's own project that installed regsim (where they also
 * type-check against regsim's declarations), and in this clone (`npx vitest
 * run t/`) — pass with the reference adapter, and fail when one expectation
 * in one file is changed. The process boundary is what
 * is under test here, so vitest runs as its own process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pathsCommand } from '../src/cli/paths.ts';
import { ADAPTER_FILE, ADAPTER_SOURCE } from '../src/paths/vitest.ts';
import { ROOT, type Result } from './regsimProcess.ts';

const FILE = 'scenarios/walk-interrupt-int06-swap-to-email.yaml';
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

/** A node script of the repo's, run in `cwd` as a user would run it there. */
function run(cwd: string, script: string, ...args: string[]): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: 'true' };
  delete env.FORCE_COLOR;
  delete env.VITEST;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const vitest = (cwd: string, ...args: string[]): Promise<Result> => run(cwd, VITEST, 'run', ...args);

/** Writes the scenario's tests into `dir`, as `regsim paths FILE --format vitest --out dir` does. */
async function generate(dir: string, file = FILE): Promise<string[]> {
  expect(await pathsCommand([join(ROOT, file)], {
    format: 'vitest', cover: 'transitions', out: dir, count: false, limit: 1000, shard: undefined, seed: 1, until: 'transitions',
    maxStates: undefined, quiet: true, coverage: false,
  })).toBe(0);
  return readdirSync(dir).sort();
}

const TMP = mkdtempSync(join(tmpdir(), 'regsim-vitest-'));
const SCRATCH = join(ROOT, '.scratch', `vitest-export-${process.pid}`);
afterAll(() => {
  rmSync(TMP, { recursive: true, force: true });
  rmSync(SCRATCH, { recursive: true, force: true });
});

describe.concurrent('the vitest export', () => {
  it('in a project that installed regsim: passes with the reference adapter, fails when one expectation changes', async () => {
    // A user's project: regsim and vitest installed (linked here), nothing else.
    const project = join(TMP, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'qa', private: true, type: 'module' }));
    symlinkSync(ROOT, join(project, 'node_modules', 'regsim'));
    symlinkSync(join(ROOT, 'node_modules', 'vitest'), join(project, 'node_modules', 'vitest'));
    const t = join(project, 't');
    const written = await generate(t);
    expect(written).toEqual([ADAPTER_FILE, 'walk-interrupt-int06-swap-to-email.test.ts']);
    expect(readFileSync(join(t, ADAPTER_FILE), 'utf8')).toBe(ADAPTER_SOURCE);
    const test = join(t, written[1]!);
    const source = readFileSync(test, 'utf8');
    // One method per event, the screen and audit assertions: the walk's own steps, in the catalogue's words.
    expect(source).toMatch(/await user\.chooseDifferentMethod\(\{ step: 3, from: "setup\.microsoftAuthenticator\.install" \}\);/);
    expect(source).toMatch(/await user\.selectMethod\("mobilePhone", \{ step: 4, from: "wizard\.chooser" \}\);/);
    // Each assertion names the checklist's step it follows, so a failure does too.
    expect(source).toMatch(/await user\.expectAudit\(\["User registered security info \| Success \| User registered Phone\."\], \{ step: \d+ \}\);/);

    // The files type-check in that project, against the declarations `npm install` builds (types/).
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
      include: ['t'],
    }));
    for (const dep of ['typescript', '@types']) symlinkSync(join(ROOT, 'node_modules', dep), join(project, 'node_modules', dep));
    expect(existsSync(join(ROOT, 'types', 'src', 'testing.d.ts')), 'types/ is missing: `npm install` builds it (npm run build:types)').toBe(true);
    const tsc = await run(project, join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.');
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);

    // Beside it, a copy with one expectation changed: the audit row Phone → Email. One vitest run answers both:
    // the file as written passes, the changed copy fails that one test and no other.
    writeFileSync(join(t, 'changed.test.ts'), source.replace('User registered Phone."]', 'User registered Email."]'));
    // And a copy whose tenant also enables another authenticator app: every screen, title and audit row is the same,
    // but the chooser lists one more method, which the tests check.
    const enabled = '"enabled": [\n        "microsoftAuthenticator",';
    expect(source).toContain(enabled);
    writeFileSync(join(t, 'more-methods.test.ts'), source.replace(enabled, `${enabled}\n        "softwareOath",`));
    const both = await vitest(project, 't/');
    expect(both.stdout, both.stderr).toMatch(/Test Files {2}2 failed \| 1 passed \(3\)/);
    expect(both.stdout).toMatch(/ t\/walk-interrupt-int06-swap-to-email\.test\.ts \(\d+ tests\)/);
    expect(both.stdout).toMatch(/ t\/changed\.test\.ts \(\d+ tests \| 1 failed\)/);
    expect(both.stdout + both.stderr).toMatch(/W001 step \d+: the audit rows written are not the ones expected/);
    expect(both.stdout).toMatch(/ t\/more-methods\.test\.ts \(\d+ tests \| \d+ failed\)/);
    expect(both.stdout + both.stderr).toContain("'Methods to choose from: Other authenticator app, Phone'");
    expect(both.code).toBe(1);
  }, 120_000);

  it('in this clone: `npx vitest run DIR` runs the generated tests alone, and they pass', async () => {
    const written = await generate(SCRATCH);
    expect(written).toContain(ADAPTER_FILE);
    const r = await vitest(ROOT, `${SCRATCH.slice(ROOT.length + 1)}/`);
    expect(r.stdout, r.stderr).toMatch(/Test Files {2}1 passed \(1\)/);
    expect(r.code).toBe(0);
  }, 120_000);

  it('never replaces an adapter the user wrote', async () => {
    const dir = join(TMP, 'own');
    mkdirSync(dir, { recursive: true });
    const mine = '// my Playwright adapter\nexport const createAdapter = () => { throw new Error("not yet"); };\n';
    writeFileSync(join(dir, ADAPTER_FILE), mine);
    await generate(dir);
    expect(readFileSync(join(dir, ADAPTER_FILE), 'utf8')).toBe(mine);
  }, 60_000);
});
