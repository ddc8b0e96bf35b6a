/**
 * Authentication strengths in interrupt mode (STR-01..07), blog 004 caveat 1
 * and DOMAIN's strength table. The strength wizard exists only in the
 * observed profile: the documented profile (Microsoft Learn) knows none.
 * Expected values are derived from the seeds, not copied from the engine.
 */
import { describe, expect, it } from 'vitest';
import {
  AUTH_METHOD_BITS, AUTH_MODES, decodeAuthMethods, encodeAuthMethods, parseRegisterUrl, registrableMethods,
  strengthWizardUrl, type AuthMode,
} from '../src/domain/authMethods.ts';
import type { MethodId } from '../src/domain/methods.ts';
import { METHODS } from '../src/domain/methods.ts';
import { evaluate, modesOf, type Decision } from '../src/domain/policy.ts';
import { STRENGTHS, satisfiesStrength, type StrengthId } from '../src/domain/strengths.ts';
import { Scenario, type RegisteredMethod, type ScenarioInput } from '../src/scenario/schema.ts';

// ─── builders ───────────────────────────────────────────────────────────────

type TenantIn = ScenarioInput['tenant'];
type UserIn = NonNullable<ScenarioInput['user']>;

/** Blog 004, caveat 1: passkeys and TAP enabled for onboarding; voice calls off. */
const BLOG_METHODS: MethodId[] = [
  'microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'email', 'securityQuestions', 'fido2', 'temporaryAccessPass',
];
const SSPR_ALL_2 = { enabledFor: 'all', methodsRequired: 2, requireRegistration: true } as const;
const strengthCa = (s: StrengthId) => [{ name: `Require ${s}`, grant: { authenticationStrength: s } }] as const;

function scen(o: {
  profile?: 'observed' | 'documented'; enabled?: MethodId[]; voiceCalls?: boolean; sms?: boolean;
  tenant?: Partial<TenantIn>; user?: UserIn;
} = {}): Scenario {
  return Scenario.parse({
    name: 'unit',
    profile: o.profile ?? 'observed',
    tenant: {
      authenticationMethods: { enabled: o.enabled ?? BLOG_METHODS, voiceCalls: o.voiceCalls ?? false, sms: o.sms ?? true },
      ...o.tenant,
    },
    user: o.user ?? {},
  });
}

/** Blog 004 caveat 1(c): SSPR all / two / register at sign-in; CA grant = built-in Multifactor strength. */
const caveat1c = (profile: 'observed' | 'documented' = 'observed', o: { sspr?: object; user?: UserIn } = {}) =>
  scen({ profile, tenant: { sspr: o.sspr ?? SSPR_ALL_2, conditionalAccess: [...strengthCa('multifactor')] }, user: o.user });

const bits = (...modes: AuthMode[]): number => modes.reduce((v, m) => v + AUTH_METHOD_BITS[m], 0);
const modesSet = (...modes: AuthMode[]): ReadonlySet<AuthMode> => new Set(modes);
const after = (s: Scenario, added: readonly RegisteredMethod[]): Decision =>
  evaluate({ ...s, user: { ...s.user, methods: [...s.user.methods, ...added] } });

/** What a user sees: the fields that make up an outcome. */
const outcome = (d: Decision) => ({ interrupted: d.interrupted, wizard: d.wizard, required: d.required, url: d.url, choices: d.choices });

// ─── STR-01 ─────────────────────────────────────────────────────────────────

