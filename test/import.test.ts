/**
 * `regsim import`, `whatif` and `diff` on the Graph fixtures (test/fixtures/graph/, shaped as the
 * Graph API reference documents them): the "Done when" checks, the importer's tolerance
 * of real exports, and its diagnostics for bad input.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { captured } from './regsimInProcess.ts';
import { importTenant } from '../src/import/build.ts';
import { readJson } from '../src/import/json.ts';
import { renderYaml } from '../src/import/render.ts';
import { reachableOutcomes, whatif, type Row } from '../src/import/whatif.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { decisionFor } from '../src/simulate/expectations.ts';
import { formatWhatIf } from '../src/import/format.ts';
import { METHODS } from '../src/domain/methods.ts';
import { CLIENT_CATALOGUE } from '../src/domain/clients.ts';
import { TRIGGER_WORDS, WIZARD_WORDS } from '../machines/catalogue/decisions.ts';
import { diffTenants } from '../src/import/diff.ts';
import { formatDiff } from '../src/cli/diff.ts';
import { parseTenantText } from '../src/scenario/tenantFile.ts';
import { Tenant } from '../src/scenario/schema.ts';
import { wrapWords } from '../src/cli/output.ts';

const FIXTURE = 'test/fixtures/graph/contoso';
const OPTS = { profile: 'observed' as const, maxPopulations: 64 };
/** The rows of one client: enough where a test looks at the browser's. */
const BROWSER_ONLY = CLIENT_CATALOGUE.filter((c) => c.id === 'browser');

