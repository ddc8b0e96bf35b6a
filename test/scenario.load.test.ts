import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { didYouMean, formatDiagnostic, type Diagnostic } from '../src/scenario/diagnostics.ts';
import { collectScenarioFiles, loadScenarioFile, parseScenarioText, type LoadResult } from '../src/scenario/load.ts';
import { DEFAULT_LIMITS } from '../src/scenario/limits.ts';
import { expandMatrix } from '../src/scenario/matrix.ts';
import { SCHEMA_PATH, renderScenarioJsonSchema, scenarioJsonSchema } from '../src/scenario/writeSchema.ts';

const FILE = 'case.yaml';

/** A minimal valid scenario; tests append or replace lines. */
const TENANT = `tenant:
  authenticationMethods:
    enabled: [microsoftAuthenticator, mobilePhone, email]
`;

function errorsOf(text: string): Diagnostic[] {
  const r = parseScenarioText(text, FILE);
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.errors;
}

function loaded(text: string): Extract<LoadResult, { ok: true }> {
  const r = parseScenarioText(text, FILE);
  if (!r.ok) throw new Error(r.errors.map(formatDiagnostic).join('\n'));
  return r;
}

/** The one diagnostic whose path is `path`. */
function at(ds: Diagnostic[], path: string): Diagnostic {
  const hits = ds.filter((d) => d.path === path);
  if (hits.length !== 1) throw new Error(`expected one diagnostic at ${path}, got:\n${ds.map(formatDiagnostic).join('\n')}`);
  return hits[0]!;
}

describe('diagnostics', () => {
  it('formats as file:line:col: severity: message (at path)', () => {
    const d: Diagnostic = { file: 'a.yaml', line: 3, col: 5, path: 'user.type', message: 'bad', severity: 'error' };
    expect(formatDiagnostic(d)).toBe('a.yaml:3:5: error: bad (at user.type)');
    expect(formatDiagnostic({ ...d, path: '', severity: 'warning' })).toBe('a.yaml:3:5: warning: bad');
  });

  it('suggests close spellings only', () => {
    expect(didYouMean('tenan', ['name', 'tenant', 'user'])).toBe('tenant');
    expect(didYouMean('Email', ['email', 'fido2'])).toBe('email');
    expect(didYouMean('zzzzzz', ['tenant', 'user'])).toBeUndefined();
    expect(didYouMean('tenant', ['tenant'])).toBeUndefined();
  });
});