describe('STR-01 — the strength wizard replaces the wizard', () => {
  it('STR-01: a "require authentication strength" grant opens register?authMethods=<mask>&authMethodCount=1 (observed)', () => {
    const d = evaluate(caveat1c('observed'));
    expect(d.wizard).toBe('strength');
    expect(d.trigger).toBe('authenticationStrength');
    expect(d.url).toMatch(/^https:\/\/mysignins\.microsoft\.com\/register\?authMethods=\d+&authMethodCount=1$/);
    expect(d.url).toBe(`https://mysignins.microsoft.com/register?authMethods=${d.authMethods}&authMethodCount=1`);
  });

  it('STR-01: the URL format is exact', () => {
    expect(strengthWizardUrl(1720, 1)).toBe('https://mysignins.microsoft.com/register?authMethods=1720&authMethodCount=1');
  });

  it('STR-01 (documented): the docs know no strength wizard — the ordinary wizard at /register', () => {
    for (const s of ['multifactor', 'passwordless', 'phishingResistant'] as const) {
      const d = evaluate(scen({ profile: 'documented', tenant: { sspr: SSPR_ALL_2, conditionalAccess: [...strengthCa(s)] }, user: { tap: true } }));
      expect(d.wizard, s).not.toBe('strength');
      expect(d.url ?? '', s).not.toContain('authMethods=');
    }
  });

  it('STR-01: the legacy "require MFA" grant keeps the ordinary wizard (observed)', () => {
    const d = evaluate(scen({ tenant: { sspr: SSPR_ALL_2, conditionalAccess: [{ name: 'mfa', grant: 'mfa' }] } }));
    expect(d.wizard).toBe('combined');
    expect(d.url).toBe('https://mysignins.microsoft.com/register');
  });
});

// ─── STR-02 ─────────────────────────────────────────────────────────────────

describe('STR-02 — one method, phone first, no SSPR-only methods', () => {
  it('STR-02: one method even though SSPR needs two', () => {
    const d = evaluate(caveat1c());
    expect(d.sspr.methodsRequired).toBe(2);
    expect(d.required).toBe(1);
    expect(d.offered).toHaveLength(1);
    expect(d.skippable).toBe(false);
  });

  it('STR-02: phone is prompted first', () => {
    const d = evaluate(caveat1c());
    expect(d.offered).toEqual(['mobilePhone']);
    expect(d.choices[0]).toBe('mobilePhone');
    // The user can choose a different method: the others are there.
    expect(d.choices).toEqual(expect.arrayContaining(['microsoftAuthenticator', 'softwareOath']));
  });

  it('STR-02: phone first unless disabled', () => {
    const d = evaluate(scen({
      enabled: BLOG_METHODS.filter((m) => m !== 'mobilePhone'),
      tenant: { sspr: SSPR_ALL_2, conditionalAccess: [...strengthCa('multifactor')] },
    }));
    expect(d.wizard).toBe('strength');
    expect(d.choices).not.toContain('mobilePhone');
    expect(d.offered).toHaveLength(1);
    expect(d.offered[0]).not.toBe('mobilePhone');
  });

  it('STR-02: SSPR-only methods (email, security questions) are never offered, though enabled', () => {
    const d = evaluate(caveat1c());
    expect(d.choices).not.toContain('email');
    expect(d.choices).not.toContain('securityQuestions');
    for (const m of d.choices) expect(METHODS[m].mfa).toBe(true);
  });

  it('STR-02: SSPR settings are ignored (none, one, two methods give the same wizard)', () => {
    const base = outcome(evaluate(caveat1c('observed', { sspr: SSPR_ALL_2 })));
    const ssprVariants = [
      { enabledFor: 'all', methodsRequired: 1, requireRegistration: true },
      { enabledFor: 'none' },
      { enabledFor: 'all', methodsRequired: 2, requireRegistration: false },
    ];
    for (const sspr of ssprVariants) expect(outcome(evaluate(caveat1c('observed', { sspr }))), JSON.stringify(sspr)).toEqual(base);
  });
});

// ─── STR-03 ─────────────────────────────────────────────────────────────────

