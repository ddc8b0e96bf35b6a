/**
 * The policy engine against DOMAIN's rules, one `describe` per rule group and
 * one or more `it` per rule, each named by rule ID first. Expected values are
 * derived from the seeds (../shared/seeds, cited as [C] 003 concept, [T] 000/001
 * troubleshooting, [E] 002 enable, [B] 004 blog), not copied from the engine.
 * Strengths (STR-*) live in domain.strengths.test.ts; machine walks in
 * domain.walks.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { legacySsprSetupNeedsMfa } from '../src/domain/admin.ts';
import { rollback, rollbackDecision } from '../src/domain/rollback.ts';
import {
  DEFAULT_OPTIONS, DEFAULT_OPTION_IDS, optionsGiven, optionsOfMethod, reviewDefault, shorthandOption, type Channels,
} from '../src/domain/defaultOptions.ts';
import {
  defaultChangeFailed, defaultChanged, deleteFailed, formatAuditRow, methodDeleted, methodRegistered,
  registeredAll, registrationCanceled, reviewFailed, reviewed,
} from '../src/domain/audit.ts';
import { addList, changeable, defaultChoices, deletable, oneFewer, oneMore, registrations, type Registrations } from '../src/domain/manage.ts';
import {
  METHODS, METHOD_IDS, SECURITY_ORDER, canBeDefault, isStrongAuthenticationMethod, sortBySecurity, type MethodId,
} from '../src/domain/methods.ts';
import { AUTH_METHOD_BITS, METHOD_MODES, MODE_REGISTERED_AS, decodeAuthMethods, registrableMethods } from '../src/domain/authMethods.ts';
import {
  effectiveTenant, evaluate, evaluateHome, securityInfoGate, ssprPolicyFor, type Decision,
} from '../src/domain/policy.ts';
import { stepPool } from '../src/domain/steps.ts';
import { reviewList } from '../src/domain/refresh.ts';
import { ADMIN_ROLES, Scenario, SsprPolicy, Tenant, type ScenarioInput } from '../src/scenario/schema.ts';

/** A tenant with voice calls and text messages enabled (the schema's defaults). */
const OPEN: Channels = { voiceCalls: true, sms: true };

// ─── scenario builders ──────────────────────────────────────────────────────

type TenantIn = ScenarioInput['tenant'];
type UserIn = NonNullable<ScenarioInput['user']>;

/** Blog 004, caveat 1: the methods the author's tenant enables (passkeys and TAP for onboarding). */
const BLOG_METHODS: MethodId[] = [
  'microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'email', 'securityQuestions', 'fido2', 'temporaryAccessPass',
];

interface Opts {
  profile?: 'observed' | 'documented';
  enabled?: MethodId[];
  voiceCalls?: boolean;
  tenant?: Partial<TenantIn>;
  user?: UserIn;
  client?: ScenarioInput['client'];
  location?: 'trusted' | 'untrusted';
}

function scen(o: Opts = {}): Scenario {
  return Scenario.parse({
    name: 'unit',
    profile: o.profile ?? 'observed',
    tenant: {
      authenticationMethods: { enabled: o.enabled ?? BLOG_METHODS, voiceCalls: o.voiceCalls ?? true },
      ...o.tenant,
    },
    user: o.user ?? {},
    client: o.client ?? {},
    location: o.location ?? 'trusted',
  });
}

const SSPR_ALL_2 = { enabledFor: 'all', methodsRequired: 2, requireRegistration: true } as const;
const SSPR_ALL_1 = { enabledFor: 'all', methodsRequired: 1, requireRegistration: true } as const;
const CA_MFA = [{ name: 'Require MFA for all apps', grant: 'mfa' }] as const;
const IDP = { identityProtection: true } as const;

/** Blog 004 caveat 1(a): SSPR all users, two methods, registration required; CA legacy "require MFA"; voice off. */
const caveat1a = (profile: 'observed' | 'documented', user: UserIn = {}) =>
  scen({ profile, voiceCalls: false, tenant: { sspr: SSPR_ALL_2, conditionalAccess: [...CA_MFA] }, user });

const SSPR_ONLY = (m: MethodId) => METHODS[m].sspr && !METHODS[m].mfa;

/** The user after registering `added`: what the next sign-in decides. */
const after = (s: Scenario, added: readonly MethodId[]): Decision =>
  evaluate({ ...s, user: { ...s.user, methods: [...s.user.methods, ...added] } });

// ─── MTH ────────────────────────────────────────────────────────────────────