describe('parseScenarioText: schema errors', () => {
  it('reports a typo in a top-level key at the key, with did-you-mean', () => {
    const ds = errorsOf(`name: x\ntenan:\n  authenticationMethods: { enabled: [email] }\n`);
    const d = at(ds, 'tenan');
    expect(d).toMatchObject({ file: FILE, line: 2, col: 1, severity: 'error' });
    expect(d.message).toBe('unknown field "tenan"; did you mean "tenant"?');
  });

  it('reports a typo in a nested key at the key, with did-you-mean', () => {
    const ds = errorsOf(`name: x\n${TENANT}    voiceCals: true\n`);
    const d = at(ds, 'tenant.authenticationMethods.voiceCals');
    expect(d).toMatchObject({ line: 5, col: 5 });
    expect(d.message).toContain('did you mean "voiceCalls"?');
  });

  it('lists the valid fields when no key is close', () => {
    const d = at(errorsOf(`name: x\n${TENANT}client:\n  zzzzzz: 1\n`), 'client.zzzzzz');
    expect(d).toMatchObject({ line: 6, col: 3 });
    expect(d.message).toBe('unknown field "zzzzzz"; valid fields: app, os, privateWindow, compliantDevice, domainJoinedDevice');
  });

  it('reports a bad enum value with the valid values and did-you-mean', () => {
    const d = at(errorsOf(`name: x\nflow: intrupt\n${TENANT}`), 'flow');
    expect(d).toMatchObject({ line: 2, col: 7 });
    expect(d.message).toBe(
      '"intrupt" is not valid; expected one of: interrupt, manage, ssprRefresh, b2bMfaTrust, passkey; did you mean "interrupt"?');
  });

  it('reports a bad method id inside a list, choosing the union branch the author meant', () => {
    const ds = errorsOf(`name: x\n${TENANT}user:\n  methods: [mobilePhone, emial, { method: email, cnt: 2 }]\n`);
    const bad = at(ds, 'user.methods[1]');
    expect(bad).toMatchObject({ line: 6, col: 26 });
    expect(bad.message).toMatch(/^"emial" is not valid; expected one of: fido2, .*temporaryAccessPass \(or a mapping\); did you mean "email"\?$/);
    const key = at(ds, 'user.methods[2].cnt');
    expect(key).toMatchObject({ line: 6, col: 50 });
    expect(key.message).toContain('did you mean "count"?');
  });

  it('follows the mapping form of a union when the value is a mapping', () => {
    const text = `name: x\n${TENANT}  conditionalAccess:\n    - { name: p, grant: { authenticationStrength: mfa } }\n`;
    const d = at(errorsOf(text), 'tenant.conditionalAccess[0].grant.authenticationStrength');
    expect(d).toMatchObject({ line: 6, col: 51 });
    expect(d.message).toBe('"mfa" is not valid; expected one of: multifactor, passwordless, phishingResistant, or the id or name of a strength in tenant.authenticationStrengths');
  });

  it('reports a wrong type as expected vs got', () => {
    const ds = errorsOf(`name: x\n${TENANT}client: 3\nuser:\n  inSsprGroup: yes\n  businessPhone: 5\n`);
    expect(at(ds, 'client')).toMatchObject({ line: 5, col: 9, message: 'expected a mapping, got the number 3' });
    expect(at(ds, 'user.inSsprGroup')).toMatchObject({
      line: 7, col: 16, message: 'expected true or false, got the string "yes" (write true or false without quotes)',
    });
    expect(at(ds, 'user.businessPhone').message).toBe('expected a string or null, got the number 5');
  });

  it('reports a number out of range with the bound', () => {
    const d = at(errorsOf(`name: x\n${TENANT}  sspr:\n    securityQuestions: { toRegister: 9 }\n`), 'tenant.sspr.securityQuestions.toRegister');
    expect(d).toMatchObject({ line: 6, col: 38, message: 'must be at most 5, got 9' });
  });

  it('reports a missing required field at the parent mapping, naming the field', () => {
    const d = at(errorsOf(`# comment\nname: x\nflow: manage\n`), 'tenant');
    expect(d).toMatchObject({ line: 2, col: 1 });
    expect(d.message).toBe('missing required field "tenant" (expected a mapping)');
  });

  it('reports a missing nested field at its parent mapping', () => {
    const d = at(errorsOf(`name: x\ntenant:\n  name: fabrikam\n`), 'tenant.authenticationMethods');
    expect(d).toMatchObject({ line: 3, col: 3 });
    expect(d.message).toBe('missing required field "authenticationMethods" in tenant (expected a mapping)');
  });

  it('reports a YAML syntax error with its position', () => {
    const ds = errorsOf(`name: x\ntenant:\n  a: b\n   c: d\n`);
    expect(ds.length).toBeGreaterThan(0);
    expect(ds[0]).toMatchObject({ file: FILE, line: 3, col: 6, path: '', severity: 'error' });
    expect(ds[0]!.message).toBe('YAML: Nested mappings are not allowed in compact mappings');
  });

  it('reports a duplicate key as a YAML error', () => {
    const ds = errorsOf(`name: x\nname: y\n${TENANT}`);
    expect(ds[0]).toMatchObject({ line: 2, col: 1 });
    expect(ds[0]!.message).toContain('Map keys must be unique');
  });

  it('reports an empty file at 1:1 and names the required fields', () => {
    const ds = errorsOf('# nothing here\n');
    expect(ds).toEqual([{
      file: FILE, line: 1, col: 1, path: '', severity: 'error',
      message: 'the file holds no scenario; it needs at least the fields name and tenant',
    }]);
  });

  it('accepts a valid scenario and applies defaults', () => {
    const r = loaded(`name: ok\n${TENANT}`);
    expect(r.scenario.flow).toBe('interrupt');
    expect(r.scenario.tenant.sspr.methodsRequired).toBe(1);
    expect(r.warnings).toEqual([]);
    expect(r.locate(['tenant', 'authenticationMethods', 'enabled', 1])).toEqual({ line: 4, col: 39 });
  });
});

