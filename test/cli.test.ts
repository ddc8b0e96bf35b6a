/**
 * The `regsim` command line: exit codes, output formats, errors without
 * stack traces, determinism. What the process itself answers — exit codes,
 * usage errors and their missing stack trace, help and version, an
 * expectation that fails — comes from the real command, spawned as a user
 * runs it (`bin/regsim.js …`, cwd the repo, NO_COLOR=1); what a command
 * prints is read in-process (`regsimIn`), and one whole run is both, compared
 * byte for byte. Each process costs a fraction of a second (the build in
 * dist/), and the tests run concurrently (async spawn rather than spawnSync)
 * and share processes where one answers two questions.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, commandHelp, optionNames } from '../src/cli/help.ts';
import { regsimIn } from './regsimInProcess.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { regsim, ROOT } from './regsimProcess.ts';
import { PASSKEY_CONDITION_WORDS, PASSKEY_ONLY_WORDS } from '../machines/catalogue/decisions.ts';

const TIMEOUT = 60_000;

const STACK = /^ {4}at /m;
const HINT = /^Run `regsim (help|[\w-]+ --help)` for (usage|its options)\.$/;
/** The lines of an error report, without the usage hint. */
const errorLines = (s: string): string[] => s.split('\n').filter((l) => l.trim() !== '' && !HINT.test(l));

const TMP = mkdtempSync(join(tmpdir(), 'regsim-cli-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const URL_1720 = 'https://mysignins.microsoft.com/register?authMethods=1720&authMethodCount=1';
/** STR-03: the modes of 1720 = 1024 + 512 + 128 + 32 + 16 + 8 (blog 004's table). */
const MODES_1720 = ['temporaryAccessPassMultiUse', 'temporaryAccessPassOneTime', 'microsoftAuthenticatorPush', 'fido2', 'sms', 'softwareOath'];

describe.concurrent('regsim decode-url', () => {
  it('decode-url 1720 lists its six modes and exits 0', async () => {
    const r = await regsimIn('decode-url', URL_1720);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const m of MODES_1720) expect(r.stdout).toMatch(new RegExp(`\\b${m}\\b`));
    // Modes 1720 does not carry.
    for (const m of ['deviceBasedPush', 'voice', 'email', 'password', 'windowsHelloForBusiness']) expect(r.stdout).not.toMatch(new RegExp(`\\b${m}\\b`));
    expect(r.stdout).not.toMatch(/unknown/i);
  }, TIMEOUT);

  it('decode-url --json parses, with the modes, their bits and no unknown bits', async () => {
    const r = await regsimIn('decode-url', '--json', URL_1720);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { authMethods: number; authMethodCount: number; modes: Array<{ mode: string; bit: number }>; unknownBits: number[]; offered: string[]; conditions: string[] };
    expect(j.authMethods).toBe(1720);
    expect(j.authMethodCount).toBe(1);
    expect(j.modes.map((m) => m.mode).sort()).toEqual([...MODES_1720].sort());
    expect(j.modes.reduce((v, m) => v + m.bit, 0)).toBe(1720);
    expect(j.unknownBits).toEqual([]);
    // STR-02: phone first, never an SSPR-only method.
    expect(j.offered[0]).toBe('mobilePhone');
    expect([...j.offered].sort()).toEqual(['fido2', 'microsoftAuthenticator', 'mobilePhone', 'softwareOath']);
    // STR-06, PK-01: the URL cannot say who may register the passkey it allows; the output says so.
    expect(j.conditions).toEqual([PASSKEY_CONDITION_WORDS]);
    const without = JSON.parse((await regsimIn('decode-url', '--json', 'https://mysignins.microsoft.com/register?authMethods=18&authMethodCount=1')).stdout) as { conditions: string[] };
    expect(without.conditions).toEqual([]);
    const passkeyOnly = JSON.parse((await regsimIn('decode-url', '--json', 'https://mysignins.microsoft.com/register?authMethods=32&authMethodCount=1')).stdout) as { conditions: string[] };
    expect(passkeyOnly.conditions).toEqual([PASSKEY_CONDITION_WORDS, PASSKEY_ONLY_WORDS]);
  }, TIMEOUT);

  it('decode-url says where each mode the wizard cannot set up comes from, and that a count other than 1 is unknown ground', async () => {
    const r = await regsimIn('decode-url', 'https://mysignins.microsoft.com/register?authMethods=581&authMethodCount=0'); // 512 + 64 + 4 + 1
    expect(r.code).toBe(0);
    const row = (mode: string) => r.stdout.split('\n').find((l) => new RegExp(`\\b${mode}\\b`).test(l)) ?? '';
    expect(row('password')).toContain("the account's password, not a method set up here");
    expect(row('hardwareOath')).toContain('a hardware token, which an admin uploads and assigns');
    expect(row('windowsHelloForBusiness')).toContain('set up on a Windows device');
    expect(row('temporaryAccessPassOneTime')).toContain('issued by an admin');
    expect(r.stdout).toContain('authMethodCount=0: the sources only show 1; what the wizard does with 0 is not known');
  }, TIMEOUT);

  it('decode-url reports an unknown bit (65536)', async () => {
    const url = 'https://mysignins.microsoft.com/register?authMethods=65552&authMethodCount=1'; // 65536 + sms
    const text = await regsimIn('decode-url', url);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/unknown[^\n]*65536/i);
    expect(text.stdout).toMatch(/\bsms\b/);
    expect(text.stdout).not.toMatch(/\bpassword\b/);
  }, TIMEOUT);

  it('a bad URL exits 2 with one error line and no stack trace', async () => {
    const r = await regsim('decode-url', 'not-a-url');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^regsim: /);
    expect(lines[0]).toContain('not-a-url');
  }, TIMEOUT);

});