describe('MTH — methods', () => {
  it('MTH-01: the interrupt wizard offers only methods the Authentication methods policy enables', () => {
    // SSPR-only enforcement, two methods; only another app and email are enabled.
    const d = evaluate(scen({ enabled: ['softwareOath', 'email'], tenant: { sspr: SSPR_ALL_2 } }));
    expect(d.interrupted).toBe(true);
    expect([...d.choices].sort()).toEqual(['email', 'softwareOath']);
    expect(d.offered).not.toContain('microsoftAuthenticator');
    expect(d.offered).not.toContain('mobilePhone');
  });

  it('MTH-01: in every profile and trigger, choices are a subset of the enabled methods', () => {
    const enabled: MethodId[] = ['mobilePhone', 'email', 'officePhone'];
    for (const profile of ['observed', 'documented'] as const) {
      for (const tenant of [{ mfaRegistration: IDP }, { conditionalAccess: [...CA_MFA] }, { sspr: SSPR_ALL_2 }] as Partial<TenantIn>[]) {
        const d = evaluate(scen({ profile, enabled, tenant: { sspr: SSPR_ALL_2, ...tenant }, user: { businessPhone: '+1 425 555 0100' } }));
        expect(d.interrupted).toBe(true);
        for (const m of d.choices) expect(enabled).toContain(m);
      }
    }
  });

  it('MTH-01: manage mode cannot add a disabled method', () => {
    const s = scen({ enabled: ['email'], tenant: { sspr: SSPR_ALL_1 } });
    const list = addList(s, []);
    expect(list.addable).toEqual(['email']);
    expect(list.missing.find((x) => x.method === 'microsoftAuthenticator')?.cause).toBe('notEnabled');
  });

  it('MTH-02: a user at the max is not offered the method again (Authenticator and other app: 5; phone, email: 1)', () => {
    const s = scen({ enabled: ['microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'email'], tenant: { sspr: SSPR_ALL_1 } });
    const full = addList(s, [{ method: 'microsoftAuthenticator', count: 5 }, { method: 'softwareOath', count: 5 }, 'mobilePhone', 'email']);
    expect(full.addable).toEqual([]);
    for (const m of ['microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'email'] as const) {
      expect(full.missing.find((x) => x.method === m)?.cause).toBe('atMax');
    }
    const below = addList(s, [{ method: 'microsoftAuthenticator', count: 4 }, { method: 'softwareOath', count: 4 }]);
    expect(below.addable).toEqual(expect.arrayContaining(['microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'email']));
  });

  it('MTH-02: the catalogue maxima follow [C] (Authenticator 5, other app 5, phones and email 1)', () => {
    expect(METHODS.microsoftAuthenticator.max).toBe(5);
    expect(METHODS.softwareOath.max).toBe(5);
    for (const m of ['mobilePhone', 'alternateMobilePhone', 'officePhone', 'email', 'securityQuestions'] as const) expect(METHODS[m].max).toBe(1);
  });

  it('MTH-02, MNG-04 [A]: the page counts registrations as the rules read them: none, one, several, the maximum', () => {
    // What each rule reads: MTH-02 the maximum (the Add list), MNG-04 the last one (the row goes).
    const walk = (m: MethodId, step: (m: MethodId, n: number) => number, from: number, times: number): Registrations[] => {
      const out: Registrations[] = [registrations(m, from)];
      for (let i = 0, n = from; i < times; i++) out.push(registrations(m, (n = step(m, n))));
      return out;
    };
    const max = METHODS.microsoftAuthenticator.max!;
    // One add or delete is one step along none, one, several, the maximum, and never past it.
    expect(walk('microsoftAuthenticator', oneMore, 0, 4)).toEqual(['none', 'one', 'several', 'max', 'max']);
    expect(walk('microsoftAuthenticator', oneFewer, max, 4)).toEqual(['max', 'several', 'one', 'none', 'none']);
    // A held count of 2, 3 or 4 is "several" and behaves alike: one add reaches the maximum, one delete leaves one.
    for (let n = 2; n < max; n++) {
      expect(registrations('microsoftAuthenticator', n)).toBe('several');
      expect(oneMore('microsoftAuthenticator', n)).toBe(max);
      expect(oneFewer('microsoftAuthenticator', n)).toBe(1);
    }
    // A method whose maximum is one has no "several": one is its maximum.
    expect(walk('mobilePhone', oneMore, 0, 2)).toEqual(['none', 'one', 'one']);
    expect(addList(scen({ enabled: ['mobilePhone'] }), [{ method: 'mobilePhone', count: oneMore('mobilePhone', 1) }]).missing.find((x) => x.method === 'mobilePhone')?.cause).toBe('atMax');
    // The admin-provisioned methods have no maximum: several stays several.
    expect(registrations('hardwareOath', 7)).toBe('several');
    expect(oneFewer('hardwareOath', 7)).toBe(1);
  });

  it('MTH-02: the strength wizard does not offer Authenticator to a user holding five', () => {
    // Passwordless MFA strength: Authenticator is its only method a greenfield user can register.
    const d = evaluate(scen({
      enabled: ['microsoftAuthenticator', 'fido2'],
      tenant: { conditionalAccess: [{ name: 'pwless', grant: { authenticationStrength: 'passwordless' } }] },
      user: { methods: [{ method: 'microsoftAuthenticator', count: 5 }] },
    }));
    expect(d.choices).not.toContain('microsoftAuthenticator');
  });

  it('MTH-03: a third-party authenticator app gives codes, never push', () => {
    expect(METHOD_MODES.softwareOath).toEqual(['softwareOath']);
    expect(MODE_REGISTERED_AS.microsoftAuthenticatorPush).toBe('microsoftAuthenticator');
    expect(MODE_REGISTERED_AS.deviceBasedPush).toBe('microsoftAuthenticator');
    // A wizard that asks for push only (bit 128) cannot be satisfied with another app.
    expect(registrableMethods(decodeAuthMethods(AUTH_METHOD_BITS.microsoftAuthenticatorPush).modes)).toEqual(['microsoftAuthenticator']);
    expect(registrableMethods(decodeAuthMethods(AUTH_METHOD_BITS.softwareOath).modes)).toEqual(['softwareOath']);
  });

  it('MTH-04: Authenticator, app/token code, call and text may be default; email and security questions never', () => {
    for (const m of ['microsoftAuthenticator', 'softwareOath', 'hardwareOath', 'mobilePhone'] as const) expect(canBeDefault(m)).toBe(true);
    for (const m of ['email', 'securityQuestions'] as const) expect(canBeDefault(m)).toBe(false);
    // [C] lists four choices: "Microsoft Authenticator – push notification or passwordless",
    // "Authenticator app or hardware token – code", "Phone call", "Text message".
    expect(defaultChoices(['email', 'securityQuestions', 'mobilePhone', 'microsoftAuthenticator'], null, OPEN).map((o) => DEFAULT_OPTIONS[o].label))
      .toEqual(['Microsoft Authenticator – push notification or passwordless', 'Authenticator app or hardware token – code', 'Phone call', 'Text message']);
  });

  it('MTH-04: a default is a sign-in option: a mobile phone gives a call and a text, an office or alternate phone a call', () => {
    expect(optionsOfMethod('mobilePhone')).toEqual(['mobilePhoneCall', 'mobilePhoneText']);
    expect(optionsOfMethod('officePhone')).toEqual(['officePhoneCall']);
    expect(optionsOfMethod('alternateMobilePhone')).toEqual(['alternateMobilePhoneCall']);
    // One code option for every app or token that gives codes (MTH-03: third-party apps give codes only).
    for (const m of ['microsoftAuthenticator', 'softwareOath', 'hardwareOath'] as const) expect(optionsOfMethod(m)).toContain('appOrTokenCode');
    expect(optionsOfMethod('softwareOath')).toEqual(['appOrTokenCode']);
    for (const m of ['email', 'securityQuestions', 'fido2', 'appPassword', 'temporaryAccessPass'] as const) expect(optionsOfMethod(m)).toEqual([]);
  });

  it('MTH-04: a method id stands for an option only where it gives one', () => {
    expect(shorthandOption('officePhone').option).toBe('officePhoneCall');
    expect(shorthandOption('hardwareOath').option).toBe('appOrTokenCode');
    expect(shorthandOption('mobilePhone')).toEqual({ option: null, candidates: ['mobilePhoneCall', 'mobilePhoneText'] });
    expect(shorthandOption('microsoftAuthenticator').option).toBeNull();
  });

  it('MTH-04, MTH-06: a virtual number gives neither a call nor a text; a call needs voice calls, a text needs text messages', () => {
    expect(optionsGiven([{ method: 'mobilePhone', virtual: true }], OPEN)).toEqual([]);
    expect(optionsGiven([{ method: 'mobilePhone' }], { voiceCalls: false, sms: true })).toEqual(['mobilePhoneText']);
    expect(optionsGiven([{ method: 'mobilePhone' }, { method: 'officePhone' }], { voiceCalls: true, sms: false })).toEqual(['mobilePhoneCall', 'officePhoneCall']);
  });

  it('INT-09 [A]: the review proposes the default held, else the most secure new option', () => {
    expect(reviewDefault(null, [{ method: 'microsoftAuthenticator' }, { method: 'mobilePhone' }], OPEN)).toBe('authenticatorNotification');
    expect(reviewDefault(null, [{ method: 'mobilePhone' }, { method: 'email' }], OPEN)).toBe('mobilePhoneText');
    expect(reviewDefault('mobilePhoneCall', [{ method: 'microsoftAuthenticator' }, { method: 'mobilePhone' }], OPEN)).toBe('mobilePhoneCall');
    expect(reviewDefault(null, [{ method: 'email' }, { method: 'securityQuestions' }], OPEN)).toBeNull();
  });

  it('MTH-05: the security order is fido2 > Authenticator > other app > mobile > office > alternate > email > questions', () => {
    const order: MethodId[] = ['fido2', 'microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'officePhone', 'alternateMobilePhone', 'email', 'securityQuestions'];
    expect(SECURITY_ORDER).toEqual(order);
    expect(sortBySecurity([...order].reverse())).toEqual(order);
  });
});

// ─── GATE ───────────────────────────────────────────────────────────────────

describe('GATE — entering security info', () => {
  const gate = (held: MethodId[], tap = false, extra: Partial<Parameters<typeof securityInfoGate>[0]> = {}) =>
    securityInfoGate({ tenant: scen().tenant, client: scen().client, location: 'trusted', userType: 'member', held, tap, ...extra }).gate;

  it('GATE-01: a user with an MFA-capable method must do MFA first; a TAP satisfies it', () => {
    expect(gate(['mobilePhone'])).toBe('mfaFirst');
    expect(gate(['microsoftAuthenticator', 'email'])).toBe('mfaFirst');
    expect(gate([], true)).toBe('tap');
    // Email and security questions are not MFA methods: no MFA before security info.
    expect(gate(['email', 'securityQuestions'])).toBe('open');
    expect(gate([])).toBe('open');
  });

  it('GATE-01: the interrupt decision carries the gate (MFA first before the wizard)', () => {
    const d = evaluate(scen({ tenant: { sspr: SSPR_ALL_2 }, user: { methods: ['mobilePhone'] } }));
    expect(d.interrupted).toBe(true);
    expect(d.gate).toBe('mfaFirst');
  });

  it('GATE-02: a CA policy on "Register security information" blocks from outside a trusted location', () => {
    const ca = [{ name: 'Register from trusted locations only', target: 'registerSecurityInfo', grant: 'block', exceptTrustedLocations: true }] as const;
    const tenant = { mfaRegistration: IDP, conditionalAccess: [...ca] };
    const outside = evaluate(scen({ tenant, location: 'untrusted' }));
    expect(outside.wizard).toBe('blocked');
    expect(outside.gate).toBe('blocked');
    const inside = evaluate(scen({ tenant, location: 'trusted' }));
    expect(inside.wizard).toBe('combined');
    expect(inside.gate).not.toBe('blocked');
    // A disabled policy blocks nobody.
    const off = evaluate(scen({ tenant: { ...tenant, conditionalAccess: [{ ...ca[0], enabled: false }] }, location: 'untrusted' }));
    expect(off.wizard).toBe('combined');
  });

  it('GATE-03: an ADAL app on a legacy web view shows a blank page; modern clients work', () => {
    // [C] 003: the blank page is for ADAL legacy web views falling back to old IE; IE11 is only "not supported".
    const tenant = { mfaRegistration: IDP };
    expect(evaluate(scen({ tenant, client: { app: 'adalLegacyWebView' } })).wizard).toBe('blankPage');
    expect(evaluate(scen({ tenant, client: { app: 'ie11' } })).wizard).not.toBe('combined');
    expect(evaluate(scen({ tenant, client: { app: 'browser' } })).wizard).toBe('combined');
    expect(evaluate(scen({ tenant, client: { app: 'windowsApp', os: 'windows' } })).wizard).not.toBe('blankPage');
  });

  it('GATE-04: until the propagation window passes the user sees the previous policy', () => {
    const tenant = (changedMinutesAgo: number): Partial<TenantIn> => ({
      conditionalAccess: [...CA_MFA],
      propagation: { changedMinutesAgo, windowMinutes: 60, previous: { conditionalAccess: [] } },
    });
    const early = evaluate(scen({ tenant: tenant(10) }));
    expect(early.propagationPending).toBe(true);
    expect(early.interrupted).toBe(false);
    const late = evaluate(scen({ tenant: tenant(90) }));
    expect(late.propagationPending).toBe(false);
    expect(late.interrupted).toBe(true);
    expect(late.trigger).toBe('conditionalAccess');
  });

  it('GATE-04: the default propagation window is 60 minutes [A]', () => {
    const t = Tenant.parse({ authenticationMethods: { enabled: ['email'] }, propagation: { changedMinutesAgo: 59, previous: {} } });
    expect(t.propagation?.windowMinutes).toBe(60);
    expect(effectiveTenant(t).pending).toBe(true);
    expect(effectiveTenant({ ...t, propagation: { ...t.propagation!, changedMinutesAgo: 61 } }).pending).toBe(false);
  });

  it('GATE-05: an admin gets the administrator SSPR policy, not the tenant user policy', () => {
    const s = scen({ tenant: { sspr: { enabledFor: 'none', methodsRequired: 1 } }, user: { adminRole: 'helpdeskAdministrator' } });
    const d = evaluate(s);
    expect(d.sspr.administratorPolicy).toBe(true);
    expect(d.sspr.enabled).toBe(true);
    expect(d.sspr.methodsRequired).toBe(2);
    const member = evaluate(scen({ tenant: { sspr: { enabledFor: 'none', methodsRequired: 1 } } }));
    expect(member.sspr.administratorPolicy).toBe(false);
    expect(member.sspr.enabled).toBe(false);
  });
});

// ─── INT ────────────────────────────────────────────────────────────────────

describe('INT — interrupt mode', () => {
  it('INT-01: Identity Protection MFA registration interrupts a user without MFA', () => {
    const d = evaluate(scen({ tenant: { mfaRegistration: IDP } }));
    expect(d).toMatchObject({ interrupted: true, trigger: 'identityProtection', wizard: 'combined', skippable: false });
  });

  it('INT-01: per-user MFA (enabled or enforced) interrupts at sign-in', () => {
    for (const perUserMfa of ['enabled', 'enforced'] as const) {
      expect(evaluate(scen({ user: { perUserMfa } }))).toMatchObject({ interrupted: true, trigger: 'perUserMfa', wizard: 'combined' });
    }
    expect(evaluate(scen({ user: { perUserMfa: 'disabled' } })).interrupted).toBe(false);
  });

  it('INT-01: a CA "require MFA" grant interrupts when a resource needs MFA', () => {
    expect(evaluate(scen({ tenant: { conditionalAccess: [...CA_MFA] } }))).toMatchObject({ interrupted: true, trigger: 'conditionalAccess' });
  });

  it('INT-01: SSPR registration enforced interrupts with SSPR methods; SSPR refresh with a review', () => {
    expect(evaluate(scen({ tenant: { sspr: SSPR_ALL_1 } }))).toMatchObject({ interrupted: true, trigger: 'ssprRegistration', wizard: 'ssprOnly' });
    const refresh = evaluate(scen({ tenant: { sspr: { ...SSPR_ALL_1, reconfirmDays: 90 } }, user: { methods: ['mobilePhone'], lastReviewedDaysAgo: 91 } }));
    expect(refresh).toMatchObject({ interrupted: true, trigger: 'ssprRefresh', wizard: 'refresh' });
  });

  it('INT-01: without any enforcement the user is not interrupted; MFA enforcement is met by an MFA method held', () => {
    expect(evaluate(scen())).toMatchObject({ interrupted: false, wizard: 'none', trigger: null });
    expect(evaluate(scen({ tenant: { mfaRegistration: IDP, conditionalAccess: [...CA_MFA] }, user: { methods: ['microsoftAuthenticator'] } })).interrupted).toBe(false);
  });

  it('INT-02 (documented): with MFA registration enforced by CA, SSPR methods (email, questions) are offered too', () => {
    const d = evaluate(caveat1a('documented'));
    expect(d.wizard).toBe('combined');
    expect(d.required).toBe(2);
    expect(d.choices).toEqual(expect.arrayContaining(['email', 'securityQuestions']));
  });

  it('INT-02 (observed): with a CA "require MFA" grant, SSPR-only methods are not offered at all', () => {
    const d = evaluate(caveat1a('observed'));
    expect(d.wizard).toBe('combined');
    expect(d.interrupted).toBe(true);
    expect(d.choices.length).toBeGreaterThan(0);
    for (const m of d.choices) expect(METHODS[m].mfa).toBe(true);
    expect(d.choices).not.toContain('email');
    expect(d.choices).not.toContain('securityQuestions');
  });

  it('INT-02: the profiles differ only on the SSPR-only methods under the CA grant', () => {
    const o = evaluate(caveat1a('observed'));
    const doc = evaluate(caveat1a('documented'));
    expect(doc.choices.filter((m) => !SSPR_ONLY(m))).toEqual(o.choices);
    expect(o.required).toBe(doc.required);
  });

  it('INT-02: MFA enforced (Identity Protection) without SSPR: MFA methods only, one', () => {
    for (const profile of ['observed', 'documented'] as const) {
      const d = evaluate(scen({ profile, tenant: { mfaRegistration: IDP } }));
      expect(d.required).toBe(1);
      expect(d.choices.some(SSPR_ONLY)).toBe(false);
      expect(d.offered).toHaveLength(1);
      expect(METHODS[d.offered[0]!].mfa).toBe(true);
    }
  });

  it('INT-02: MFA enforced by Identity Protection plus SSPR: SSPR methods offered (the observed gap is the CA grant only)', () => {
    const d = evaluate(scen({ profile: 'observed', tenant: { mfaRegistration: IDP, sspr: SSPR_ALL_2 } }));
    expect(d.trigger).toBe('identityProtection');
    expect(d.choices).toEqual(expect.arrayContaining(['email', 'securityQuestions']));
  });

  it('INT-03: only SSPR registration enforced: skippable, SSPR methods incl. email and questions (both profiles)', () => {
    for (const profile of ['observed', 'documented'] as const) {
      const d = evaluate(scen({ profile, tenant: { sspr: SSPR_ALL_2 } }));
      expect(d).toMatchObject({ interrupted: true, trigger: 'ssprRegistration', wizard: 'ssprOnly', skippable: true, required: 2 });
      expect(d.choices).toEqual(expect.arrayContaining(['email', 'securityQuestions']));
      // SSPR methods only: fido2 serves MFA, not SSPR.
      expect(d.choices).not.toContain('fido2');
    }
  });

  it('INT-04: the wizard shows the minimum number of methods (1 when SSPR needs one MFA-capable method)', () => {
    const d = evaluate(scen({ profile: 'documented', tenant: { mfaRegistration: IDP, sspr: SSPR_ALL_1 } }));
    expect(d.required).toBe(1);
    expect(d.offered).toHaveLength(1);
    expect(after(scen({ profile: 'documented', tenant: { mfaRegistration: IDP, sspr: SSPR_ALL_1 } }), d.offered).interrupted).toBe(false);
  });

  it('INT-04: defaults are shown most secure first', () => {
    const d = evaluate(caveat1a('documented'));
    expect(d.offered).toEqual(sortBySecurity(d.offered));
    expect(d.choices).toEqual(sortBySecurity(d.choices));
    expect(d.offered[0]).toBe('microsoftAuthenticator');
  });

  it('INT-04: registering the defaults satisfies both MFA and SSPR (no further interruption)', () => {
    const enabledSets: MethodId[][] = [
      ['microsoftAuthenticator', 'mobilePhone', 'email'],
      ['microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'email', 'securityQuestions'],
      ['softwareOath', 'email', 'securityQuestions'],
      ['mobilePhone', 'email'],
    ];
    const failures: string[] = [];
    for (const enabled of enabledSets) {
      for (const sspr of [{ enabledFor: 'none' }, SSPR_ALL_1, SSPR_ALL_2] as const) {
        const s = scen({ profile: 'documented', enabled, tenant: { mfaRegistration: IDP, sspr } });
        const d = evaluate(s);
        expect(d.offered).toHaveLength(d.required);
        const next = after(s, d.offered);
        if (next.interrupted) failures.push(`${enabled.join('+')} sspr=${JSON.stringify(sspr)}: offered ${d.offered} → ${next.trigger}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('INT-04: when SSPR allows only SSPR-only methods, the minimum is one MFA method plus one SSPR method', () => {
    // SSPR (one method) allows only email and security questions; MFA registration enforced.
    const s = scen({
      profile: 'documented', enabled: ['microsoftAuthenticator', 'mobilePhone', 'email', 'securityQuestions'],
      tenant: { mfaRegistration: IDP, sspr: { ...SSPR_ALL_1, methods: ['email', 'securityQuestions'] } },
    });
    const d = evaluate(s);
    expect(d.required).toBe(2);
    expect(after(s, d.offered).interrupted).toBe(false);
  });

  it('INT-04: when SSPR allows fewer methods than MFA, the defaults still satisfy SSPR', () => {
    // SSPR needs two from phone and email; Authenticator serves MFA only here.
    const s = scen({
      profile: 'documented', enabled: ['microsoftAuthenticator', 'mobilePhone', 'email'],
      tenant: { mfaRegistration: IDP, sspr: { ...SSPR_ALL_2, methods: ['mobilePhone', 'email'] } },
    });
    const d = evaluate(s);
    expect(d.required).toBe(2);
    const next = after(s, d.offered);
    expect(next.interrupted).toBe(false);
  });

  it('INT-05: MFA and SSPR (two) enforced: first step MFA only, second may be SSPR-only', () => {
    for (const s of [caveat1a('documented'), scen({ profile: 'observed', tenant: { mfaRegistration: IDP, sspr: SSPR_ALL_2 } })]) {
      const d = evaluate(s);
      expect(d.required).toBe(2);
      const first = stepPool(d, []);
      expect(first.length).toBeGreaterThan(0);
      for (const m of first) expect(METHODS[m].mfa).toBe(true);
      const second = stepPool(d, [first[0]!]);
      expect(second).toEqual(expect.arrayContaining(['email', 'securityQuestions']));
      expect(second).toEqual(expect.arrayContaining(first.slice(1)));
      expect(METHODS[d.offered[0]!].mfa).toBe(true);
    }
  });

  it('INT-05: an SSPR-only method is never offered as the first of two', () => {
    const d = evaluate(caveat1a('documented'));
    expect(stepPool(d, []).some(SSPR_ONLY)).toBe(false);
  });

  it('INT-06: worked example — SSPR needs two, Authenticator, email, phone: shown Authenticator and phone', () => {
    const s = scen({ profile: 'documented', enabled: ['microsoftAuthenticator', 'email', 'mobilePhone'], tenant: { sspr: SSPR_ALL_2 } });
    const d = evaluate(s);
    expect(d.required).toBe(2);
    expect(d.offered).toEqual(['microsoftAuthenticator', 'mobilePhone']);
    // "The user can choose to register email instead of Authenticator app or phone."
    expect(stepPool(d, [])).toContain('email');
    expect(stepPool(d, ['microsoftAuthenticator'])).toContain('email');
    expect(stepPool(d, ['mobilePhone'])).toContain('email');
    // Either swap still completes SSPR.
    expect(after(s, ['email', 'mobilePhone']).interrupted).toBe(false);
    expect(after(s, ['microsoftAuthenticator', 'email']).interrupted).toBe(false);
  });

  it('INT-06: with MFA enforced too, Authenticator and phone are shown; email may replace the second', () => {
    const s = scen({ profile: 'documented', enabled: ['microsoftAuthenticator', 'email', 'mobilePhone'], tenant: { mfaRegistration: IDP, sspr: SSPR_ALL_2 } });
    const d = evaluate(s);
    expect(d.offered).toEqual(['microsoftAuthenticator', 'mobilePhone']);
    expect(stepPool(d, ['microsoftAuthenticator'])).toContain('email');
  });

  it('INT-07: "a different method" lists what the Authentication methods policy allows', () => {
    const d = evaluate(scen({ enabled: ['microsoftAuthenticator', 'softwareOath', 'mobilePhone'], tenant: { mfaRegistration: IDP } }));
    expect([...d.choices].sort()).toEqual(['microsoftAuthenticator', 'mobilePhone', 'softwareOath']);
    expect([...stepPool(d, [])].sort()).toEqual(['microsoftAuthenticator', 'mobilePhone', 'softwareOath']);
  });

  it('INT-08: a user holding Authenticator (SSPR needs two) is asked only for the one missing method', () => {
    const s = caveat1a('observed', { methods: ['microsoftAuthenticator'] });
    const d = evaluate(s);
    expect(d.interrupted).toBe(true);
    expect(d.required).toBe(1);
    expect(d.offered).toHaveLength(1);
    expect(d.choices).not.toContain('microsoftAuthenticator');
    expect(d.mfaNeeded).toBe(false);
  });

  it('INT-08: a user holding email (SSPR needs two) needs one method, and it must be MFA', () => {
    for (const profile of ['observed', 'documented'] as const) {
      const d = evaluate(scen({ profile, tenant: { mfaRegistration: IDP, sspr: SSPR_ALL_2 }, user: { methods: ['email'] } }));
      expect(d.required).toBe(1);
      expect(d.mfaNeeded).toBe(true);
      expect(d.choices).not.toContain('email');
      for (const m of stepPool(d, [])) expect(METHODS[m].mfa).toBe(true);
    }
  });

  it('INT-08: a user who satisfies everything is not interrupted', () => {
    expect(evaluate(caveat1a('observed', { methods: ['microsoftAuthenticator', 'mobilePhone'] })).interrupted).toBe(false);
  });

  it('INT-12: office phone in interrupt mode only when the business phone is set', () => {
    const enabled: MethodId[] = ['officePhone', 'mobilePhone', 'email'];
    const without = evaluate(scen({ enabled, tenant: { sspr: SSPR_ALL_2 } }));
    expect(without.choices).not.toContain('officePhone');
    const withPhone = evaluate(scen({ enabled, tenant: { sspr: SSPR_ALL_2 }, user: { businessPhone: '+1 425 555 0100' } }));
    expect(withPhone.choices).toContain('officePhone');
  });

  it('INT-12: alternate phone is never registered in interrupt mode (both profiles)', () => {
    for (const profile of ['observed', 'documented'] as const) {
      for (const tenant of [{ mfaRegistration: IDP }, { sspr: SSPR_ALL_2 }] as Partial<TenantIn>[]) {
        const d = evaluate(scen({ profile, enabled: ['alternateMobilePhone', 'mobilePhone', 'email'], voiceCalls: true, tenant }));
        expect(d.interrupted).toBe(true);
        expect(d.choices).not.toContain('alternateMobilePhone');
      }
    }
  });

  it('INT-12 (documented): FIDO2 is never registered in interrupt mode, even with a TAP', () => {
    const d = evaluate(scen({ profile: 'documented', tenant: { mfaRegistration: IDP }, user: { tap: true } }));
    expect(d.interrupted).toBe(true);
    expect(d.choices).not.toContain('fido2');
  });

  it('INT-12 (observed): FIDO2 is offered in interrupt mode when TAP onboarding asks for it, not otherwise', () => {
    const withTap = evaluate(scen({ profile: 'observed', tenant: { mfaRegistration: IDP }, user: { tap: true } }));
    expect(withTap.gate).toBe('tap');
    expect(withTap.choices).toContain('fido2');
    const noTap = evaluate(scen({ profile: 'observed', tenant: { mfaRegistration: IDP } }));
    expect(noTap.choices).not.toContain('fido2');
  });
});

// ─── SSPR / REF ─────────────────────────────────────────────────────────────

describe('SSPR — SSPR policy', () => {
  it('SSPR-01: enabled for none / a selected group / all users', () => {
    expect(evaluate(scen({ tenant: { sspr: { ...SSPR_ALL_1, enabledFor: 'none' } } })).interrupted).toBe(false);
    expect(evaluate(scen({ tenant: { sspr: { ...SSPR_ALL_1, enabledFor: 'selected' } }, user: { inSsprGroup: false } })).interrupted).toBe(false);
    expect(evaluate(scen({ tenant: { sspr: { ...SSPR_ALL_1, enabledFor: 'selected' } }, user: { inSsprGroup: true } })).trigger).toBe('ssprRegistration');
    expect(evaluate(scen({ tenant: { sspr: SSPR_ALL_1 } })).trigger).toBe('ssprRegistration');
  });

  it('SSPR-01: one or two methods required to reset', () => {
    expect(evaluate(scen({ tenant: { sspr: SSPR_ALL_1 } })).required).toBe(1);
    expect(evaluate(scen({ tenant: { sspr: SSPR_ALL_2 } })).required).toBe(2);
    expect(() => SsprPolicy.parse({ methodsRequired: 3 })).toThrow();
  });

  it('SSPR-02: without "require users to register when signing in" SSPR does not interrupt', () => {
    const d = evaluate(scen({ tenant: { sspr: { ...SSPR_ALL_2, requireRegistration: false } } }));
    expect(d.interrupted).toBe(false);
  });

  it('SSPR-03: security questions to register and to reset are 3–5 each (default 3)', () => {
    const p = SsprPolicy.parse({});
    expect(p.securityQuestions).toEqual({ toRegister: 3, toReset: 3 });
    expect(SsprPolicy.parse({ securityQuestions: { toRegister: 5, toReset: 4 } }).securityQuestions).toEqual({ toRegister: 5, toReset: 4 });
    for (const bad of [{ toRegister: 2 }, { toRegister: 6 }, { toReset: 2 }, { toReset: 6 }]) {
      expect(SsprPolicy.safeParse({ securityQuestions: bad }).success).toBe(false);
    }
    const d = evaluate(scen({ tenant: { sspr: { ...SSPR_ALL_1, securityQuestions: { toRegister: 5, toReset: 4 } } } }));
    expect(d.sspr.securityQuestions).toEqual({ toRegister: 5, toReset: 4 });
  });

  it('SSPR-04: only-SSPR interrupts are skippable; MFA-driven ones are not', () => {
    expect(evaluate(scen({ tenant: { sspr: SSPR_ALL_2 } })).skippable).toBe(true);
    const mfaDriven: Partial<Opts>[] = [
      { tenant: { sspr: SSPR_ALL_2, mfaRegistration: IDP } },
      { tenant: { sspr: SSPR_ALL_2, conditionalAccess: [...CA_MFA] } },
      { tenant: { sspr: SSPR_ALL_2 }, user: { perUserMfa: 'enforced' } },
      { tenant: { sspr: SSPR_ALL_2, conditionalAccess: [{ name: 's', grant: { authenticationStrength: 'multifactor' } }] } },
    ];
    for (const profile of ['observed', 'documented'] as const) {
      for (const o of mfaDriven) {
        const d = evaluate(scen({ ...o, profile }));
        expect(d.interrupted).toBe(true);
        expect(d.skippable).toBe(false);
      }
    }
  });

  it('SSPR-05: every admin role gets two methods, never security questions, whatever the tenant SSPR says', () => {
    const admins = ADMIN_ROLES.filter((r) => r !== 'none');
    expect(admins.length).toBeGreaterThanOrEqual(11);
    const tenant = scen({ tenant: { sspr: { enabledFor: 'none', methodsRequired: 1, methods: ['securityQuestions', 'email'] } } }).tenant;
    const allowed: MethodId[] = ['microsoftAuthenticator', 'email', 'mobilePhone', 'officePhone'];
    for (const adminRole of admins) {
      const p = ssprPolicyFor(tenant.sspr, { ...tenant.authenticationMethods, enabled: [...METHOD_IDS] }, { adminRole, inSsprGroup: false });
      expect(p.enabled, adminRole).toBe(true);
      expect(p.methodsRequired, adminRole).toBe(2);
      expect(p.methods, adminRole).not.toContain('securityQuestions');
      expect([...p.methods].sort(), adminRole).toEqual([...allowed].sort());
    }
  });

  it('SSPR-05: an admin in the SSPR wizard needs two methods and is never offered security questions', () => {
    for (const adminRole of ADMIN_ROLES.filter((r) => r !== 'none')) {
      const d = evaluate(scen({ tenant: { sspr: { ...SSPR_ALL_1 } }, user: { adminRole } }));
      expect(d.required, adminRole).toBe(2);
      expect(d.choices, adminRole).not.toContain('securityQuestions');
      expect(d.offered, adminRole).not.toContain('securityQuestions');
    }
    // The same tenant's members: one method, questions allowed.
    const member = evaluate(scen({ tenant: { sspr: { ...SSPR_ALL_1 } } }));
    expect(member.required).toBe(1);
    expect(member.choices).toContain('securityQuestions');
  });

  it('INT-04, MTH-01: the wizard asks for no more methods than it can offer; an admin whose tenant enables one admin method registers that one', () => {
    const admin = (perUserMfa: 'disabled' | 'enforced') => evaluate(scen({
      enabled: ['mobilePhone', 'securityQuestions', 'fido2'],
      tenant: { sspr: { ...SSPR_ALL_1 } },
      user: { adminRole: 'globalAdministrator', perUserMfa, methods: ['securityQuestions'] },
    }));
    for (const d of [admin('disabled'), admin('enforced')]) {
      expect(d.choices).toEqual(['mobilePhone']);
      expect(d.required).toBe(1);
      expect(d.reasons.find((r) => r.part === 'count' && r.rules.includes('MTH-01'))?.text).toMatch(/^only 1 method can be registered here \(mobilePhone\), not the 2 needed/);
    }
  });
});

describe('REF — SSPR refresh', () => {
  const due = (lastReviewedDaysAgo: number | null, reconfirmDays = 180) => scen({
    tenant: { sspr: { ...SSPR_ALL_2, reconfirmDays } },
    user: { methods: ['microsoftAuthenticator', 'email'], lastReviewedDaysAgo },
  });

  it("REF-01: at the admin-set interval the user is interrupted to review (wizard 'refresh'), MFA first", () => {
    const d = evaluate(due(181));
    expect(d).toMatchObject({ interrupted: true, trigger: 'ssprRefresh', wizard: 'refresh', gate: 'mfaFirst' });
  });

  it('REF-01: before the interval, or with reconfirmation off (0 days), no review', () => {
    expect(evaluate(due(30)).interrupted).toBe(false);
    expect(evaluate(due(1000, 0)).interrupted).toBe(false);
  });

  it('REF-01: the review lists every registered method, MFA methods first', () => {
    expect(reviewList(['email', 'securityQuestions', 'mobilePhone', 'fido2', 'microsoftAuthenticator']))
      .toEqual(['fido2', 'microsoftAuthenticator', 'mobilePhone', 'email', 'securityQuestions']);
  });
});

// ─── MNG ────────────────────────────────────────────────────────────────────

describe('MNG — manage mode', () => {
  const ALL: MethodId[] = ['microsoftAuthenticator', 'softwareOath', 'hardwareOath', 'mobilePhone', 'alternateMobilePhone', 'officePhone', 'email', 'securityQuestions', 'fido2', 'appPassword', 'temporaryAccessPass'];

  it('MNG-02: add only enabled methods under the max; office phone needs no business phone; FIDO2 is added here', () => {
    for (const profile of ['observed', 'documented'] as const) {
      const s = scen({ profile, enabled: ALL, voiceCalls: true, user: { businessPhone: null }, tenant: { sspr: SSPR_ALL_1 } });
      const { addable } = addList(s, []);
      expect(addable).toEqual(expect.arrayContaining(['officePhone', 'fido2', 'alternateMobilePhone', 'microsoftAuthenticator', 'email', 'securityQuestions']));
      // Hardware tokens and TAP come from admins.
      expect(addable).not.toContain('hardwareOath');
      expect(addable).not.toContain('temporaryAccessPass');
    }
  });

  it('MNG-02: alternate phone needs voice calls enabled', () => {
    const s = scen({ enabled: ALL, voiceCalls: false });
    const list = addList(s, []);
    expect(list.addable).not.toContain('alternateMobilePhone');
    expect(list.missing.find((x) => x.method === 'alternateMobilePhone')?.cause).toBe('voiceCallsOff');
  });

  it('MNG-02: app passwords only for per-user-MFA-enforced users, not CA-enabled ones', () => {
    expect(addList(scen({ enabled: ALL, user: { perUserMfa: 'enforced' } }), []).addable).toContain('appPassword');
    expect(addList(scen({ enabled: ALL, user: { perUserMfa: 'enabled' } }), []).addable).not.toContain('appPassword');
    expect(addList(scen({ enabled: ALL, tenant: { conditionalAccess: [...CA_MFA] } }), []).addable).not.toContain('appPassword');
  });

  it('MNG-03: change phone, alternate phone, office phone, email — nothing else', () => {
    expect([...changeable(ALL)].sort()).toEqual(['alternateMobilePhone', 'email', 'mobilePhone', 'officePhone']);
    for (const m of ['microsoftAuthenticator', 'softwareOath', 'securityQuestions', 'appPassword', 'fido2'] as const) {
      expect(changeable([m])).toEqual([]);
    }
  });

  it('MNG-04: every registered method can be deleted (the table of [C])', () => {
    const userHeld = ALL.filter((m) => m !== 'temporaryAccessPass');
    expect(deletable(userHeld)).toEqual(userHeld);
  });

  it('MNG-05: the default may change only to an MTH-04 option other than the current one', () => {
    const held: MethodId[] = ['email', 'securityQuestions', 'microsoftAuthenticator', 'mobilePhone', 'softwareOath'];
    expect(defaultChoices(held, 'mobilePhoneText', OPEN)).toEqual(['authenticatorNotification', 'appOrTokenCode', 'mobilePhoneCall']);
    expect(defaultChoices(['email', 'securityQuestions'], null, OPEN)).toEqual([]);
  });

  it('MNG-05: changing the default writes the success or the failure row', () => {
    expect(defaultChanged('mobilePhoneCall')).toMatchObject({ activity: 'User changed default security info', status: 'Success' });
    expect(defaultChangeFailed('mobilePhoneCall')).toMatchObject({ activity: 'User changed default security info', status: 'Failure' });
  });

  it('MNG-07 cause 1: the method is not enabled', () => {
    const list = addList(scen({ enabled: ['email'] }), []);
    expect(list.missing.find((x) => x.method === 'mobilePhone')).toMatchObject({ cause: 'notEnabled' });
  });

  it('MNG-07 cause 2: the policy has not propagated yet (wait 1–2 hours)', () => {
    const s = scen({
      enabled: ['email', 'mobilePhone'],
      tenant: { sspr: SSPR_ALL_1, propagation: { changedMinutesAgo: 10, windowMinutes: 60, previous: { authenticationMethods: { enabled: ['email'] } } } },
    });
    const now = addList(s, []);
    expect(now.addable).toEqual(['email']);
    expect(now.missing.find((x) => x.method === 'mobilePhone')).toMatchObject({ cause: 'notPropagated' });
    expect(addList(s, [], { propagated: true }).addable).toContain('mobilePhone');
    expect(addList(s, [], { elapsedMinutes: 120 }).addable).toContain('mobilePhone');
  });

  it('MNG-07 cause 1, SSPR side: a method that serves only password reset needs the user enabled for SSPR, and the SSPR policy offering it', () => {
    const enabled: MethodId[] = ['mobilePhone', 'email', 'securityQuestions'];
    expect(addList(scen({ enabled, tenant: { sspr: { enabledFor: 'all' } } }), []).addable).toEqual(['mobilePhone', 'email', 'securityQuestions']);
    const off = addList(scen({ enabled, tenant: { sspr: { enabledFor: 'none' } } }), []);
    expect(off.addable).toEqual(['mobilePhone']);
    expect(off.missing.filter((x) => x.cause === 'notForSspr').map((x) => x.method)).toEqual(['email', 'securityQuestions']);
    expect(off.missing.find((x) => x.method === 'email')?.text).toMatch(/not enabled for SSPR/);
    const narrow = addList(scen({ enabled, tenant: { sspr: { enabledFor: 'all', methods: ['mobilePhone', 'email'] } } }), []);
    expect(narrow.addable).toEqual(['mobilePhone', 'email']);
    expect(narrow.missing.find((x) => x.method === 'securityQuestions')?.text).toMatch(/SSPR policy does not offer it/);
  });

  it('MNG-07 cause 3: the user is already at the maximum', () => {
    const list = addList(scen({ enabled: ['mobilePhone', 'email'], tenant: { sspr: SSPR_ALL_1 } }), ['mobilePhone']);
    expect(list.missing.find((x) => x.method === 'mobilePhone')).toMatchObject({ cause: 'atMax' });
    expect(list.addable).toEqual(['email']);
  });
});

// ─── B2B ────────────────────────────────────────────────────────────────────

describe('B2B — guests and MFA trust', () => {
  const guest = (o: { resourceCa: TenantIn['conditionalAccess']; home: NonNullable<UserIn['home']>; profile?: 'observed' | 'documented'; resource?: Partial<TenantIn> }) => scen({
    profile: o.profile ?? 'observed',
    enabled: ['mobilePhone'],
    tenant: { crossTenant: { trustMfa: true }, conditionalAccess: o.resourceCa, ...o.resource },
    user: { type: 'guest', home: o.home },
  });
  const guestsMfa = [{ name: 'Guests: require MFA', users: 'guests', grant: 'mfa' }] as const;
  const guestsPhish = [{ name: 'Guests: phishing-resistant', users: 'guests', grant: { authenticationStrength: 'phishingResistant' } }] as const;

  it("B2B-03: a greenfield guest lands in the home tenant's wizard, with the home tenant's methods (third-party apps included)", () => {
    const d = evaluateHome(guest({
      resourceCa: [...guestsMfa],
      home: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'softwareOath', 'email'] } },
    }));
    expect(d.interrupted).toBe(true);
    expect(d.wizard).toBe('combined');
    expect(d.choices).toContain('softwareOath');
    expect(d.choices).not.toContain('mobilePhone'); // the resource's method, disabled at home
  });

  it("B2B-03: the home tenant's SSPR decides whether one or two methods are registered", () => {
    const home = (sspr: object) => ({ authenticationMethods: { enabled: ['microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'email'] as MethodId[] }, sspr });
    expect(evaluateHome(guest({ resourceCa: [...guestsMfa], home: home({ enabledFor: 'none' }) })).required).toBe(1);
    expect(evaluateHome(guest({ resourceCa: [...guestsMfa], home: home(SSPR_ALL_2) })).required).toBe(2);
  });

  it('B2B-04 (observed): a phishing-resistant strength at the resource leaves a greenfield guest a dead end at home', () => {
    const d = evaluateHome(guest({ resourceCa: [...guestsPhish], home: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'fido2'] } } }));
    expect(d.wizard).toBe('deadEnd');
    expect(d.choices).toEqual([]);
  });

  it('B2B-04 (observed): with a TAP or legacy MFA at home, the guest is asked for a passkey / security key', () => {
    const enabled: MethodId[] = ['microsoftAuthenticator', 'mobilePhone', 'fido2'];
    const tap = evaluateHome(guest({ resourceCa: [...guestsPhish], home: { authenticationMethods: { enabled }, tap: true } }));
    expect(tap.wizard).toBe('strength');
    expect(tap.choices).toEqual(['fido2']);
    const legacy = evaluateHome(guest({ resourceCa: [...guestsPhish], home: { authenticationMethods: { enabled }, methods: ['mobilePhone'] } }));
    expect(legacy.wizard).toBe('strength');
    expect(legacy.gate).toBe('mfaFirst');
    expect(legacy.choices).toEqual(['fido2']);
  });

  it("B2B-04 + GATE-04: the resource's policy change shapes the home wizard only once it has propagated", () => {
    // The resource switched its guest policy from "require MFA" to phishing-resistant 10 minutes ago.
    const s = guest({
      resourceCa: [...guestsPhish],
      resource: { propagation: { changedMinutesAgo: 10, windowMinutes: 60, previous: { conditionalAccess: [...guestsMfa] } } },
      home: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'fido2'] } },
    });
    const d = evaluateHome(s);
    expect(d.wizard).toBe('combined');
    expect(d.trigger).toBe('conditionalAccess');
  });
});

// ─── AUD ────────────────────────────────────────────────────────────────────

describe('AUD — audit rows (exact strings, [T] table)', () => {
  const row = (r: { activity: string; status: string; reason: string }) => [r.activity, r.status, r.reason];

  it('AUD-01: User registered all required security info / Success', () => {
    expect(row(registeredAll())).toEqual(['User registered all required security info', 'Success', 'User registered all required security info.']);
    expect(registeredAll().service).toBe('Authentication Methods');
  });

  it('AUD-02: User registered all required security info / Failure / canceled', () => {
    expect(row(registrationCanceled())).toEqual(['User registered all required security info', 'Failure', 'User canceled security info registration.']);
  });

  it('AUD-03: User registered security info / Success / "User registered Phone." style, per [T] method names', () => {
    const names: Array<[MethodId, string]> = [
      ['microsoftAuthenticator', 'Authenticator app'], ['mobilePhone', 'Phone'], ['email', 'Email'],
      ['securityQuestions', 'Security questions'], ['appPassword', 'App password'], ['alternateMobilePhone', 'Alternate phone'],
    ];
    for (const [m, name] of names) {
      expect(row(methodRegistered(m))).toEqual(['User registered security info', 'Success', `User registered ${name}.`]);
    }
    expect(formatAuditRow(methodRegistered('mobilePhone'))).toBe('User registered security info | Success | User registered Phone.');
  });

  it('AUD-04: User reviewed security info / Success', () => {
    expect(row(reviewed())).toEqual(['User reviewed security info', 'Success', 'User successfully reviewed security info.']);
  });

  it('AUD-05: User reviewed security info / Failure', () => {
    expect(row(reviewFailed())).toEqual(['User reviewed security info', 'Failure', 'User failed to review security info.']);
  });

  it('AUD-06: User deleted security info / Success / User deleted <method>.', () => {
    expect(row(methodDeleted('email'))).toEqual(['User deleted security info', 'Success', 'User deleted Email.']);
    expect(methodDeleted('alternateMobilePhone').reason).toBe('User deleted Alternate phone.');
  });

  it('AUD-07: User deleted security info / Failure / User failed to delete <method>.', () => {
    expect(row(deleteFailed('securityQuestions'))).toEqual(['User deleted security info', 'Failure', 'User failed to delete Security questions.']);
  });

  it('AUD-08: User changed default security info / Success, named as the sign-in option ([T]: "Authenticator app notification", "A code from my authenticator app or token")', () => {
    expect(row(defaultChanged('authenticatorNotification')))
      .toEqual(['User changed default security info', 'Success', 'User changed the default security info for Authenticator app notification.']);
    expect(defaultChanged('appOrTokenCode').reason).toBe('User changed the default security info for A code from my authenticator app or token.');
    // The seed's phone placeholders, verbatim: ten X's to call, nine to text; a mobile phone gives both.
    expect(defaultChanged('mobilePhoneText').reason).toBe('User changed the default security info for Text a code to +X XXXXXXXXX.');
    expect(defaultChanged('mobilePhoneCall').reason).toBe('User changed the default security info for Call +X XXXXXXXXXX.');
    expect(defaultChanged('officePhoneCall').reason).toBe('User changed the default security info for Call +X XXXXXXXXXX.');
  });

  it('AUD-09: User changed default security info / Failure, named as the sign-in option', () => {
    expect(row(defaultChangeFailed('authenticatorNotification')))
      .toEqual(['User changed default security info', 'Failure', 'User failed to change the default security info for Authenticator app notification.']);
    expect(defaultChangeFailed('appOrTokenCode').reason).toBe('User failed to change the default security info for A code from my authenticator app or token.');
    expect(defaultChangeFailed('mobilePhoneCall').reason).toBe('User failed to change the default security info for Call +X XXXXXXXXXX.');
  });

  it('AUD-08/09: Activity and Status columns are exact whatever the method', () => {
    for (const m of DEFAULT_OPTION_IDS) {
      expect([defaultChanged(m).activity, defaultChanged(m).status]).toEqual(['User changed default security info', 'Success']);
      expect(defaultChanged(m).reason).toMatch(/^User changed the default security info for .+\.$/);
      expect(defaultChangeFailed(m).reason).toMatch(/^User failed to change the default security info for .+\.$/);
    }
  });
});

// ─── ADM ────────────────────────────────────────────────────────────────────

describe('ADM — admin operations', () => {
  it('ADM-01: after combined registration, the legacy SSPR page asks for MFA first when an MFA method is held', () => {
    expect(legacySsprSetupNeedsMfa(['mobilePhone'])).toBe(true);
    expect(legacySsprSetupNeedsMfa(['microsoftAuthenticator', 'email'])).toBe(true);
    expect(legacySsprSetupNeedsMfa(['email', 'securityQuestions'])).toBe(false);
    expect(legacySsprSetupNeedsMfa([])).toBe(false);
  });

  it('ADM-02: rollback resets only users with strong methods who are not per-user-MFA-enabled', () => {
    const user = (methods: MethodId[], perUserMfa: 'disabled' | 'enabled' | 'enforced') => ({ name: 'adele', methods, perUserMfa });
    expect(rollback(user(['mobilePhone', 'microsoftAuthenticator'], 'disabled'))).toBe('rolledBack');
    expect(rollback(user([], 'disabled'))).toBe('notEligible');
    // Only phones and apps are StrongAuthenticationMethods ("a phone number and/or mobile app" [001]).
    expect(rollbackDecision(user(['email', 'fido2'], 'disabled'))).toEqual({
      decision: 'notEligible', reasons: ['noStrongAuthenticationMethods'], output: ['adele is not eligible for rollback. No action required.'],
    });
    // The script checks StrongAuthenticationRequirements RelyingParty "*": per-user MFA enabled or enforced.
    expect(rollback(user(['mobilePhone'], 'enabled'))).toBe('notEligible');
    expect(rollbackDecision(user(['mobilePhone'], 'enforced'))).toEqual({
      decision: 'notEligible', reasons: ['perUserMfa'],
      output: ['User was enabled for per-user MFA.', 'adele is not eligible for rollback. No action required.'],
    });
    expect(rollbackDecision(user(['mobilePhone'], 'disabled')).output).toEqual(['adele is eligible for rollback']);
  });

  it('ADM-02: StrongAuthenticationMethods are "a phone number and/or mobile app": phones and authenticator apps only', () => {
    expect(METHOD_IDS.filter(isStrongAuthenticationMethod).sort())
      .toEqual(['alternateMobilePhone', 'microsoftAuthenticator', 'mobilePhone', 'officePhone', 'softwareOath']);
  });
});