describe('loadScenarioFile and collectScenarioFiles', () => {
  const root = mkdtempSync(join(tmpdir(), 'regsim-load-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports a file that does not exist at 1:1 without throwing', () => {
    const file = join(root, 'missing.yaml');
    const r = loadScenarioFile(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([{
      file, line: 1, col: 1, path: '', severity: 'error', message: 'cannot read scenario file: no such file or directory',
    }]);
  });

  it('loads a file from disk', () => {
    const file = join(root, 'one.yaml');
    writeFileSync(file, `name: from disk\n${TENANT}`);
    const r = loadScenarioFile(file);
    expect(r.ok && r.scenario.name).toBe('from disk');
  });

  it('loads a file again as it is now: its edit, its tenant file\'s edit and a caller\'s change to what it was given never carry over', () => {
    const file = join(root, 'again.yaml');
    writeFileSync(file, `name: first\n${TENANT}`);
    const first = loadScenarioFile(file);
    if (!first.ok) throw new Error(first.errors.map(formatDiagnostic).join('\n'));
    first.scenario.name = 'changed by a caller';
    first.variants[0]!.tenant.authenticationMethods.enabled.push('fido2');
    const again = loadScenarioFile(file);
    expect(again.ok && [again.scenario.name, again.variants[0]!.tenant.authenticationMethods.enabled]).toEqual(['first', ['microsoftAuthenticator', 'mobilePhone', 'email']]);
    writeFileSync(file, `name: second\n${TENANT}`);
    expect(loadScenarioFile(file)).toMatchObject({ ok: true, scenario: { name: 'second' } });

    // A tenant file changes on its own: missing, then written, then edited.
    const named = join(root, 'named.yaml');
    writeFileSync(named, 'name: named\ntenant: later.tenant.yaml\n');
    expect(loadScenarioFile(named).ok).toBe(false);
    writeFileSync(join(root, 'later.tenant.yaml'), 'authenticationMethods:\n  enabled: [email]\n');
    const found = loadScenarioFile(named);
    expect(found.ok && found.variants[0]!.tenant.authenticationMethods.enabled).toEqual(['email']);
    writeFileSync(join(root, 'later.tenant.yaml'), 'authenticationMethods:\n  enabled: [mobilePhone]\n');
    const edited = loadScenarioFile(named);
    expect(edited.ok && edited.variants[0]!.tenant.authenticationMethods.enabled).toEqual(['mobilePhone']);

    // So does a matrix over `tenant`, whose variants name tenant files.
    const over = join(root, 'over.yaml');
    writeFileSync(over, `name: over\n${TENANT}matrix:\n  tenant: [later.tenant.yaml]\n`);
    const enabled = () => { const r = loadScenarioFile(over); return r.ok && r.variants.map((v) => v.tenant.authenticationMethods.enabled); };
    expect(enabled()).toEqual([['mobilePhone']]);
    writeFileSync(join(root, 'later.tenant.yaml'), 'authenticationMethods:\n  enabled: [softwareOath]\n');
    expect(enabled()).toEqual([['softwareOath']]);
  });

  it('reads the tenant files a matrix names under the scenario\'s limits', () => {
    writeFileSync(join(root, 'big.tenant.yaml'), `authenticationMethods:\n  enabled: [email]\n# ${'x'.repeat(3000)}\n`);
    const file = join(root, 'big-tenant.yaml');
    writeFileSync(file, `name: big tenant\n${TENANT}matrix:\n  tenant: [big.tenant.yaml]\n`);
    const r = loadScenarioFile(file, { ...DEFAULT_LIMITS, maxFileBytes: 2000 });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.errors.map((e) => e.message).join('\n')).toMatch(/above the 2 kB a tenant file may have/);
    expect(loadScenarioFile(file).ok).toBe(true);
  });

  it('loads a file again under other limits as those limits say', () => {
    const file = join(root, 'two.yaml');
    writeFileSync(file, `name: two\n${TENANT}matrix:\n  client.app: [browser, ie11]\n`);
    const one = { ...DEFAULT_LIMITS, maxVariants: 1 };
    expect(loadScenarioFile(file, one).ok).toBe(false);
    expect(loadScenarioFile(file)).toMatchObject({ ok: true, variants: [{}, {}] });
    expect(loadScenarioFile(file, one).ok).toBe(false);
  });

  it('collects *.yaml and *.yml recursively, sorted, without the JSON Schema; missing paths are diagnostics', () => {
    const dir = join(root, 'tree');
    mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
    for (const f of ['b/deep/z.yml', 'b/a.yaml', 'Z.yaml', 'a.yaml', 'notes.md', 'scenario.schema.json']) {
      writeFileSync(join(dir, f), '');
    }
    const missing = join(root, 'nope');
    const { files, errors } = collectScenarioFiles([dir, missing, join(dir, 'a.yaml')]);
    expect(files).toEqual(['Z.yaml', 'a.yaml', 'b/a.yaml', 'b/deep/z.yml'].map((f) => join(dir, f)));
    expect(errors).toEqual([{ file: missing, line: 1, col: 1, path: '', severity: 'error', message: 'no such file or directory' }]);
  });

  it('reports a directory, or a glob pattern, that names no scenario file: a mistyped path must not pass as "0 passed"', () => {
    const empty = join(root, 'empty');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    writeFileSync(join(empty, 'notes.md'), '');
    const pattern = join(root, 'tree', '**', 'nothing-*.yaml');
    const { files, errors, empty: none } = collectScenarioFiles([empty, pattern]);
    expect(files).toEqual([]);
    expect(errors.map((e) => [e.file, e.message])).toEqual([
      [empty, 'no scenario files (*.yaml, *.yml) in this directory'],
      [pattern, 'no scenario files (*.yaml, *.yml) match this pattern'],
    ]);
    expect(none).toEqual([empty, pattern]);
  });

  it('expands a glob pattern the shell left alone, sorted', () => {
    const { files, errors } = collectScenarioFiles([join(root, 'tree', '**', '*.y*ml')]);
    expect(errors).toEqual([]);
    expect(files).toEqual(['Z.yaml', 'a.yaml', 'b/a.yaml', 'b/deep/z.yml'].map((f) => join(root, 'tree', f)));
  });

  it('refuses a file above --max-file-size before reading it, naming its size and the flag', () => {
    const file = join(root, 'big.yaml');
    writeFileSync(file, `name: big\n${TENANT}description: "${'x'.repeat(1_200_000)}"\n`);
    const r = loadScenarioFile(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 1, col: 1, severity: 'error' });
    expect(r.errors[0]!.message).toBe('the file is 1.2 MB, above the 1 MB a scenario file may have; raise the cap with --max-file-size 2MB if it is meant to be this large');
    expect(loadScenarioFile(file, { ...DEFAULT_LIMITS, maxFileBytes: 2_000_000 }).ok).toBe(true);
  });
});