describe('STR-03 — the authMethods bitmask', () => {
  it('STR-03: the bit of every mode is the blog table', () => {
    expect(AUTH_METHOD_BITS).toEqual({
      password: 1, voice: 2, hardwareOath: 4, softwareOath: 8, sms: 16, fido2: 32, windowsHelloForBusiness: 64,
      microsoftAuthenticatorPush: 128, deviceBasedPush: 256, temporaryAccessPassOneTime: 512, temporaryAccessPassMultiUse: 1024,
      email: 2048, x509CertificateSingleFactor: 4096, x509CertificateMultiFactor: 8192, federatedSingleFactor: 16384,
      federatedMultiFactor: 32768,
    });
  });

  it('STR-03: 1720 = TAP multi-use + TAP one-time + Authenticator push + fido2 + sms + softwareOath', () => {
    const d = decodeAuthMethods(1720);
    expect(1024 + 512 + 128 + 32 + 16 + 8).toBe(1720);
    expect([...d.modes].sort()).toEqual(
      ['fido2', 'microsoftAuthenticatorPush', 'sms', 'softwareOath', 'temporaryAccessPassMultiUse', 'temporaryAccessPassOneTime'],
    );
    expect(d.unknownBits).toEqual([]);
  });

  it('STR-03: 1960 = 1720 − sms + deviceBasedPush', () => {
    const d = decodeAuthMethods(1960);
    expect([...d.modes].sort()).toEqual(
      ['deviceBasedPush', 'fido2', 'microsoftAuthenticatorPush', 'softwareOath', 'temporaryAccessPassMultiUse', 'temporaryAccessPassOneTime'],
    );
    expect(d.unknownBits).toEqual([]);
  });

  it('STR-03: 1976 = 1960 + sms', () => {
    const d = decodeAuthMethods(1976);
    expect([...d.modes].sort()).toEqual(
      ['deviceBasedPush', 'fido2', 'microsoftAuthenticatorPush', 'sms', 'softwareOath', 'temporaryAccessPassMultiUse', 'temporaryAccessPassOneTime'],
    );
    expect(d.unknownBits).toEqual([]);
  });

  it('STR-03: 0 is none', () => {
    expect(decodeAuthMethods(0)).toMatchObject({ modes: [], unknownBits: [] });
  });

  it('STR-03: bits no mode owns are reported as unknown', () => {
    expect(decodeAuthMethods(65536)).toMatchObject({ modes: [], unknownBits: [65536] });
    const mixed = decodeAuthMethods(65536 + 131072 + 16);
    expect(mixed.modes).toEqual(['sms']);
    expect(mixed.unknownBits).toEqual([65536, 131072]);
  });

  it('STR-03: high unknown bits (2^31, 2^32) are reported, not silently dropped', () => {
    const d = decodeAuthMethods(2 ** 31 + 16);
    expect(d.modes).toEqual(['sms']);
    expect(d.unknownBits).toEqual([2 ** 31]);
    const e = decodeAuthMethods(2 ** 32 + 16);
    expect(e.modes).toEqual(['sms']);
    expect(e.unknownBits).toEqual([2 ** 32]);
  });

  it('STR-03: encode/decode round trip for every mode, alone and all together', () => {
    expect(AUTH_MODES).toHaveLength(16);
    for (const m of AUTH_MODES) {
      const v = encodeAuthMethods([m]);
      expect(v, m).toBe(AUTH_METHOD_BITS[m]);
      expect(decodeAuthMethods(v).modes, m).toEqual([m]);
    }
    const all = encodeAuthMethods(AUTH_MODES);
    expect(all).toBe(65535);
    expect([...decodeAuthMethods(all).modes].sort()).toEqual([...AUTH_MODES].sort());
    for (const v of [1720, 1960, 1976, 0, 65535, 2048 + 2]) expect(encodeAuthMethods(decodeAuthMethods(v).modes)).toBe(v);
  });

  it('STR-03 [A]: caveat 1(c) tenant (voice off, no hardware token) gives 1976, a value the blog saw', () => {
    const expected = bits('temporaryAccessPassMultiUse', 'temporaryAccessPassOneTime', 'deviceBasedPush', 'microsoftAuthenticatorPush', 'fido2', 'sms', 'softwareOath');
    expect(expected).toBe(1976);
    const d = evaluate(caveat1c());
    expect(d.authMethods).toBe(1976);
    expect(d.url).toBe('https://mysignins.microsoft.com/register?authMethods=1976&authMethodCount=1');
  });

  it('STR-03 [A]: the mask carries only modes the tenant enables (voice on adds bit 2; Authenticator off drops 128 and 256)', () => {
    const voice = evaluate(scen({ voiceCalls: true, tenant: { conditionalAccess: [...strengthCa('multifactor')] } }));
    expect(voice.authMethods).toBe(1976 + 2);
    const noAuth = evaluate(scen({ enabled: BLOG_METHODS.filter((m) => m !== 'microsoftAuthenticator'), tenant: { conditionalAccess: [...strengthCa('multifactor')] } }));
    expect((noAuth.authMethods ?? 0) & (128 | 256)).toBe(0);
    expect(noAuth.choices).not.toContain('microsoftAuthenticator');
  });
});