function imported(paths: string[] = [FIXTURE]): { tenant: Tenant; yaml: string; r: ReturnType<typeof importTenant> } {
  const r = importTenant(paths);
  if (!r.tenant) throw new Error(JSON.stringify(r.errors));
  const yaml = renderYaml(r.tenant, r.comments, ['test']);
  const parsed = parseTenantText(yaml, 'contoso.tenant.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { tenant: parsed.tenant, yaml, r };
}

describe('import: the fixture export becomes a tenant file that validates', () => {
  it('reads the methods, the three Conditional Access policies, the strength, trust and SSPR', () => {
    const { tenant } = imported();
    expect(tenant.authenticationMethods.enabled).toEqual(
      ['fido2', 'microsoftAuthenticator', 'mobilePhone', 'alternateMobilePhone', 'email', 'securityQuestions', 'temporaryAccessPass']);
    expect(tenant.conditionalAccess.map((p) => p.name)).toEqual([
      'CA001: Require multifactor authentication for all users', 'CA002: Securing security info registration', 'CA003: Guests - phishing-resistant MFA - all resources']);
    expect(tenant.conditionalAccess[1]!.target).toBe('registerSecurityInfo');
    expect(tenant.conditionalAccess[2]!.grant).toEqual({ authenticationStrength: 'phishingResistant' });
    expect(tenant.crossTenant).toEqual({ trustMfa: true, partners: [{ tenantId: 'd1f2e3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6', trustMfa: false }] });
    expect(tenant.sspr).toMatchObject({ enabledFor: 'all', methodsRequired: 2, requireRegistration: true, reconfirmDays: 180 });
    expect(tenant.authenticationMethods.temporaryAccessPass.isUsableOnce).toBe(true);
    expect(tenant.authenticationMethods.targets).toEqual({ temporaryAccessPass: { include: { groups: ['3f7f1c2e-8b5a-4c0d-9e61-2a9d5b7c4e10'] } } });
  });

  it('comments every setting with the Graph property it came from', () => {
    const { yaml } = imported();
    expect(yaml).toMatch(/- fido2 # Fido2\.state: enabled/);
    expect(yaml).toMatch(/selfServiceSetup: true # Fido2\.isSelfServiceRegistrationAllowed/);
    expect(yaml).toMatch(/trustMfa: true # default\.inboundTrust\.isMfaAccepted/);
    expect(yaml).toMatch(/methodsRequired: 2 # PasswordResetPolicies\.numberOfAuthenticationMethodsRequired/);
  });

  it('lists every unsupported or unknown setting of the fixture in the report', () => {
    const { r } = imported();
    const settings = r.report.map((x) => x.setting);
    // Read from the fixture files by hand: each is a setting the seeds give no effect on registration, or a method regsim does not know.
    for (const s of [
      'registrationEnforcement.authenticationMethodsRegistrationCampaign', 'Fido2.isAttestationEnforced', 'Fido2.keyRestrictions',
      'MicrosoftAuthenticator.featureSettings', 'Email.allowExternalIdToUseEmailOtp', 'authenticationMethodConfigurations: QRCodePin',
      'authenticationMethodConfigurations: VerifiableCredentials', 'TemporaryAccessPass.defaultLifetimeInMinutes',
      'PasswordResetPolicies.skipRegistrationAllowed', 'PasswordResetPolicies.skipRegistrationMaxAllowedDays',
      'Contoso app or hardware token: allowedCombinations "qrCodePin"', 'default.b2bCollaborationInbound',
    ]) expect(settings, s).toContain(s);
    const skipped = r.report.filter((x) => x.kind === 'skipped');
    expect(skipped.map((x) => x.setting)).toEqual(['authenticationMethodConfigurations: QRCodePin', 'authenticationMethodConfigurations: VerifiableCredentials']);
    // Each names its place in the export.
    expect(skipped[0]).toMatchObject({ file: `${FIXTURE}/authenticationMethodsPolicy.json`, line: 153 });
    // And why it is not simulated, in its own terms: a pass's length is no lifetime.
    const why = (setting: string) => r.report.find((x) => x.setting === setting)?.why;
    expect(why('TemporaryAccessPass.defaultLifetimeInMinutes')).toBe('regsim has no clock for a pass to expire on');
    expect(why('TemporaryAccessPass.defaultLength')).toBe('regsim never issues a pass, so its length changes no flow');
  });

  it('reads EntraExporter\'s folder layout (no @odata annotations, a UTF-16 file) to the same simulated tenant', () => {
    const plain = imported().tenant;
    const ee = imported(['test/fixtures/graph/contoso-entraexporter']).tenant;
    const simulated = (t: Tenant) => ({ methods: t.authenticationMethods.enabled, ca: t.conditionalAccess, cross: t.crossTenant, sspr: t.sspr, targets: t.authenticationMethods.targets });
    expect(simulated(ee)).toEqual(simulated(plain));
    expect(ee.name).toBe('Contoso');
  });

  it('reads PowerShell SDK exports: PascalCase keys and AdditionalProperties', () => {
    const { tenant } = imported(['test/fixtures/graph/powershell']);
    expect(tenant.authenticationMethods.targets?.microsoftAuthenticator).toEqual({ include: { groups: ['7c2b9e41-3d5a-4f60-8b1c-2e9d4a6f5b30'] } });
    expect(tenant.conditionalAccess[0]).toMatchObject({ state: 'enabledForReportingButNotEnforced', grant: { authenticationStrength: 'multifactor' } });
  });
});

describe('import: bad input', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('points at file:line:col with what was expected', () => {
    const r = readJson(bytes('{\n  "id": "Fido2"\n  "state": "enabled"\n}'), 'x.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: 'x.json', line: 3, col: 3, message: 'JSON: expected "," between items' });
  });
  it('accepts trailing commas, a byte-order mark and null placeholders', () => {
    const r = readJson(bytes('\ufeff{ "inboundTrust": { "isMfaAccepted": true, }, "b2bCollaborationInbound": null, }'), 'd.json');
    expect(r.ok && r.doc.value).toEqual({ inboundTrust: { isMfaAccepted: true }, b2bCollaborationInbound: null });
  });
  it('a value Graph would not send is a diagnostic naming the valid ones, and nothing is imported', () => {
    const dir = 'test/fixtures/graph/contoso';
    const r = importTenant([`${dir}/authenticationMethodsPolicy.json`, 'test/fixtures/graph/bad/conditionalAccess-state.json']);
    expect(r.tenant).toBeNull();
    expect(r.errors[0]).toMatchObject({ file: 'test/fixtures/graph/bad/conditionalAccess-state.json', line: 6 });
    expect(r.errors[0]!.message).toBe('"enabeld" is not a valid policy state; expected one of: enabled, disabled, enabledForReportingButNotEnforced');
  });
});

describe('import: a Graph boolean that is not one', () => {
  it('is a diagnostic at its line, never a silent false (MFA trust) or a dropped setting (a one-time pass)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regsim-bool-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(FIXTURE, dir, { recursive: true });
    const edit = (file: string, from: string, to: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(from, to));
    edit('crossTenantAccessPolicy-default.json', '"isMfaAccepted": true', '"isMfaAccepted": "yes"');
    edit('crossTenantAccessPolicy-partners.json', '"isMfaAccepted": false', '"isMfaAccepted": 0');
    edit('authenticationMethodsPolicy.json', '"isUsableOnce": true', '"isUsableOnce": "true"');
    const r = importTenant([dir]);
    expect(r.tenant).toBeNull();
    expect(r.errors.map((e) => [e.file.slice(dir.length + 1), e.line, e.message])).toEqual(expect.arrayContaining([
      ['crossTenantAccessPolicy-default.json', 6, '"yes" is not a valid inboundTrust.isMfaAccepted; expected true or false'],
      ['crossTenantAccessPolicy-partners.json', 9, '0 is not a valid inboundTrust.isMfaAccepted; expected true or false'],
      ['authenticationMethodsPolicy.json', 121, '"true" is not a valid TemporaryAccessPass.isUsableOnce; expected true or false'],
    ]));
    expect(r.errors).toHaveLength(3);
  });
});

describe('whatif given a scenario file', () => {
  it('says so in one error at its tenant key, not a dozen fields a tenant file does not have', async () => {
    const r = await captured(() => runCli(['whatif', 'scenarios/walk-interrupt-cancel.yaml']));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^scenarios\/walk-interrupt-cancel\.yaml:\d+:1: error: this is a scenario file, not a tenant file: /);
  });
});

describe('import: per-user MFA (INT-01)', () => {
  it('is reported as read, not simulated, at its line: whatif simulates kinds of user, not each user', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regsim-users-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'users.json'), JSON.stringify({ value: [
      { id: 'u1', userPrincipalName: 'adele@contoso.com', perUserMfaState: 'enforced' },
      { id: 'u2', userPrincipalName: 'alex@contoso.com', perUserMfaState: 'disabled' },
    ] }, null, 2));
    const r = importTenant([dir]);
    expect(r.tenant).not.toBeNull();
    const perUser = r.report.filter((x) => x.setting.endsWith('.perUserMfaState'));
    expect(perUser).toEqual([expect.objectContaining({ kind: 'notSimulated', setting: 'users(adele@contoso.com).perUserMfaState', value: 'enforced', line: 6 })]);
    expect(perUser[0]!.why).toContain('user.perUserMfa');
  });
});