describe('limits, and YAML a scenario cannot use', () => {
  it('refuses more YAML nodes than --max-nodes allows, once, at 1:1', () => {
    const text = `name: x\n${TENANT}sources:\n  seeds: [${Array.from({ length: 60 }, (_, i) => `s${i}`).join(', ')}]\n`;
    const r = parseScenarioText(text, FILE, { ...DEFAULT_LIMITS, maxNodes: 50 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual(['the file holds more than 50 YAML nodes; a scenario holds a few hundred. Raise the cap with --max-nodes N if this file is meant to be this large']);
    expect(parseScenarioText(text, FILE).ok).toBe(true);
  });

  it('counts a matrix\'s variants exactly, however many, and names the flag that raises the cap', () => {
    const dims = (n: number, values: number) => Array.from({ length: n }, (_, i) => `  sources.seeds.${i}: [${Array.from({ length: values }, (_, v) => `v${v}`).join(', ')}]`).join('\n');
    const huge = errorsOf(`name: x\n${TENANT}matrix:\n${dims(40, 10)}\n`);
    expect(huge).toHaveLength(1);
    expect(huge[0]).toMatchObject({ path: 'matrix', line: 5, col: 1 });
    expect(huge[0]!.message).toMatch(/^the matrix expands to 10,000,000,000,000,000,000,000,000,000,000,000,000,000 variants \(sources\.seeds\.0 \(10\) × .*\); at most 4,096 are allowed\. Split the file into smaller matrices$/);
    const some = errorsOf(`name: x\n${TENANT}matrix:\n${dims(2, 70)}\n`);
    expect(some[0]!.message).toMatch(/^the matrix expands to 4,900 variants .*; at most 4,096 are allowed\. Raise the cap with --max-variants 4900, or split the file$/);
    expect(parseScenarioText(`name: x\n${TENANT}matrix:\n${dims(2, 70)}\n`, FILE, { ...DEFAULT_LIMITS, maxVariants: 4900 }).ok).toBe(true);
  });

  it('rejects a list or mapping as a key, at the key, without a process warning on stderr', () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    try {
      const d = errorsOf(`name: x\n${TENANT}user:\n  ? [a, b]\n  : 1\n`);
      expect(d).toEqual([{ file: FILE, line: 6, col: 5, path: '', severity: 'error', message: 'a key must be a plain name, not a list or mapping (`? [a, b]:` is YAML a scenario cannot use)' }]);
    } finally {
      process.off('warning', listen);
    }
    expect(warnings).toEqual([]);
  });

  it('rejects the key __proto__ wherever it stands (a matrix dimension, expectWhen.when), where JavaScript would drop it silently', () => {
    const inMatrix = errorsOf(`name: x\n${TENANT}matrix:\n  __proto__: [1, 2]\n`);
    expect(inMatrix).toEqual([{ file: FILE, line: 6, col: 3, path: '', severity: 'error', message: 'the key "__proto__" is not allowed: JavaScript cannot keep it as data; rename it' }]);
    const inWhen = errorsOf(`name: x\n${TENANT}matrix:\n  profile: [observed]\nexpectWhen:\n  - when: { __proto__: observed }\n    expect: {}\n`);
    expect(inWhen.map((e) => [e.line, e.col, e.message.slice(0, 22)])).toEqual([[8, 13, 'the key "__proto__" is']]);
  });
});

describe('semantic checks', () => {
  const SSPR1 = `name: x\ntenant:\n  authenticationMethods:\n    enabled: [email, fido2]\n`;

  it('rejects methodsRequired 2 with fewer than 2 SSPR-capable methods (SSPR-01)', () => {
    const d = at(errorsOf(`${SSPR1}  sspr:\n    methodsRequired: 2\n`), 'tenant.sspr.methodsRequired');
    expect(d).toMatchObject({ line: 6, col: 22, severity: 'error' });
    expect(d.message).toContain('only 1 SSPR-capable method (email)');
    expect(d.message).toContain('SSPR-01');
  });

  it('warns when tenant.sspr.methods lists a method the tenant does not enable', () => {
    const r = loaded(`${SSPR1}  sspr:\n    methods: [email, mobilePhone]\n`);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ path: 'tenant.sspr.methods[1]', line: 6, col: 22, severity: 'warning' });
    expect(r.warnings[0]!.message).toContain('"mobilePhone" is not in tenant.authenticationMethods.enabled');
  });

  it('warns when an administrator cannot find the two SSPR methods the administrator policy asks for (SSPR-05)', () => {
    const r = loaded(`name: x\ntenant:\n  authenticationMethods:\n    enabled: [mobilePhone, securityQuestions]\nuser:\n  adminRole: globalAdministrator\n`);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ path: 'user.adminRole', line: 6, col: 14, severity: 'warning' });
    expect(r.warnings[0]!.message).toMatch(/^an administrator needs 2 SSPR methods from microsoftAuthenticator, mobilePhone, officePhone, email, but the tenant enables mobilePhone;/);
  });

  it('rejects a home MFA claim naming a method the guest does not hold at home (B2B-01)', () => {
    const d = at(errorsOf(`name: x\n${TENANT}user:\n  type: guest\n  homeMfaClaim: fido2\n  home:\n    authenticationMethods: { enabled: [fido2, email] }\n    methods: [email]\n`), 'user.homeMfaClaim');
    expect(d).toMatchObject({ line: 7, col: 17, severity: 'error' });
    expect(d.message).toBe('the home MFA claim names "fido2", which the guest does not hold at home; held there: email (B2B-01)');
  });

  it('rejects a b2bMfaTrust scenario that sends the guest home without a user.home, whatever user.type says (B2B-01, B2B-02)', () => {
    const trusting = 'tenant:\n  authenticationMethods: { enabled: [] }\n  conditionalAccess: [{ name: p, grant: { authenticationStrength: phishingResistant } }]\n  crossTenant: { trustMfa: true }\n';
    for (const type of ['guest', 'member']) {
      const d = at(errorsOf(`name: x\nflow: b2bMfaTrust\n${trusting}user:\n  type: ${type}\n`), 'tenant.crossTenant.trustMfa');
      expect(d).toMatchObject({ line: 6, col: 28, severity: 'error' });
      expect(d.message).toMatch(/^trustMfa sends the guest home \(Conditional Access asks guests for MFA\), so this b2bMfaTrust scenario needs user\.home/);
    }
    // The sample, with no user at all.
    expect(at(errorsOf(`name: x\nflow: b2bMfaTrust\n${trusting}`), 'tenant.crossTenant.trustMfa')).toMatchObject({ line: 6, col: 28 });
  });

  it('lets a b2bMfaTrust guest go without user.home where no home wizard is reachable: trust off, or no MFA asked of guests', () => {
    expect(loaded(`name: x\nflow: b2bMfaTrust\n${TENANT}user:\n  type: guest\n`).warnings).toEqual([]);
    expect(loaded(`name: x\nflow: b2bMfaTrust\ntenant:\n  authenticationMethods: { enabled: [email] }\n  crossTenant: { trustMfa: true }\nuser:\n  type: guest\n`).warnings).toEqual([]);
  });

  it('warns about a method listed twice', () => {
    const r = loaded(`name: x\ntenant:\n  authenticationMethods:\n    enabled: [email, mobilePhone, email]\n`);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ path: 'tenant.authenticationMethods.enabled[2]', line: 4, col: 35, severity: 'warning' });
    expect(r.warnings[0]!.message).toBe('"email" is listed twice (first at tenant.authenticationMethods.enabled[0]); remove one');
  });

  it('warns about user.home on a member', () => {
    const r = loaded(`name: x\n${TENANT}user:\n  home:\n    authenticationMethods: { enabled: [email] }\n`);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ path: 'user.home', line: 6, col: 3, severity: 'warning' });
  });

  it('rejects a default method that cannot be the default (MTH-04)', () => {
    const d = at(errorsOf(`name: x\n${TENANT}user:\n  methods: [email]\n  defaultMethod: email\n`), 'user.defaultMethod');
    expect(d).toMatchObject({ line: 7, col: 18 });
    expect(d.message).toMatch(/^"email" cannot be the default sign-in method \(MTH-04\); methods that can: microsoftAuthenticator/);
    expect(d.message).toContain('or write an option: authenticatorNotification, appOrTokenCode, mobilePhoneCall, mobilePhoneText');
  });

  it('rejects a default option the user holds no method for', () => {
    const d = at(errorsOf(`name: x\n${TENANT}user:\n  methods: [email]\n  defaultMethod: mobilePhoneCall\n`), 'user.defaultMethod');
    expect(d).toMatchObject({ line: 7, col: 18 });
    expect(d.message).toBe('the default "mobilePhoneCall" needs mobilePhone among user.methods; registered: email (MTH-04)');
  });

  it('MTH-04: a method with two sign-in options is not shorthand for a default; one with one option is', () => {
    const d = at(errorsOf(`name: x\n${TENANT}user:\n  methods: [mobilePhone]\n  defaultMethod: mobilePhone\n`), 'user.defaultMethod');
    expect(d.message).toBe('"mobilePhone" gives 2 default sign-in options (MTH-04): write one of mobilePhoneCall ("Phone call"), mobilePhoneText ("Text message")');
    expect(parseScenarioText(`name: x\n${TENANT}user:\n  methods: [officePhone]\n  defaultMethod: officePhone\n`, FILE).ok).toBe(true);
  });

  it('MTH-06: a virtual number cannot be behind the default', () => {
    const d = at(errorsOf(`name: x\n${TENANT}user:\n  methods: [{ method: mobilePhone, virtual: true }]\n  defaultMethod: mobilePhoneText\n`), 'user.defaultMethod');
    expect(d.message).toMatch(/needs a real number.*\(MTH-06\)$/);
  });

  it('rejects more registrations than the method allows (MTH-02)', () => {
    const d = at(errorsOf(`name: x\n${TENANT}user:\n  methods:\n    - { method: microsoftAuthenticator, count: 6 }\n`),
      'user.methods[0].count');
    expect(d).toMatchObject({ line: 7, col: 48 });
    expect(d.message).toContain('at most 5 (MTH-02)');
  });

  it('rejects virtual on a method that is no phone (MTH-06) and passwordless on anything but the Authenticator (STR-05)', () => {
    const errors = errorsOf(`name: x\n${TENANT}user:\n  methods:\n    - { method: email, virtual: true }\n    - { method: mobilePhone, passwordless: true }\n    - { method: microsoftAuthenticator, passwordless: true }\n`);
    expect(errors.map((e) => e.path)).toEqual(['user.methods[0].virtual', 'user.methods[1].passwordless']);
    expect(at(errors, 'user.methods[0].virtual').message).toMatch(/^virtual describes a phone number \(MTH-06\), not "email"; phones: mobilePhone/);
    expect(at(errors, 'user.methods[1].passwordless')).toMatchObject({ line: 8, col: 44 });
  });

  it('rejects sources.rules entries that are not rule IDs, with did-you-mean', () => {
    const d = at(errorsOf(`name: x\nsources:\n  rules: [INT-04, INT-4]\n${TENANT}`), 'sources.rules[1]');
    expect(d).toMatchObject({ line: 3, col: 19 });
    expect(d.message).toBe('"INT-4" is not a rule ID; did you mean "INT-04"?');
  });

  it('rejects expectWhen keys that are not matrix dimensions', () => {
    const text = `name: x\n${TENANT}matrix:\n  client.app: [browser, ie11]\nexpectWhen:\n  - when: { client.ap: ie11 }\n    expect: { interrupted: false }\n`;
    const d = at(errorsOf(text), 'expectWhen[0].when["client.ap"]');
    expect(d).toMatchObject({ line: 8, col: 13 });
    expect(d.message).toBe('"client.ap" is not a matrix dimension; did you mean "client.app"?');
  });

  it('rejects matrix dimensions that are not scenario paths, suggesting the last segment', () => {
    const d = at(errorsOf(`name: x\n${TENANT}matrix:\n  tenant.sspr.methodsRequird: [1, 2]\n`), 'matrix["tenant.sspr.methodsRequird"]');
    expect(d).toMatchObject({ line: 6, col: 3 });
    expect(d.message).toContain('"methodsRequird" is not a field of tenant.sspr; did you mean "methodsRequired"?');
  });
});