describe.concurrent('regsim validate', () => {
  it('validate on a broken file prints file:line:col for each error and exits 1', async () => {
    const file = join(TMP, 'broken.yaml');
    const lines = [
      'name: broken',
      'tenant:',
      '  authenticationMethods:',
      '    enabled: [microsoftAuthenticator, emial]',
      'user:',
      '  typ: member',
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await regsimIn('validate', file);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).not.toMatch(STACK);
    // Positions derived from the text written above (1-based).
    const methodAt = `${file}:4:${lines[3]!.indexOf('emial') + 1}`;
    const keyAt = `${file}:6:${lines[5]!.indexOf('typ') + 1}`;
    expect(out).toContain(methodAt);
    expect(out).toContain(keyAt);
  }, TIMEOUT);

  it('validate counts errors and warnings apart and lists them in file order', async () => {
    const file = join(TMP, 'warned.yaml');
    writeFileSync(file, ['name: x', 'tenant:', '  authenticationMethods:', '    enabled: [email, fido2]', '  sspr:', '    methods: [email, mobilePhone]', '    methodsRequired: 2', ''].join('\n'));
    const r = await regsimIn('validate', file);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').filter(Boolean);
    expect(lines.map((l) => /^\S+:(\d+):\d+: (error|warning):/.exec(l)?.slice(1, 3).join(' ') ?? l)).toEqual([
      '6 warning', '7 error', '1 error, 1 warning in 1 file',
    ]);
  }, TIMEOUT);

  it('validate reports a misspelt field and what the rest gets wrong in one run, not one stage a run', async () => {
    const file = join(TMP, 'staged.yaml');
    writeFileSync(file, readFileSync(join(ROOT, 'scenarios/walk-interrupt-cancel.yaml'), 'utf8')
      .replace('location: trusted\n', 'location: trusted\nintrrupted: true\n')
      .replace('- { send: CANCEL, expect: canceled }', '- { send: CANCELL, expect: canceled }')
      .replace('  final: canceled', '  final: cancelled'));
    const r = await regsimIn('validate', file);
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.includes(': error: '));
    expect(errors.map((l) => l.replace(/^.*?: error: /, '').replace(/[;?(].*$/, ''))).toEqual([
      'unknown field "intrrupted"', '"CANCELL" is not an event of the interrupt machine', '"cancelled" is not a state of the interrupt machine',
    ]);
  }, TIMEOUT);

  it('validate on a path that names nothing exits 2, as every command does, even beside a broken file', async () => {
    const missing = join(TMP, 'nosuch.tenant.yaml');
    const alone = await regsimIn('validate', missing);
    expect(alone.code).toBe(2);
    expect(alone.stdout).toContain(`${missing}:1:1: error: no such file or directory`);
    const broken = join(TMP, 'broken-beside.yaml');
    writeFileSync(broken, 'name: x\ntenat: {}\n');
    expect((await regsimIn('validate', broken)).code).toBe(1);
    expect((await regsimIn('validate', broken, missing)).code).toBe(2);
  }, TIMEOUT);

  it('validate scenarios/ exits 0', async () => {
    const r = await regsimIn('validate', 'scenarios/');
    expect(r.stdout + r.stderr).not.toMatch(/:\d+:\d+: error:/);
    expect(r.code).toBe(0);
  }, TIMEOUT);
});