describe('whatif on the fixture: the blog\'s caveats for the right populations', () => {
  const w = whatif(imported().tenant, OPTS);
  const rows = (population: RegExp, holds: string, client = 'browser') =>
    w.rows.filter((r) => population.test(r.population) && r.holds === holds && r.clientId === client);

  it('caveat 1: greenfield members get the CA MFA wizard without email and security questions', () => {
    const member = rows(/^member of no group a policy names, no admin role$/, 'nothing');
    expect(member.length).toBeGreaterThan(0);
    for (const r of member.filter((x) => x.place === 'trusted location')) {
      expect(r).toMatchObject({ wizard: 'combined', required: 2, skippable: false });
      expect(r.choices).not.toContain('email');
      expect(r.caveats.join()).toMatch(/caveat 1/);
    }
  });

  it('caveat 2: greenfield B2B guests from a trusting tenant are at a dead end; with MFA at home they are asked for a passkey', () => {
    const greenfield = rows(/^guest \(b2bCollaborationGuest\), from any other tenant \(MFA trust on\)$/, 'nothing');
    expect(greenfield).toHaveLength(1);
    expect(greenfield[0]).toMatchObject({ wizard: 'deadEnd', outcomes: ['deadEnd'] });
    expect(greenfield[0]!.caveats.join()).toMatch(/caveat 2/);
    const legacy = rows(/^guest \(b2bCollaborationGuest\), from any other tenant/, 'mobilePhone');
    expect(legacy[0]).toMatchObject({ wizard: 'strength', offered: ['fido2'] });
    expect(legacy[0]!.caveats.join()).toMatch(/caveat 2: .*passkey/);
    // Not for the other guest types: CA003 names b2bCollaborationGuest only.
    expect(w.rows.filter((r) => /b2bDirectConnectUser/.test(r.population)).every((r) => r.caveats.length === 0 && !r.interrupted)).toBe(true);
  });

  it('caveat 3: where the guest is asked for a passkey, the Windows App and a private window end at the passkey error (PK-04, PK-05)', () => {
    const legacy = (client: string) => rows(/^guest \(b2bCollaborationGuest\), from any other tenant/, 'mobilePhone', client)[0]!;
    // In a browser too, where a timeout or a cancel shows it (PK-05), but the Windows App's caveat is the Windows App's.
    expect(legacy('browser').outcomes).toContain('passkeyError');
    expect(legacy('browser').caveats.join()).not.toMatch(/caveat 3/);
    expect(legacy('windowsAppWindows').outcomes).toContain('passkeyError');
    expect(legacy('windowsAppWindows').caveats.join()).toMatch(/caveat 3: "Passkey not registered" in the Windows App \(PK-04\)/);
    expect(legacy('privateWindow').outcomes).toContain('passkeyError');
  });

  it('takes a tenant file as the guests\' home (--home), its pending change left out: B2B-03 reads the home policy as it is', () => {
    const home = Tenant.parse({
      ...imported().tenant, name: 'home', conditionalAccess: [],
      authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone'] },
      propagation: { changedMinutesAgo: 5, previous: { authenticationMethods: { enabled: ['mobilePhone'] } } },
    });
    const withHome = whatif(imported().tenant, { ...OPTS, home, clients: BROWSER_ONLY });
    const phone = withHome.rows.find((r) => /^guest \(b2bCollaborationGuest\), from any other tenant \(MFA trust on\)$/.test(r.population) && r.holds === 'mobilePhone' && r.clientId === 'browser')!;
    // This home enables no passkey, so the guest holding a phone there can register nothing the strength accepts (without --home: a passkey, caveat 2).
    expect(phone).toMatchObject({ wizard: 'deadEnd' });
    // Row for row, but for the guests' Temporary Access Pass rows: this home enables none.
    const noGuestTap = (r: Row) => !(r.flow === 'b2bMfaTrust' && r.holds === 'temporaryAccessPass');
    expect(withHome.rows.filter((r) => !noGuestTap(r))).toEqual([]);
    expect(withHome.rows.length).toBe(w.rows.filter((r) => r.clientId === 'browser' && noGuestTap(r)).length);
  });

  it('says for each guest which tenant decides and why: trust off, the resource (B2B-05); trust on, home (B2B-02)', () => {
    const guests = w.rows.filter((r) => r.flow === 'b2bMfaTrust');
    const off = guests.filter((r) => /\(MFA trust off\)$/.test(r.population));
    const on = guests.filter((r) => /\(MFA trust on\)$/.test(r.population));
    expect(off.length).toBeGreaterThan(0);
    expect(on.length).toBeGreaterThan(0);
    for (const r of off) expect(r.reasons[0]).toMatchObject({ rules: ['B2B-05'], text: expect.stringContaining('resource tenant') });
    for (const r of on) expect(r.reasons[0]).toMatchObject({ rules: ['B2B-02'], text: expect.stringContaining('home tenant') });
    for (const r of [...off, ...on]) expect(r.rules).toContain(r.reasons[0]!.rules[0]);
    // A claim the resource accepts: the guest is not sent home at all (B2B-01).
    const accepted = loadAll(['scenarios/b2b-trust-home-claim-accepted.yaml']).scenarios.map((x) => x.scenario)
      .find((x) => x.user.homeMfaClaim === true && x.user.home?.methods[0] === 'fido2')!;
    expect(decisionFor(accepted).reasons[0]).toMatchObject({ rules: ['B2B-01'], text: expect.stringContaining('not sent home') });
  });

  it('names what blocked a row: the policy on Register security information (GATE-02), not the grant that asked for registration', () => {
    const blocked = w.rows.find((r) => r.wizard === 'blocked' && r.reasons.some((x) => x.rules.includes('GATE-02')))!;
    expect(blocked.trigger).toBe('conditionalAccess');
    for (const format of ['table', 'md', 'csv'] as const) {
      expect(formatWhatIf({ ...w, rows: [blocked] }, format).replace(/\n */g, ' ').replace(/""/g, '"'), format)
        .toContain('security info blocked: Conditional Access "CA002: Securing security info registration" on Register security information');
    }
  });

  it('names the Conditional Access policy that asks (INT-01): the MFA grant for a member, the strength for a guest, none where nothing is lacking', () => {
    const member = rows(/^member of no group a policy names, no admin role$/, 'nothing').find((r) => r.place === 'trusted location')!;
    expect(member.askedBy).toEqual([{ policy: 'CA001: Require multifactor authentication for all users', home: false, requires: 'mfa' }]);
    expect(member.reasons).toContainEqual({ part: 'trigger', rules: ['INT-01'], text: 'asked by Conditional Access "CA001: Require multifactor authentication for all users": it requires multifactor authentication' });
    // A phone holder can do the MFA CA001 asks: not Conditional Access but SSPR interrupts them, and no policy is named.
    const phone = rows(/^member of no group a policy names, no admin role$/, 'mobilePhone').find((r) => r.place === 'trusted location')!;
    expect(phone).toMatchObject({ trigger: 'ssprRegistration', askedBy: [] });
    expect(formatWhatIf({ ...w, rows: [phone] }, 'md')).toContain('SSPR methods only (SSPR registration) |');
    // The resource's strength shapes a trusting guest's home wizard (B2B-04): the admin's own CA003, not the home tenant's.
    const guest = rows(/^guest \(b2bCollaborationGuest\), from any other tenant \(MFA trust on\)$/, 'mobilePhone')[0]!;
    expect(guest.askedBy).toEqual([{ policy: 'CA003: Guests - phishing-resistant MFA - all resources', home: false, requires: 'strength' }]);
    expect(guest.reasons.find((x) => x.text.startsWith('asked by'))).toMatchObject({ rules: ['INT-01', 'STR-05', 'B2B-04'], text: expect.stringContaining("the resource tenant's Conditional Access \"CA003") });
    for (const format of ['table', 'md', 'csv'] as const) {
      expect(formatWhatIf({ ...w, rows: [guest] }, format).replace(/\n */g, ' ').replace(/""/g, '"'), format)
        .toContain(`${WIZARD_WORDS.strength} (${TRIGGER_WORDS.authenticationStrength}: "CA003: Guests - phishing-resistant MFA - all resources")`);
    }
  });

  it('says whose a policy is where a guest\'s home tenant (--home) asks with its own', () => {
    const own = imported().tenant;
    const home = Tenant.parse({ ...own, name: 'home', conditionalAccess: [{ name: 'Home: MFA for all', users: 'all', grant: 'mfa' }] });
    const guests = whatif({ ...own, conditionalAccess: [] }, { ...OPTS, home, clients: BROWSER_ONLY }).rows
      .filter((r) => r.flow === 'b2bMfaTrust' && r.holds === 'nothing' && /\(MFA trust on\)$/.test(r.population));
    expect(guests.length).toBeGreaterThan(0);
    for (const r of guests) {
      expect(r.askedBy).toEqual([{ policy: 'Home: MFA for all', home: true, requires: 'mfa' }]);
      expect(formatWhatIf({ ...w, rows: [r] }, 'md')).toContain(`(${TRIGGER_WORDS.conditionalAccess}: the home tenant's "Home: MFA for all")`);
    }
  });

  it('names the strength, not an MFA grant beside it, as what shapes the strength wizard; and caveat 2 only for a phishing-resistant strength (B2B-04)', () => {
    const own = imported().tenant;
    const home = Tenant.parse({ ...own, name: 'home', conditionalAccess: [{ name: 'Home: MFA for all', users: 'all', grant: 'mfa' }] });
    const guest = whatif(own, { ...OPTS, home, clients: BROWSER_ONLY }).rows
      .find((r) => r.flow === 'b2bMfaTrust' && r.wizard === 'strength' && /\(MFA trust on\)$/.test(r.population))!;
    expect(guest.askedBy.map((a) => a.requires)).toContain('strength');
    expect(formatWhatIf({ ...w, rows: [guest] }, 'md')).toContain(`(${TRIGGER_WORDS.authenticationStrength}: "CA003: Guests - phishing-resistant MFA - all resources")`);
    // The same guests under the multifactor strength: a strength wizard still, but no passkey is asked for, so no caveat 2.
    const mfa: Tenant = { ...own, conditionalAccess: own.conditionalAccess.map((p) => (p.name.startsWith('CA003') ? { ...p, grant: { authenticationStrength: 'multifactor' } } : p)) };
    const softer = whatif(mfa, { ...OPTS, clients: BROWSER_ONLY }).rows.filter((r) => r.flow === 'b2bMfaTrust' && r.wizard === 'strength');
    expect(softer.length).toBeGreaterThan(0);
    for (const r of softer) expect(r.caveats.join(), r.population).not.toMatch(/caveat 2/);
  });

  it('names a block before a grant the user cannot meet on Register security information (GATE-02): no pass gets past a block', () => {
    const own = imported().tenant;
    const block = { name: 'CA010: Block registering outside trusted locations', users: 'all' as const, target: 'registerSecurityInfo' as const, exceptTrustedLocations: true, grant: 'block' as const };
    const t = Tenant.parse({ ...own, conditionalAccess: [...own.conditionalAccess, block] });
    const greenfield = whatif(t, { ...OPTS, clients: BROWSER_ONLY }).rows.find((r) => r.place === 'untrusted location' && r.holds === 'nothing' && r.wizard === 'blocked')!;
    expect(greenfield.reasons.find((x) => x.part === 'gate')!.text).toContain('"CA010: Block registering outside trusted locations" on Register security information blocks');
  });

  it('marks an outcome only a user who strips the strength wizard\'s URL reaches (STR-04): it is no outcome the policy gives', () => {
    const str05 = loadAll(['scenarios/str05-passwordless-needs-phone-sign-in.yaml']).scenarios[0]!.scenario;
    expect(reachableOutcomes(str05)).toEqual({ all: ['registrationComplete', 'canceled', 'blocked', 'deadEnd'], byStrippingUrlOnly: ['deadEnd'] });
    const walk = loadAll(['scenarios/walk-interrupt-cancel.yaml']).scenarios[0]!.scenario;
    expect(reachableOutcomes(walk).byStrippingUrlOnly).toEqual([]);
    const row = { ...w.rows[0]!, outcomes: ['registrationComplete', 'skipped'], byStrippingUrlOnly: ['skipped'] };
    for (const format of ['table', 'md', 'csv'] as const) {
      const text = formatWhatIf({ ...w, rows: [row] }, format);
      expect(text, format).toContain("Registration skipped (only if the user strips the URL's query, STR-04)");
      expect(text, format).not.toContain("Registration complete (only if");
    }
  });

  it('gives the kinds of user the methods policy can issue a Temporary Access Pass a row holding one: the pass satisfies the MFA that blocks them without it (GATE-01, GATE-02)', () => {
    const onboarding = /^member of 'TAP onboarding', no admin role$/;
    const [greenfield] = rows(onboarding, 'nothing').filter((r) => r.place === 'untrusted location');
    const [pass] = rows(onboarding, 'temporaryAccessPass').filter((r) => r.place === 'untrusted location');
    expect(greenfield).toMatchObject({ wizard: 'blocked', gate: 'blocked' });
    expect(pass).toMatchObject({ wizard: 'combined', gate: 'tap', interrupted: true });
    expect(pass!.rules).toContain('GATE-01');
    // Observed: TAP onboarding asks for a passkey too (DOMAIN's table, [B]).
    expect(pass!.choices).toContain('fido2');
    expect(pass!.caveats.join()).not.toMatch(/no Temporary Access Pass/);
    // The pass targets that group only (MTH-01): no one else gets such a row.
    const holders = new Set(w.rows.filter((r) => r.holds === 'temporaryAccessPass' && r.flow === 'interrupt').map((r) => r.population));
    expect([...holders].every((p) => /'TAP onboarding'/.test(p))).toBe(true);
    expect(holders.size).toBeGreaterThan(0);
    // A pass at home only where home decides: a guest the resource sends home (trust on), and who is interrupted at all.
    const guestHolders = w.rows.filter((r) => r.holds === 'temporaryAccessPass' && r.flow === 'b2bMfaTrust');
    expect(guestHolders.length).toBeGreaterThan(0);
    for (const r of guestHolders) expect(r.population, r.population).toMatch(/\(MFA trust on\)$/);
    expect(guestHolders.some((r) => /b2bDirectConnectUser/.test(r.population))).toBe(false);
    for (const format of ['table', 'md', 'csv'] as const) expect(formatWhatIf({ ...w, rows: [pass!] }, format), format).toMatch(/a Temporary Access Pass/);
    expect(formatWhatIf(w, 'md')).toMatch(/holding nothing, an MFA method or \(where enabled\) a Temporary Access Pass/);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(whatif(imported().tenant, OPTS))).toBe(JSON.stringify(w));
  });

  it('speaks words in the table, Markdown and CSV (methods, wizards, triggers, outcomes by name), ids in JSON', () => {
    // The ids that are not also English words (`email`, `combined` are both).
    const camel = [...Object.keys(METHODS), ...Object.keys(WIZARD_WORDS), ...Object.keys(TRIGGER_WORDS), 'registrationComplete', 'passkeyError'].filter((id) => /[A-Z0-9]/.test(id));
    const ids = new RegExp(`\\b(${camel.join('|')})\\b`);
    for (const format of ['table', 'md', 'csv'] as const) {
      // The read-not-simulated list names Graph properties, which are ids by nature.
      const text = formatWhatIf({ ...w, notSimulated: [] }, format);
      expect(text, format).not.toMatch(ids);
      // The MFA grant that asks, by the name the admin gave it (INT-01).
      const asking = w.rows.find((r) => r.wizard === 'combined' && r.trigger === 'conditionalAccess')!.askedBy[0]!.policy;
      expect(text.replace(/\n */g, ' ').replace(/""/g, '"'), format).toContain(`${WIZARD_WORDS.combined} (${TRIGGER_WORDS.conditionalAccess}: "${asking}")`);
      expect(text, format).toContain(METHODS.microsoftAuthenticator.label);
    }
    expect(formatWhatIf(w, 'json')).toMatch(/"wizard": "combined"/);
  });

  it('keeps the terminal table within 120 columns: decision, methods and outcomes each on a line under its row', () => {
    const text = formatWhatIf(w, 'table');
    const lines = text.split('\n');
    // Every line, headings (kinds of user), notes and the footer too, broken at spaces only: joined, each says all it said.
    for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(120);
    const joined = text.replace(/\n */g, ' ');
    for (const r of w.rows) for (const said of [r.population, ...r.caveats]) expect(joined).toContain(said);
    expect(joined).toMatch(/ = \d+ rows; profile observed; the rules behind each row: --format md, csv or json/);
    const first = w.rows[0]!;
    const at = lines.findIndex((l) => /^ {6}decision {2}/.test(l));
    expect(lines[at]).toContain(`${WIZARD_WORDS[first.wizard as keyof typeof WIZARD_WORDS]} (`);
    // A decision too long for one line goes on under its own start, then the methods and outcomes follow.
    let next = at + 1;
    while (/^ {16}\S/.test(lines[next]!)) next++;
    expect(lines[next]).toMatch(/^ {6}methods {3}\S/);
    expect(lines[next + 1]).toMatch(/^ {6}outcomes {2}\S/);
  });
});