describe('matrix expansion', () => {
  const MATRIX = `name: grid
${TENANT}matrix:
  client.app: [browser, windowsApp]
  client.os: [windows, macos, ios]
expect:
  interrupted: true
  required: 2
expectWhen:
  - when: { client.os: macos }
    expect: { required: 1, gate: slow }
  - when: { client.app: windowsApp, client.os: macos }
    expect: { gate: blocked }
`;

  it('yields one variant {} named after the scenario without a matrix', () => {
    const r = loaded(`name: single\n${TENANT}`);
    expect(r.variants).toHaveLength(1);
    expect(r.variants[0]).toMatchObject({ id: 'single', name: 'single', variant: {} });
  });

  it('expands the cartesian product in written order, last dimension fastest', () => {
    const { variants } = loaded(MATRIX);
    expect(variants.map((v) => v.id)).toEqual([
      'grid [client.app=browser, client.os=windows]',
      'grid [client.app=browser, client.os=macos]',
      'grid [client.app=browser, client.os=ios]',
      'grid [client.app=windowsApp, client.os=windows]',
      'grid [client.app=windowsApp, client.os=macos]',
      'grid [client.app=windowsApp, client.os=ios]',
    ]);
    expect(variants[4]!.client).toEqual({ app: 'windowsApp', os: 'macos', privateWindow: false });
    expect(variants[4]!.variant).toEqual({ 'client.app': 'windowsApp', 'client.os': 'macos' });
    expect(variants.every((v) => v.matrix === undefined && v.expectWhen.length === 0)).toBe(true);
  });

  it('merges matching expectWhen entries into expect, later entries winning field by field', () => {
    const { variants } = loaded(MATRIX);
    expect(variants[0]!.expect).toEqual({ interrupted: true, required: 2 });
    expect(variants[1]!.expect).toEqual({ interrupted: true, required: 1, gate: 'slow' });
    expect(variants[4]!.expect).toEqual({ interrupted: true, required: 1, gate: 'blocked' });
  });

  it('sets paths the YAML leaves out, so defaults still apply around them', () => {
    const { variants } = loaded(`name: g\n${TENANT}matrix:\n  tenant.sspr.reconfirmDays: [0, 30]\n`);
    expect(variants.map((v) => v.tenant.sspr.reconfirmDays)).toEqual([0, 30]);
    expect(variants[1]!.tenant.sspr.methodsRequired).toBe(1);
  });

  it('reports an invalid dimension value at the matrix entry', () => {
    const d = at(errorsOf(`name: g\n${TENANT}matrix:\n  client.app: [browser, safari]\n`), 'matrix["client.app"][1]');
    expect(d).toMatchObject({ line: 6, col: 25, severity: 'error' });
    expect(d.message).toBe(
      '"safari" is not valid; expected one of: browser, windowsApp, ie11, adalLegacyWebView (matrix dimension client.app)');
  });

  it('reports a semantic error only some variants have at the value that causes it', () => {
    const text = `name: g\ntenant:\n  authenticationMethods: { enabled: [email] }\nmatrix:\n  tenant.sspr.methodsRequired: [1, 2]\n`;
    const d = at(errorsOf(text), 'tenant.sspr.methodsRequired');
    expect(d).toMatchObject({ line: 5, col: 36 });
    expect(d.message).toMatch(/\(in variant tenant\.sspr\.methodsRequired=2\)$/);
  });

  it('expands an already parsed scenario the same way', () => {
    const r = loaded(MATRIX);
    expect(expandMatrix(r.scenario)).toEqual(r.variants);
  });
});

describe('scenario JSON Schema', () => {
  it('is generated from the zod schema with an id and title', () => {
    const schema = scenarioJsonSchema();
    expect(schema).toMatchObject({ $id: 'urn:regsim:scenario', title: 'regsim scenario', type: 'object' });
    expect(Object.keys((schema as { properties: Record<string, unknown> }).properties)).toContain('tenant');
  });

  it('matches the checked-in scenarios/scenario.schema.json (run `npm run schema` if stale)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(renderScenarioJsonSchema());
  });
});