// ─── STR-04 ─────────────────────────────────────────────────────────────────

describe('STR-04 — editing or stripping the URL', () => {
  it('STR-04: parseRegisterUrl without authMethods → the ordinary wizard', () => {
    expect(parseRegisterUrl('https://mysignins.microsoft.com/register')).toEqual({ ok: true, authMethods: null, authMethodCount: null, strengthWizard: false });
  });

  it('STR-04: with authMethods → the strength wizard', () => {
    expect(parseRegisterUrl('https://mysignins.microsoft.com/register?authMethods=1720&authMethodCount=1'))
      .toEqual({ ok: true, authMethods: 1720, authMethodCount: 1, strengthWizard: true });
  });

  it('STR-04: a bad URL or a bad value is an error, not a wizard', () => {
    expect(parseRegisterUrl('not a url').ok).toBe(false);
    expect(parseRegisterUrl('https://mysignins.microsoft.com/register?authMethods=abc').ok).toBe(false);
    expect(parseRegisterUrl('https://mysignins.microsoft.com/register?authMethods=-8').ok).toBe(false);
  });

  it('STR-04: a parameter in the wrong case is an error naming the real one; another page is decoded with a note', () => {
    expect(parseRegisterUrl('https://mysignins.microsoft.com/register?authmethods=1720')).toEqual({
      ok: false, error: '"authmethods" is not a parameter the wizard reads (names are case-sensitive); did you mean "authMethods"?',
    });
    const elsewhere = parseRegisterUrl('https://example.com/register?authMethods=16');
    expect(elsewhere).toMatchObject({ ok: true, authMethods: 16 });
    expect(elsewhere.ok && elsewhere.note).toMatch(/^https:\/\/example\.com\/register is not the My Sign-ins register page/);
    expect(parseRegisterUrl('https://mysignins.microsoft.com/register/?authMethods=16')).not.toHaveProperty('note');
  });

  it('STR-04: editing the bitmask changes what the wizard offers', () => {
    const offered = (mask: number) => registrableMethods(decodeAuthMethods(mask).modes).sort();
    expect(offered(1720)).toEqual(['fido2', 'microsoftAuthenticator', 'mobilePhone', 'softwareOath']);
    expect(offered(1960)).toEqual(['fido2', 'microsoftAuthenticator', 'softwareOath']); // no sms bit: no phone
    expect(offered(16)).toEqual(['mobilePhone']);
    expect(offered(32)).toEqual(['fido2']);
  });
});

// ─── STR-05 ─────────────────────────────────────────────────────────────────