describe('wrapping a policy name', () => {
  it('keeps a lone dash with the word before it, so no line reads as a bullet, and says every word', () => {
    const text = 'decision  blank page (Conditional Access authentication strength: "CA003: Guests - phishing-resistant MFA - all resources")';
    for (let width = 20; width <= 120; width++) {
      const lines = wrapWords(text, width, '  ');
      for (const l of lines) expect(l.trimStart(), `width ${width}`).not.toMatch(/^[-–—] /);
      expect(lines.map((l) => l.trim()).join(' ')).toBe(text);
    }
  });
});

describe('diff: mfa → the built-in Multifactor authentication strength', () => {
  const before = imported().tenant;
  const after: Tenant = {
    ...before,
    conditionalAccess: before.conditionalAccess.map((p) => (p.name.startsWith('CA001') ? { ...p, grant: { authenticationStrength: 'multifactor' } } : p)),
  };
  const d = diffTenants(before, after, OPTS);

  it('reports, for members only, the switch to the one-method strength wizard (STR-01, STR-02)', () => {
    expect(d.changes.length).toBeGreaterThan(0);
    for (const c of d.changes) {
      expect(c.population).toMatch(/^member/);
      // The phone holder passes MFA, which neither grant asks more of; a greenfield user or a pass holder meets the wizard.
      expect(['nothing', 'temporaryAccessPass']).toContain(c.holds);
      const wizard = c.fields.find((f) => f.field === 'wizard');
      expect(wizard).toEqual({ field: 'wizard', before: 'combined', after: 'strength' });
      expect(c.fields.find((f) => f.field === 'required')).toEqual({ field: 'required', before: 2, after: 1 });
      expect(c.rules.after).toEqual(expect.arrayContaining(['STR-01', 'STR-02']));
      // Nothing else: the fields that change are those of the wizard the user sees.
      // A pass holder may now pick the passkey, which the wizard of two methods left no room for (STR-06): its outcomes too.
      const seen = ['wizard', 'offered', 'choices', 'required', 'url', ...(c.holds === 'temporaryAccessPass' ? ['outcomes'] : [])];
      expect(c.fields.map((f) => f.field).every((f) => seen.includes(f)), JSON.stringify(c.fields)).toBe(true);
    }
  });

  it('names the policy that asks on each side (INT-01) in its why line, and says it once', () => {
    const c = d.changes.find((x) => x.holds === 'nothing')!;
    const ca001 = { policy: 'CA001: Require multifactor authentication for all users', home: false };
    expect(c.askedBy).toEqual({ before: [{ ...ca001, requires: 'mfa' }], after: [{ ...ca001, requires: 'strength' }] });
    const text = formatDiff({ ...d, changes: [c] }, 'md');
    expect(text).toContain(`why: before ${TRIGGER_WORDS.conditionalAccess}: "${ca001.policy}" (`);
    expect(text).toContain(`after ${TRIGGER_WORDS.authenticationStrength}: "${ca001.policy}" (`);
    expect(text).not.toMatch(/asked by/);
    // The strength's rule stays with the after side's rules.
    expect(c.rules.after).toContain('STR-05');
  });

  it('compares like with like: a user who held a phone before holds it after the phone is turned off, and needs one more method (INT-08)', () => {
    const off: Tenant = {
      ...before,
      authenticationMethods: { ...before.authenticationMethods, sms: false, voiceCalls: false, enabled: before.authenticationMethods.enabled.filter((m) => !['mobilePhone', 'alternateMobilePhone', 'officePhone'].includes(m)) },
    };
    const changes = diffTenants(before, off, { ...OPTS, clients: BROWSER_ONLY }).changes;
    expect(new Set(changes.map((c) => c.holds))).toEqual(new Set(['nothing', 'mobilePhone', 'temporaryAccessPass']));
    const member = changes.find((c) => c.holds === 'mobilePhone' && c.population === 'member of no group a policy names, no admin role' && c.client === 'browser')!;
    expect(member.fields).toEqual(expect.arrayContaining([{ field: 'required', before: 1, after: 2 }]));
  });

  it('turning the Temporary Access Pass off shows what its holders lose, and says why: none can be issued (MTH-01)', () => {
    const off: Tenant = { ...before, authenticationMethods: { ...before.authenticationMethods, enabled: before.authenticationMethods.enabled.filter((m) => m !== 'temporaryAccessPass') } };
    const changes = diffTenants(before, off, { ...OPTS, clients: BROWSER_ONLY }).changes;
    expect(new Set(changes.map((c) => c.holds))).toEqual(new Set(['temporaryAccessPass']));
    // This tenant's pass is not the guests' home's: their rows stay as they were.
    expect(changes.filter((c) => c.guest)).toEqual([]);
    const untrusted = changes.find((c) => c.population === "member of 'TAP onboarding', no admin role" && c.place === 'untrusted location')!;
    expect(untrusted.fields).toEqual(expect.arrayContaining([{ field: 'gate', before: 'tap', after: 'blocked' }]));
    expect(untrusted.notes.after).toEqual([expect.stringMatching(/^no Temporary Access Pass can be issued: .*\(MTH-01\)/)]);
    expect(untrusted.notes.before.join()).not.toMatch(/Temporary Access Pass/);
    // And back: the pass turned on again is the same change the other way round.
    const back = diffTenants(off, before, { ...OPTS, clients: BROWSER_ONLY }).changes;
    expect(back.map((c) => c.fields.map((f) => [f.field, f.after, f.before]))).toEqual(changes.map((c) => c.fields.map((f) => [f.field, f.before, f.after])));
  });

  it('names the password reset policy behind a count it moves (SSPR-01): one method to reset instead of two', () => {
    const one: Tenant = { ...before, sspr: { ...before.sspr, methodsRequired: 1 } };
    const changes = diffTenants(before, one, { ...OPTS, clients: BROWSER_ONLY }).changes.filter((c) => c.fields.some((f) => f.field === 'required'));
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      expect(c.rules.before).toContain('SSPR-01');
      expect(c.rules.after).toContain('SSPR-01');
    }
    // The why in words: each side's own reasons for what changed, with their rules; no ids outside JSON.
    const d1 = diffTenants(before, one, { ...OPTS, clients: BROWSER_ONLY });
    const camel = [...Object.keys(METHODS), ...Object.keys(WIZARD_WORDS), ...Object.keys(TRIGGER_WORDS)].filter((id) => /[A-Z0-9]/.test(id));
    for (const format of ['table', 'md'] as const) {
      const text = formatDiff(d1, format);
      expect(text, format).toContain('before: SSPR is enabled for all users: 2 methods required to reset (SSPR-01)');
      expect(text, format).toContain('after: SSPR is enabled for all users: 1 method required to reset (SSPR-01)');
      expect(text, format).toContain(`after: shown by default, most secure first: ${METHODS.microsoftAuthenticator.label} (INT-04)`);
      expect(text, format).not.toMatch(new RegExp(`\\b(${camel.join('|')})\\b`));
    }
    expect(formatDiff(d1, 'json')).toContain('shown by default, most secure first: microsoftAuthenticator (INT-04)');
    const member = whatif(one, { ...OPTS, clients: BROWSER_ONLY }).rows.find((r) => r.population === 'member of no group a policy names, no admin role' && r.holds === 'nothing')!;
    expect(member.reasons).toContainEqual({ part: 'count', rules: ['SSPR-01'], text: 'SSPR is enabled for all users: 1 method required to reset' });
    // An administrator's count is the administrator policy's (SSPR-05), a guest's is its home tenant's: neither is this one's SSPR-01.
    const admin = whatif(one, { ...OPTS, clients: BROWSER_ONLY }).rows.filter((r) => /SSPR-05 administrator/.test(r.population) || r.flow === 'b2bMfaTrust');
    expect(admin.length).toBeGreaterThan(0);
    for (const r of admin) expect(r.reasons.filter((x) => x.rules.includes('SSPR-01') && /SSPR is enabled/.test(x.text) && !/home/.test(r.population))).toEqual([]);
  });

  it('SSPR for a selected group: those outside it are no longer asked, and the why names the group by its name (SSPR-01)', () => {
    const [id, name] = Object.entries(before.directory.groups).find(([, n]) => n === 'TAP onboarding')!;
    const selected: Tenant = { ...before, sspr: { ...before.sspr, enabledFor: 'selected', groups: [id] } };
    const d = diffTenants(before, selected, { ...OPTS, clients: BROWSER_ONLY });
    const outside = d.changes.find((c) => c.population === 'member of no group a policy names, no admin role' && c.holds === 'mobilePhone')!;
    expect(outside.fields).toEqual(expect.arrayContaining([{ field: 'interrupted', before: true, after: false }]));
    expect(outside.reasons.after).toContain(`SSPR is enabled for a selected group ('${name}') the user is not in: the wizard asks for no SSPR method (SSPR-01)`);
    // No change a user cannot see: interrupted on neither side, the gate on the way into security info is never met.
    const off: Tenant = { ...before, authenticationMethods: { ...before.authenticationMethods, enabled: before.authenticationMethods.enabled.filter((m) => m !== 'temporaryAccessPass') } };
    for (const c of diffTenants(before, off, OPTS).changes) {
      expect(c.fields.map((f) => f.field), c.population).not.toEqual(['gate']);
    }
  });

  it('a policy made report-only says what it would change if enforced, which a disabled one does not', () => {
    const before = imported().tenant;
    const state = (st: 'disabled' | 'enabledForReportingButNotEnforced'): Tenant => ({ ...before, conditionalAccess: before.conditionalAccess.map((p) => (p.name.startsWith('CA001') ? { ...p, state: st } : p)) });
    const reportOnly = diffTenants(before, state('enabledForReportingButNotEnforced'), { ...OPTS, clients: BROWSER_ONLY });
    const disabled = diffTenants(before, state('disabled'), { ...OPTS, clients: BROWSER_ONLY });
    expect(reportOnly.changes.length).toBe(disabled.changes.length);
    expect(reportOnly.changes.some((c) => c.notes.after.some((n) => /^report-only "CA001: .*", if enforced: /.test(n)))).toBe(true);
    expect(disabled.changes.every((c) => c.notes.after.every((n) => !/report-only/.test(n)))).toBe(true);
  });

  it('a tenant against itself changes nothing', () => {
    expect(diffTenants(before, before, OPTS).changes).toEqual([]);
  });
});