describe.concurrent('regsim import', () => {
  // The built command, as users run it: the schema's path is worked out from the package root, which dist/ sits at another depth from than src/.
  it('--out makes the folder and points the tenant file at the tenant schema, relative to that folder', async () => {
    const out = join(TMP, 'import', 'deep', 'contoso.tenant.yaml');
    const r = await regsim('import', 'test/fixtures/graph/contoso', '--out', out);
    expect(r.code).toBe(0);
    const first = readFileSync(out, 'utf8').split('\n')[0]!;
    const schema = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
    expect(schema).toBeDefined();
    expect(resolve(dirname(out), schema!)).toBe(join(ROOT, 'scenarios', 'tenant.schema.json'));
  }, TIMEOUT);
});

describe.concurrent('tables in a terminal', () => {
  // Long names with a matrix variant, and check's widest counts (a page checked part by part): wider than 120 columns whole.
  const WIDE = ['scenarios/adm-legacy-sspr-page-after-disabling-combined.yaml', 'scenarios/walk-interrupt-authenticator-denied-then-approved.yaml', 'scenarios/scale-manage-every-method.yaml'];
  it('run and check fit 120 columns, a cut name keeping its [variant]', async () => {
    const [run, check] = await Promise.all([regsimIn('run', ...WIDE), regsimIn('check', ...WIDE)]);
    for (const r of [run, check]) {
      expect(r.code).toBe(0);
      const rows = r.stdout.split('\n').filter((l) => /^[✓✗!] /.test(l));
      expect(rows.length).toBeGreaterThanOrEqual(3);
      for (const l of rows) expect([...l].length, l).toBeLessThanOrEqual(120);
      expect(rows.some((l) => /…[^ ]*\]\s/.test(l)), 'a name cut, its variant kept').toBe(true);
    }
  }, TIMEOUT);
});

describe.concurrent('regsim run', () => {
  it('run with a wrong expectation exits 1 and shows expected and actual', async () => {
    const file = join(TMP, 'wrong.yaml');
    // INT-01: Identity Protection interrupts a greenfield user — the file claims otherwise.
    writeFileSync(file, [
      'name: wrong expectation',
      'tenant:',
      '  authenticationMethods:',
      '    enabled: [microsoftAuthenticator, mobilePhone]',
      '  mfaRegistration:',
      '    identityProtection: true',
      'expect:',
      '  interrupted: false',
      '',
    ].join('\n'));
    const r = await regsim('run', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/interrupted/);
    expect(r.stdout).toMatch(/expected:?\s*false/);
    expect(r.stdout).toMatch(/actual:?\s*true/);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
  }, TIMEOUT);

  it('run scenarios/ --json is valid JSON with every scenario ok; the real process and an in-process run give byte-identical stdout (determinism)', async () => {
    const [r, again] = await Promise.all([regsim('run', 'scenarios/', '--json'), regsimIn('run', 'scenarios/', '--json')]);
    expect(again.stdout).toBe(r.stdout);
    expect(again.code).toBe(r.code);
    const j = JSON.parse(r.stdout) as { scenarios: Array<{ id: string; ok: boolean; checks: unknown[] }>; summary: { failed: number; total: number } };
    expect(j.scenarios.length).toBeGreaterThan(0);
    expect(j.scenarios.filter((s) => !s.ok).map((s) => s.id)).toEqual([]);
    expect(j.summary.failed).toBe(0);
    expect(j.summary.total).toBe(j.scenarios.length);
    expect(r.code).toBe(0);
  }, TIMEOUT);

  it('run --profile both marks the documented/observed differences (≠) of the caveat 1 files', async () => {
    const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => /^caveat1-.*\.ya?ml$/.test(f)).sort().map((f) => `scenarios/${f}`);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const r = await regsimIn('run', ...files, '--profile', 'both');
    expect(r.code).toBe(0);
    const out = r.stdout;
    // 1(a), legacy grant: observed hides email and security questions (INT-02).
    expect(out).toMatch(/^≠ Caveat 1\(a\)/m);
    expect(out).toMatch(/^≠\s+choices\s+microsoftAuthenticator, softwareOath, mobilePhone\s+microsoftAuthenticator, softwareOath, mobilePhone, email, securityQuestions\s*$/m);
    // 1(b), CA off: the SSPR wizard is the same in both.
    expect(out).toMatch(/^= Caveat 1\(b\)/m);
    // 1(c), Multifactor strength: the strength wizard only where observed (STR-01..03).
    expect(out).toMatch(/^≠ Caveat 1\(c\)/m);
    expect(out).toMatch(/^≠\s+wizard\s+strength\s+combined\s*$/m);
    expect(out).toMatch(/^≠\s+url\s+https:\/\/mysignins\.microsoft\.com\/register\?authMethods=1976&authMethodCount=1\s+https:\/\/mysignins\.microsoft\.com\/register\s*$/m);
    expect(out).toMatch(/^≠ Caveat 1\(d\)/m);
    // Fields the profiles agree on are not marked.
    expect(out).not.toMatch(/^≠\s+interrupted\b/m);
    expect(out).not.toMatch(/^≠\s+skippable\b/m);
    // A matrix over profile is compared once, not once per variant.
    expect(out.match(/^[=≠] Caveat 1\(a\)/gm)).toHaveLength(1);
  }, TIMEOUT);

  it('run --profile P keeps, of a matrix over profile, the variant written for P', async () => {
    const file = 'scenarios/caveat1-a-ca-legacy-mfa-sspr2.yaml';
    const runs = await Promise.all(['observed', 'documented'].map((p) => regsimIn('run', file, '--profile', p, '--json')));
    for (const [i, p] of ['observed', 'documented'].entries()) {
      expect(runs[i]!.code).toBe(0);
      const { scenarios } = JSON.parse(runs[i]!.stdout);
      expect(scenarios.map((x: { id: string; profile: string; ok: boolean }) => [x.id.endsWith(`[profile=${p}]`), x.profile, x.ok])).toEqual([[true, p, true]]);
    }
  }, TIMEOUT);
});