describe('STR-05 — the built-in strengths table', () => {
  const table: Array<[string, AuthMode[], [boolean, boolean, boolean]]> = [
    // [case, modes, [multifactor, passwordless, phishingResistant]]
    ['windowsHelloForBusiness', ['windowsHelloForBusiness'], [true, true, true]],
    ['fido2', ['fido2'], [true, true, true]],
    ['x509CertificateMultiFactor', ['x509CertificateMultiFactor'], [true, true, true]],
    ['deviceBasedPush', ['deviceBasedPush'], [true, true, false]],
    ['temporaryAccessPassOneTime', ['temporaryAccessPassOneTime'], [true, false, false]],
    ['temporaryAccessPassMultiUse', ['temporaryAccessPassMultiUse'], [true, false, false]],
    ['password + sms', ['password', 'sms'], [true, false, false]],
    ['password + voice', ['password', 'voice'], [true, false, false]],
    ['password + microsoftAuthenticatorPush', ['password', 'microsoftAuthenticatorPush'], [true, false, false]],
    ['password + softwareOath', ['password', 'softwareOath'], [true, false, false]],
    ['password + hardwareOath', ['password', 'hardwareOath'], [true, false, false]],
    ['federatedMultiFactor', ['federatedMultiFactor'], [true, false, false]],
    ['federatedSingleFactor + sms', ['federatedSingleFactor', 'sms'], [true, false, false]],
    ['federatedSingleFactor alone', ['federatedSingleFactor'], [false, false, false]],
    ['password alone', ['password'], [false, false, false]],
    ['sms without password', ['sms'], [false, false, false]],
    ['password + email', ['password', 'email'], [false, false, false]],
    ['password + x509CertificateSingleFactor', ['password', 'x509CertificateSingleFactor'], [false, false, false]],
  ];

  for (const [name, modes, [mfa, pwless, phish]] of table) {
    it(`STR-05: ${name} → multifactor ${mfa}, passwordless ${pwless}, phishing-resistant ${phish}`, () => {
      const set = modesSet(...modes);
      expect(satisfiesStrength('multifactor', set)).toBe(mfa);
      expect(satisfiesStrength('passwordless', set)).toBe(pwless);
      expect(satisfiesStrength('phishingResistant', set)).toBe(phish);
    });
  }

  it('STR-05: the three built-in strengths and their names', () => {
    expect(Object.values(STRENGTHS).map((s) => s.label).sort())
      .toEqual(['Multifactor authentication', 'Passwordless MFA', 'Phishing-resistant MFA']);
  });

  it('STR-05: a user with password + phone meets the Multifactor strength (no interrupt), not Passwordless', () => {
    expect(satisfiesStrength('multifactor', modesOf(['mobilePhone']))).toBe(true);
    expect(satisfiesStrength('passwordless', modesOf(['mobilePhone']))).toBe(false);
    expect(satisfiesStrength('phishingResistant', modesOf(['fido2']))).toBe(true);
    // Email is no second factor.
    expect(satisfiesStrength('multifactor', modesOf(['email']))).toBe(false);
  });

  it('STR-05: registering the method the Multifactor strength wizard offers satisfies the strength', () => {
    const s = scen({ tenant: { conditionalAccess: [...strengthCa('multifactor')] } });
    const d = evaluate(s);
    expect(d.wizard).toBe('strength');
    for (const m of d.choices) expect(after(s, [m]).wizard, m).not.toBe('strength');
  });

  it('STR-05: the Passwordless MFA strength asks for phone sign-in, which an Authenticator gives only once passwordless sign-in is enabled in the app [003]', () => {
    expect(satisfiesStrength('passwordless', modesOf(['microsoftAuthenticator']))).toBe(false);
    const s = scen({ tenant: { conditionalAccess: [...strengthCa('passwordless')] } });
    const d = evaluate(s);
    expect(d.wizard).toBe('strength');
    expect((d.authMethods ?? 0) & AUTH_METHOD_BITS.deviceBasedPush).toBe(AUTH_METHOD_BITS.deviceBasedPush);
    expect(d.choices).toContain('microsoftAuthenticator');
    // Held for push only: still interrupted, and the wizard offers to set the app up for phone sign-in.
    const pushOnly = after(s, ['microsoftAuthenticator']);
    expect(pushOnly.wizard).toBe('strength');
    expect(pushOnly.choices).toContain('microsoftAuthenticator');
    // With passwordless sign-in enabled, the strength is met.
    expect(after(s, [{ method: 'microsoftAuthenticator', count: 1, virtual: false, passwordless: true }]).interrupted).toBe(false);
  });
});

// ─── STR-06 ─────────────────────────────────────────────────────────────────

