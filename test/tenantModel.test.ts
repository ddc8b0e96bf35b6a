/**
 * The model's growth for real tenants, by rule: per-method targets (MTH-01), the SSPR group
 * (SSPR-01), administrator roles (SSPR-05), Conditional Access assignments and state (INT-01,
 * GATE-02), grants and custom strengths (STR-01, STR-05), per-partner MFA trust (B2B-01),
 * TAP settings (STR-03), passkey settings read but not simulated (PK-01) — and tenant files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, evaluateHome } from '../src/domain/policy.ts';
import { trustsHomeMfa } from '../src/domain/b2b.ts';
import { combineStrengths, customStrength, satisfiesStrength, STRENGTHS } from '../src/domain/strengths.ts';
import { forUser } from '../src/domain/targets.ts';
import { formatDiagnostic } from '../src/scenario/diagnostics.ts';
import { loadScenarioFile, parseScenarioText } from '../src/scenario/load.ts';
import { Scenario, type ScenarioInput } from '../src/scenario/schema.ts';
import { loadAll } from '../src/cli/loadAll.ts';

const METHODS = ['microsoftAuthenticator', 'mobilePhone', 'email', 'fido2', 'temporaryAccessPass'] as const;
const scenario = (s: Omit<Partial<ScenarioInput>, 'tenant'> & { tenant?: Partial<ScenarioInput['tenant']> }) => forUser(Scenario.parse({
  name: 't', ...s, tenant: { authenticationMethods: { enabled: [...METHODS] }, ...s.tenant },
}));

describe('MTH-01: per-method targets', () => {
  const tenant = {
    authenticationMethods: {
      enabled: [...METHODS],
      targets: {
        microsoftAuthenticator: { include: { groups: ['MFA pilot'] }, exclude: { users: ['kiosk'] } },
        fido2: { include: { all: true }, exclude: { groups: ['g-contractors'] } },
      },
    },
    directory: { groups: { 'g-contractors': 'Contractors' } },
  };
  const enabled = (user: ScenarioInput['user']) => scenario({ tenant, user }).tenant.authenticationMethods.enabled;
  it('a method is enabled only for the users its targets include and do not exclude', () => {
    expect(enabled({ groups: ['MFA pilot'] })).toContain('microsoftAuthenticator');
    expect(enabled({ groups: [] })).not.toContain('microsoftAuthenticator');
    expect(enabled({ name: 'kiosk', groups: ['MFA pilot'] })).not.toContain('microsoftAuthenticator');
  });
  it('a group is matched by id or by its directory name', () => {
    expect(enabled({ groups: ['Contractors'] })).not.toContain('fido2');
    expect(enabled({ groups: ['g-contractors'] })).not.toContain('fido2');
    expect(enabled({})).toContain('fido2');
  });
  it('the wizard offers only what is enabled for the user', () => {
    const s = scenario({ tenant: { ...tenant, conditionalAccess: [{ name: 'mfa', grant: 'mfa' }] }, user: { groups: [] } });
    expect(evaluate(s).choices).not.toContain('microsoftAuthenticator');
  });
});

describe('SSPR-01, SSPR-05: the SSPR group and administrator roles', () => {
  const sspr = { enabledFor: 'selected' as const, groups: ['sspr-users'], methodsRequired: 1 as const, requireRegistration: true };
  it('with the selected group named, membership decides', () => {
    expect(evaluate(scenario({ tenant: { sspr }, user: { groups: ['sspr-users'] } })).sspr.enabled).toBe(true);
    expect(evaluate(scenario({ tenant: { sspr }, user: { groups: [] } })).sspr.enabled).toBe(false);
  });
  it('a role on the administrator list (by template id or name) gets the two-gate policy', () => {
    for (const role of ['729827e3-9c14-49f7-bb1b-9608f156bbb8', 'Helpdesk Administrator', 'Compliance Administrator']) {
      expect(evaluate(scenario({ tenant: { sspr }, user: { roles: [role] } })).sspr).toMatchObject({ administratorPolicy: true, methodsRequired: 2 });
    }
    expect(evaluate(scenario({ tenant: { sspr }, user: { roles: ['Global Reader'] } })).sspr.administratorPolicy).toBe(false);
  });
});

describe('INT-01, GATE-02: Conditional Access assignments, applications, locations and state', () => {
  const mfaFor = (users: unknown, extra: object = {}) => ({ conditionalAccess: [{ name: 'p', users, grant: 'mfa', ...extra }] }) as ScenarioInput['tenant'];
  const interrupted = (tenant: object, user: ScenarioInput['user'] = {}, more: Partial<ScenarioInput> = {}) =>
    evaluate(scenario({ tenant: tenant as never, user, ...more })).trigger === 'conditionalAccess';

  it('includes and excludes users, groups and roles', () => {
    const t = mfaFor({ include: { groups: ['Sales'] }, exclude: { roles: ['Global Administrator'], users: ['breakglass'] } });
    expect(interrupted(t, { groups: ['Sales'] })).toBe(true);
    expect(interrupted(t, { groups: [] })).toBe(false);
    expect(interrupted(t, { groups: ['Sales'], roles: ['62e90394-69f5-4237-9190-012177145e10'] })).toBe(false);
    expect(interrupted(t, { groups: ['Sales'], name: 'breakglass' })).toBe(false);
  });

  it('names guests by type in one comma-joined string, with or without spaces', () => {
    const t = mfaFor({ include: { guestsOrExternalUsers: { types: 'b2bCollaborationGuest, internalGuest' } } });
    expect(interrupted(t, { type: 'member', guestType: 'internalGuest' })).toBe(true);
    expect(interrupted(t, { type: 'member' })).toBe(false);
    const guest = Scenario.parse({ name: 'g', flow: 'b2bMfaTrust', tenant: { authenticationMethods: { enabled: ['mobilePhone'] }, conditionalAccess: [{ name: 'p', users: { include: { guestsOrExternalUsers: { types: 'b2bCollaborationGuest,internalGuest' } } }, grant: 'mfa' }] }, user: { type: 'guest', home: { authenticationMethods: { enabled: ['mobilePhone'] } } } });
    expect(evaluateHome(guest).trigger).toBe('conditionalAccess');
    const direct = Scenario.parse({ ...guest, user: { ...guest.user, guestType: 'b2bDirectConnectUser' } });
    expect(evaluateHome(direct).interrupted).toBe(false);
  });

  it('applies to the applications it names, and the user action only to registration', () => {
    const t = mfaFor('all', { applications: { include: ['Office365'] } });
    expect(interrupted(t, {}, { application: 'Office365' })).toBe(true);
    expect(interrupted(t)).toBe(false);
    const action = { conditionalAccess: [{ name: 'reg', users: 'all', grant: 'mfa', applications: { userActions: ['urn:user:registersecurityinfo'] }, locations: { include: ['All'], exclude: ['HQ'] } }], namedLocations: [{ id: 'hq-1', name: 'HQ', trusted: true }] };
    const sspr = { enabledFor: 'all' as const, requireRegistration: true, methodsRequired: 1 as const };
    expect(evaluate(scenario({ tenant: { ...action, sspr } as never, location: 'untrusted' })).wizard).toBe('blocked');
    expect(evaluate(scenario({ tenant: { ...action, sspr } as never, location: 'HQ' })).wizard).toBe('ssprOnly');
  });

  it('a report-only policy is evaluated, never enforced; a disabled one not at all', () => {
    expect(interrupted(mfaFor('all', { state: 'enabledForReportingButNotEnforced' }))).toBe(false);
    expect(interrupted(mfaFor('all', { state: 'disabled' }))).toBe(false);
    expect(interrupted(mfaFor('all', { state: 'enabled' }))).toBe(true);
  });
});

describe('grant controls and custom strengths (STR-01, STR-05)', () => {
  const grant = (g: unknown, client: object = {}) => evaluate(scenario({ tenant: { conditionalAccess: [{ name: 'p', grant: g as never }] }, client })).trigger;
  it('builtInControls mfa and block, with OR accepting a compliant device instead of MFA', () => {
    expect(grant({ operator: 'OR', builtInControls: ['mfa'] })).toBe('conditionalAccess');
    expect(grant({ operator: 'OR', builtInControls: ['mfa', 'compliantDevice'] }, { compliantDevice: true })).toBe(null);
    expect(grant({ operator: 'AND', builtInControls: ['mfa', 'compliantDevice'] }, { compliantDevice: true })).toBe('conditionalAccess');
  });
  it('a custom strength\'s comma-joined combinations, with or without a space', () => {
    const s = customStrength({ id: 'c', name: 'Codes', allowedCombinations: ['password, softwareOath', 'password,sms'] });
    expect(satisfiesStrength(s, new Set(['password', 'sms']))).toBe(true);
    expect(satisfiesStrength(s, new Set(['password', 'softwareOath']))).toBe(true);
    expect(satisfiesStrength(s, new Set(['password', 'microsoftAuthenticatorPush']))).toBe(false);
    const d = evaluate(scenario({ tenant: { authenticationStrengths: [{ id: 'c', name: 'Codes', allowedCombinations: ['password,sms'] }], conditionalAccess: [{ name: 'p', grant: { authenticationStrength: 'Codes' } }] } }));
    expect(d).toMatchObject({ wizard: 'strength', choices: ['mobilePhone'], strength: 'c' });
  });
  it('several strengths: the narrower decides, else what they share', () => {
    expect(combineStrengths([STRENGTHS.multifactor, STRENGTHS.phishingResistant])).toBe(STRENGTHS.phishingResistant);
    const a = customStrength({ id: 'a', name: 'A', allowedCombinations: ['fido2', 'password,sms'] });
    const b = customStrength({ id: 'b', name: 'B', allowedCombinations: ['fido2', 'password,voice'] });
    expect(combineStrengths([a, b])?.combinations).toEqual([['fido2']]);
  });
});

describe('B2B-01: inbound MFA trust, by default and per partner', () => {
  const guest = (partners: unknown, trustMfa: boolean) => Scenario.parse({
    name: 'g', flow: 'b2bMfaTrust', tenant: { authenticationMethods: { enabled: ['mobilePhone'] }, crossTenant: { trustMfa, partners } },
    user: { type: 'guest', home: { id: 'tid-fabrikam', authenticationMethods: { enabled: ['mobilePhone'] } } },
  });
  it('a partner\'s own setting wins; null inherits the default', () => {
    expect(trustsHomeMfa(guest([{ tenantId: 'tid-fabrikam', trustMfa: false }], true))).toBe(false);
    expect(trustsHomeMfa(guest([{ tenantId: 'tid-fabrikam', trustMfa: null }], true))).toBe(true);
    expect(trustsHomeMfa(guest([{ tenantId: 'tid-other', trustMfa: false }], true))).toBe(true);
  });
});

describe('STR-03 and PK-01: TAP and passkey settings', () => {
  const strengthUrl = (isUsableOnce: boolean) => evaluate(scenario({
    tenant: { authenticationMethods: { enabled: [...METHODS], temporaryAccessPass: { isUsableOnce } }, conditionalAccess: [{ name: 's', grant: { authenticationStrength: 'multifactor' } }] },
  })).authMethods!;
  it('isUsableOnce leaves the multi-use TAP bit (1024) out of the wizard\'s bitmask', () => {
    expect(strengthUrl(false) & 1024).toBe(1024);
    expect(strengthUrl(true) & 1024).toBe(0);
    expect(strengthUrl(true) & 512).toBe(512);
  });
  it('attestation and key restrictions are read, not simulated: the decision does not change', () => {
    const base = { conditionalAccess: [{ name: 's', grant: { authenticationStrength: 'phishingResistant' as const } }] };
    const d = (passkey: object) => evaluate(scenario({ tenant: { ...base, authenticationMethods: { enabled: [...METHODS], passkey } }, user: { methods: ['mobilePhone'] } }));
    expect(d({ enforceAttestation: true, keyRestrictions: { isEnforced: true, enforcementType: 'allow', aaGuids: ['x'] } }).offered)
      .toEqual(d({}).offered);
    expect(d({ selfServiceSetup: false }).wizard).toBe('deadEnd');
  });
});

describe('tenant files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regsim-tenant-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'contoso.tenant.yaml'), 'name: contoso\nauthenticationMethods:\n  enabled: [mobilePhone, email]\nconditionalAccess:\n  - { name: mfa, grant: mfa }\n');
  writeFileSync(join(dir, 'broken.tenant.yaml'), 'name: broken\nauthenticationMethods:\n  enabled: [mobilePhone, emial]\n');
  writeFileSync(join(dir, 'a.yaml'), 'name: a\ntenant: contoso.tenant.yaml\nexpect: { wizard: combined }\n');
  writeFileSync(join(dir, 'b.yaml'), 'name: b\ntenant: broken.tenant.yaml\n');

  it('a scenario takes its tenant from the file', () => {
    const r = loadScenarioFile(join(dir, 'a.yaml'));
    if (!r.ok) throw new Error(r.errors.map(formatDiagnostic).join('\n'));
    expect(r.variants[0]!.tenant.name).toBe('contoso');
    expect(evaluate(r.variants[0]!).wizard).toBe('combined');
  });

  it('an error in the tenant file points at its line and column there', () => {
    const r = loadScenarioFile(join(dir, 'b.yaml'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const there = r.errors.find((d) => d.file.endsWith('broken.tenant.yaml'))!;
    expect(there).toMatchObject({ line: 3, col: 26 });
    expect(there.message).toMatch(/"emial" is not valid.*did you mean "email"/);
    expect(r.errors.find((d) => d.file.endsWith('b.yaml'))).toMatchObject({ line: 2, path: 'tenant' });
  });

  it('validate takes tenant files, and reports each broken one once', () => {
    const l = loadAll([dir]);
    expect(l.errors.filter((d) => d.file.endsWith('broken.tenant.yaml'))).toHaveLength(1);
    expect(l.scenarios.map((s) => s.scenario.name)).toEqual(['a']);
  });

  it('a scenario may inline a tenant with the Graph forms too', () => {
    const r = parseScenarioText('name: x\ntenant:\n  authenticationMethods: { enabled: [mobilePhone] }\n  conditionalAccess:\n    - { name: p, users: { include: { guestsOrExternalUsers: { types: "b2bCollaborationGuest,bogusType" } } }, grant: mfa }\n', 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toMatch(/"bogusType" is not a guest or external user type/);
  });
});

describe('the tenant files\' JSON Schema', () => {
  it('matches the checked-in scenarios/tenant.schema.json (run `npm run schema` if stale)', async () => {
    const { readFileSync } = await import('node:fs');
    const { TENANT_SCHEMA_PATH, renderTenantJsonSchema } = await import('../src/scenario/writeSchema.ts');
    expect(readFileSync(TENANT_SCHEMA_PATH, 'utf8')).toBe(renderTenantJsonSchema());
  });
});