describe.concurrent('the README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('its scenario example runs green as written', async () => {
    const section = readme.slice(readme.indexOf('## Scenario files'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const file = join(TMP, 'readme-example.yaml');
    writeFileSync(file, yaml!);
    const r = await regsimIn('run', file);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Scenarios {2}2 passed \(2\)/);
    expect(r.code).toBe(0);
  }, TIMEOUT);

  it('quotes npm start\'s total and a coverage line as regsim prints them', async () => {
    const variants = loadAll(['scenarios']).scenarios.length;
    expect(readme).toContain(`\n Scenarios  ${variants} passed (${variants})\n`);
    const quoted = /for `(scenarios\/[\w.-]+\.yaml)`:\n`(\d+ paths for 1 scenario: [^`]+)`/.exec(readme);
    expect(quoted).not.toBeNull();
    const r = await regsimIn('paths', quoted![1]!);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(quoted![2]!);
  }, TIMEOUT);

  it('names only scenario files that exist', () => {
    const named = [...new Set(readme.match(/scenarios\/[\w.-]+\.yaml/g) ?? [])];
    expect(named.length).toBeGreaterThan(5);
    for (const f of named) expect(existsSync(join(ROOT, f)), f).toBe(true);
  });
});

describe.concurrent('regsim usage', () => {
  it('help exits 0 and lists the commands', async () => {
    const r = await regsim('help');
    expect(r.code).toBe(0);
    for (const c of ['run', 'validate', 'decode-url', 'help']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  }, TIMEOUT);

  it('an unknown command exits 2 without a stack trace', async () => {
    const r = await regsim('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('frobnicate');
  }, TIMEOUT);

  it('an unknown command\'s suggestion, and --limit 0, read as one sentence each', async () => {
    const typo = await regsimIn('path');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^regsim: unknown command "path"; did you mean "paths"\? Commands: run, paths, /);
    expect((await regsimIn('frobnicate')).stderr).toMatch(/^regsim: unknown command "frobnicate"\. Commands: run, /);
    const none = await regsimIn('paths', 'scenarios/walk-interrupt-cancel.yaml', '--limit', '0');
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^regsim: --limit takes a whole number above 0 \(got "0"\); --count counts the paths without listing them$/m);
  }, TIMEOUT);

  it('an unknown flag exits 2 without a stack trace', async () => {
    const r = await regsim('run', 'scenarios/', '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('frobnicate');
  }, TIMEOUT);

  it('a flag value that looks like a flag, or is out of range, gets one line saying what the flag takes, and nothing on stdout', async () => {
    const walk = 'scenarios/walk-passkey-browser-cancel.yaml';
    const [limit, format, states, size, variants, seed] = await Promise.all([
      regsim('paths', walk, '--limit', '-1'),
      regsim('paths', walk, '--format', '-x'),
      regsim('paths', walk, '--format', 'json', '--max-states', '0'),
      regsim('run', walk, '--max-file-size', 'huge'),
      regsim('check', walk, '--max-variants', '0'),
      regsim('paths', walk, '--seed', '7', '--until', 'rules'),
    ]);
    for (const r of [limit, format, states, size, variants, seed]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(STACK);
      expect(errorLines(r.stderr)).toHaveLength(1);
    }
    expect(limit.stderr).toMatch(/^regsim: --limit takes a whole number, not a negative one \(got "-1"\)/);
    expect(limit.stderr).not.toContain('ambiguous');
    expect(format.stderr).toMatch(/^regsim: --format takes a value, not "-x" \(write --format=VALUE for a value that starts with "-"\)/);
    // A random walk's flags on another criterion would do nothing: refused rather than ignored.
    expect(seed.stderr).toMatch(/^regsim: --seed and --until apply only to --cover random \(this run covers transitions\)/);
    expect(states.stderr).toMatch(/^regsim: --max-states must be a positive integer \(got 0\)/);
    expect(size.stderr).toMatch(/^regsim: --max-file-size takes a size such as 5MB, 500kB or 2000000 \(got "huge"\)/);
    expect(variants.stderr).toMatch(/^regsim: --max-variants takes a whole number above 0 \(got "0"\)/);
  }, TIMEOUT);

  it('a misspelt flag gets a "did you mean", and a flag of another command is refused', async () => {
    const [typo, other] = await Promise.all([regsim('run', 'scenarios/', '--verbos'), regsim('run', 'scenarios/', '--cover', 'states')]);
    expect(typo.code).toBe(2);
    expect(errorLines(typo.stderr)).toEqual(['regsim: unknown option --verbos; did you mean "--verbose"?']);
    expect(typo.stderr).toContain('Run `regsim run --help` for its options.');
    expect(other.code).toBe(2);
    expect(errorLines(other.stderr)).toEqual(['regsim: run takes no option --cover']);
  }, TIMEOUT);

  it('--json and --format json: each command that takes one points from the other to it', async () => {
    const format = await regsimIn('decode-url', '--format', 'json', URL_1720);
    expect(format.code).toBe(2);
    expect(errorLines(format.stderr)).toEqual(['regsim: decode-url takes no option --format; for JSON, --json']);
    const json = await regsimIn('whatif', 'test/fixtures/graph/contoso', '--json');
    expect(json.code).toBe(2);
    expect(errorLines(json.stderr)).toEqual(['regsim: whatif takes no option --json; for JSON, --format json']);
    // No pointer where it would lead to another refusal: story writes no JSON, and --format md asks for none.
    expect(errorLines((await regsimIn('story', 'scenarios/walk-interrupt-cancel.yaml', '--json')).stderr)).toEqual(['regsim: story takes no option --json']);
    expect(errorLines((await regsimIn('validate', '--format', 'md', 'scenarios/walk-interrupt-cancel.yaml')).stderr)).toEqual(['regsim: validate takes no option --format']);
  });

  it('each command\'s help lists its own options and two examples', () => {
    for (const spec of COMMANDS.filter((c) => c.name !== 'help')) {
      const text = commandHelp(spec.name)!;
      expect(text).toMatch(new RegExp(`^regsim ${spec.name} — `));
      for (const flag of optionNames(spec)) expect(text, `${spec.name} --${flag}`).toContain(`--${flag}`);
      const examples = text.slice(text.indexOf('Examples:')).split('\n').filter((l) => l.startsWith(`  regsim ${spec.name} `));
      expect(examples, spec.name).toHaveLength(2);
    }
    // Another command's options are not in this one's help.
    expect(commandHelp('run')).not.toContain('--cover');
  });

  it('--help after a command prints that command\'s help; --version prints the version', async () => {
    const [help, version] = await Promise.all([regsim('paths', '--help'), regsim('--version')]);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(commandHelp('paths'));
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`regsim ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
  }, TIMEOUT);
});