describe('STR-06 — phishing-resistant strength: dead end vs TAP vs legacy MFA', () => {
  const phish = (user: UserIn = {}, enabled: MethodId[] = BLOG_METHODS) =>
    scen({ enabled, tenant: { sspr: SSPR_ALL_2, conditionalAccess: [...strengthCa('phishingResistant')] }, user });

  it('STR-06: a greenfield user (no MFA, no TAP) can register nothing — a dead end', () => {
    const d = evaluate(phish());
    expect(d.wizard).toBe('deadEnd');
    expect(d.interrupted).toBe(true);
    expect(d.choices).toEqual([]);
    expect(d.offered).toEqual([]);
  });

  it('STR-06: with a TAP the user is prompted for a passkey / security key', () => {
    const d = evaluate(phish({ tap: true }));
    expect(d.wizard).toBe('strength');
    expect(d.gate).toBe('tap');
    expect(d.choices).toEqual(['fido2']);
    expect(d.offered).toEqual(['fido2']);
  });

  it('STR-06: with legacy MFA already registered the user is prompted for a passkey / security key, after MFA', () => {
    const d = evaluate(phish({ methods: ['mobilePhone'] }));
    expect(d.wizard).toBe('strength');
    expect(d.gate).toBe('mfaFirst');
    expect(d.choices).toEqual(['fido2']);
  });

  it('STR-06: the three cases are three different outcomes', () => {
    const cases = [phish(), phish({ tap: true }), phish({ methods: ['microsoftAuthenticator'] })].map((s) => {
      const d = evaluate(s);
      return JSON.stringify({ wizard: d.wizard, gate: d.gate, choices: d.choices });
    });
    expect(new Set(cases).size).toBe(3);
  });

  it('STR-06, PK-01: under a strength whose mask allows a passkey, the wizard says why it offers none (decode-url lists it)', () => {
    const because = (d: Decision, rule: string) => d.reasons.filter((r) => r.rules.includes(rule as never) && /allows a passkey/.test(r.text));
    const greenfield = evaluate(caveat1c());
    expect(greenfield.choices).not.toContain('fido2');
    expect(because(greenfield, 'STR-06')).toEqual([expect.objectContaining({ part: 'methods', text: expect.stringMatching(/needs MFA first.*: not offered$/) })]);
    // With a pass, it is offered, and nothing says otherwise.
    const withPass = evaluate(caveat1c('observed', { user: { tap: true } }));
    expect(withPass.choices).toContain('fido2');
    expect(because(withPass, 'STR-06')).toEqual([]);
    // With a pass but self-service setup off, the passkey policy is why (PK-01).
    const noSelfService = evaluate(scen({ tenant: { sspr: SSPR_ALL_2, conditionalAccess: [...strengthCa('multifactor')], authenticationMethods: { enabled: BLOG_METHODS, voiceCalls: false, passkey: { selfServiceSetup: false } } }, user: { tap: true } }));
    expect(noSelfService.choices).not.toContain('fido2');
    expect(because(noSelfService, 'PK-01')).toHaveLength(1);
  });

  it('STR-06: a user who already holds a passkey meets the strength (only SSPR, which fido2 does not serve, may still ask)', () => {
    const d = evaluate(phish({ methods: ['fido2'] }));
    expect(d.triggers).not.toContain('authenticationStrength');
    expect(d.wizard).not.toBe('strength');
    expect(d.wizard).not.toBe('deadEnd');
  });
});

describe('GATE-02 + STR-05 — a strength on "Register security information"', () => {
  const onAction = (strength: StrengthId, user: UserIn) => evaluate(scen({
    tenant: { sspr: SSPR_ALL_2, conditionalAccess: [{ name: 'Register with a strong sign-in', target: 'registerSecurityInfo', grant: { authenticationStrength: strength } }] }, user,
  }));

  it('is met only by what the strength accepts: a phone or a pass is no phishing-resistant sign-in, a passkey is', () => {
    for (const user of [{ methods: ['mobilePhone'] }, { tap: true }, {}] as UserIn[]) {
      const d = onAction('phishingResistant', user);
      expect(d.gate, JSON.stringify(user)).toBe('blocked');
      expect(d.reasons.find((r) => r.part === 'gate')!.text).toMatch(/needs a sign-in of the "Phishing-resistant MFA" strength the user cannot do/);
    }
    expect(onAction('phishingResistant', { methods: ['fido2', 'mobilePhone'] }).gate).not.toBe('blocked');
    // The Multifactor strength takes a phone, and a pass.
    expect(onAction('multifactor', { methods: ['mobilePhone'] }).gate).toBe('mfaFirst');
    expect(onAction('multifactor', { tap: true }).gate).toBe('tap');
  });
});