describe('whatif on an export folder: read as the tenant file `regsim import` writes', () => {
  /** The fixture export, copied with one file's text changed by `edit` (or left out). */
  function exportWith(file: string, edit: ((text: string) => string) | null): string {
    const dir = mkdtempSync(join(tmpdir(), 'regsim-export-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(FIXTURE, dir, { recursive: true });
    if (edit) writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    else rmSync(join(dir, file));
    return dir;
  }

  it('refuses what the tenant file would refuse, pointing at the lines `regsim import` prints', async () => {
    const dir = exportWith('conditionalAccessPolicies.json', (t) => t.replace('"guestOrExternalUserTypes": "b2bCollaborationGuest"', '"guestOrExternalUserTypes": "b2bCollabGuest"'));
    const written = await captured(() => runCli(['import', dir]));
    const r = await captured(() => runCli(['whatif', dir, '--format', 'json']));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const error = /^(.*) \(the tenant file `regsim import .*` writes\):(\d+):\d+: error: .*"b2bCollabGuest" is not a guest or external user type/m.exec(r.stderr);
    expect(error, r.stderr).not.toBeNull();
    expect(written.stdout.split('\n')[Number(error![2]) - 1]).toContain('b2bCollabGuest');
  });

  it('says on stderr what the import assumed or skipped, as `regsim import` does', async () => {
    const dir = exportWith('passwordResetPolicies.json', null);
    const r = await captured(() => runCli(['whatif', dir, '--format', 'json', '--max-populations', '1']));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^assumed \(\d+\)$/m);
    expect(r.stderr).toMatch(/ sspr — /);
    expect(JSON.parse(r.stdout).rows.length).toBeGreaterThan(0);
  });
});