// ─── STR-07 ─────────────────────────────────────────────────────────────────

describe('STR-07 — each workaround gives a different outcome from caveat 1(c)', () => {
  const c = evaluate(caveat1c());

  it('STR-07: caveat 1(c) itself — strength wizard, one method, no SSPR methods, and SSPR left unmet', () => {
    expect(c).toMatchObject({ wizard: 'strength', required: 1 });
    // After the one method, SSPR (two) is still missing one: the user is interrupted again.
    const next = after(caveat1c(), c.offered);
    expect(next.interrupted).toBe(true);
    expect(next.trigger).toBe('ssprRegistration');
  });

  it('STR-07 workaround "one SSPR method": the one method the wizard asks for leaves the user compliant', () => {
    const s = caveat1c('observed', { sspr: { enabledFor: 'all', methodsRequired: 1, requireRegistration: true } });
    const d = evaluate(s);
    expect(d.wizard).toBe('strength');
    const next = after(s, d.offered);
    expect(next.interrupted).toBe(false);
    // Different from caveat 1(c), where the same registration leaves an SSPR interrupt.
    expect(next.interrupted).not.toBe(after(caveat1c(), c.offered).interrupted);
  });

  it('STR-07 workaround "SSPR wizard first, then enforce the strength": no strength wizard at all', () => {
    // CA off: the SSPR wizard (caveat 1(b)) — skippable, email and security questions offered.
    const ssprWizard = evaluate(scen({ tenant: { sspr: SSPR_ALL_2 } }));
    expect(ssprWizard).toMatchObject({ wizard: 'ssprOnly', skippable: true, required: 2 });
    expect(ssprWizard.choices).toEqual(expect.arrayContaining(['email', 'securityQuestions']));
    // Registered phone + email there; now the strength is enforced.
    const d = evaluate(caveat1c('observed', { user: { methods: ['mobilePhone', 'email'] } }));
    expect(d.interrupted).toBe(false);
    expect(outcome(d)).not.toEqual(outcome(c));
  });

  it('STR-07 workaround "use the legacy MFA grant": the ordinary wizard at /register asks for what SSPR needs', () => {
    const d = evaluate(scen({ tenant: { sspr: SSPR_ALL_2, conditionalAccess: [{ name: 'mfa', grant: 'mfa' }] } }));
    expect(d).toMatchObject({ wizard: 'combined', required: 2, url: 'https://mysignins.microsoft.com/register' });
    expect(outcome(d)).not.toEqual(outcome(c));
  });

  it('STR-07 (with STR-04) "strip the URL": the ordinary wizard', () => {
    const stripped = c.url!.replace(/\?.*$/, '');
    expect(parseRegisterUrl(stripped)).toMatchObject({ ok: true, strengthWizard: false });
    expect(parseRegisterUrl(c.url!)).toMatchObject({ ok: true, strengthWizard: true, authMethodCount: 1 });
  });

  it('STR-07: no workaround reproduces the caveat 1(c) outcome', () => {
    const outcomes = [
      c,
      after(caveat1c('observed', { sspr: { enabledFor: 'all', methodsRequired: 1, requireRegistration: true } }), c.offered),
      evaluate(caveat1c('observed', { user: { methods: ['mobilePhone', 'email'] } })),
      evaluate(scen({ tenant: { sspr: SSPR_ALL_2, conditionalAccess: [{ name: 'mfa', grant: 'mfa' }] } })),
    ].map((d) => JSON.stringify(outcome(d)));
    for (const o of outcomes.slice(1)) expect(o).not.toBe(outcomes[0]);
  });
});
