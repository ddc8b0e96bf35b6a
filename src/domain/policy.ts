/**
 * The policy engine: from a scenario (tenant, user, client, location) to the
 * interrupt decision — whether the user is interrupted, why, which wizard,
 * which methods in which order, how many, skippable, URL — with the rule IDs
 * that decided each part. Pure functions; every rule cited by ID.
 */
import { plural } from '../../machines/catalogue/plural.ts';
import {
  METHODS, isMfaMethod, isSsprOnly, sortBySecurity, type MethodId,
} from './methods.ts';
import {
  AUTH_METHOD_BITS, METHOD_MODES, registrableMethods, strengthWizardUrl, type AuthMode,
} from './authMethods.ts';
import { satisfiesStrength, strengthModes, type Strength } from './strengths.ts';
import { needsFor, strengthOfNeeds, type PolicyNeed, type SignIn } from './conditionalAccess.ts';
import { findRole } from './directoryRoles.ts';
import { whoAtHome, whoOf, type Who } from './directory.ts';
import { passkeyRegistrationAllowed } from './passkey.ts';
import { defaultsFor, methodsRequired } from './steps.ts';
import { methodsHeld } from './rollback.ts';
import type { RuleId } from './rules.ts';
import type {
  AuthenticationMethodsPolicy, Profile, RegisteredMethod, Scenario, SsprPolicy, Tenant,
} from '../scenario/schema.ts';

export const REGISTER_URL = 'https://mysignins.microsoft.com/register';
export const SECURITY_INFO_URL = 'https://mysignins.microsoft.com/security-info';
/** ADM-01 [001]: the legacy SSPR registration page. */
export const LEGACY_SSPR_URL = 'https://aka.ms/ssprsetup';

export type Wizard = 'combined' | 'ssprOnly' | 'strength' | 'refresh' | 'none' | 'blocked' | 'blankPage' | 'deadEnd' | 'legacy';
export type Trigger =
  | 'identityProtection' | 'perUserMfa' | 'conditionalAccess' | 'authenticationStrength'
  | 'ssprRegistration' | 'ssprRefresh';
/** What stands between the user and security info (GATE-*). */
export type Gate = 'open' | 'mfaFirst' | 'tap' | 'blocked' | 'blankPage';

export interface Reason {
  part: 'gate' | 'policy' | 'trigger' | 'wizard' | 'methods' | 'count' | 'skip' | 'url';
  rules: RuleId[];
  text: string;
}

/** A Conditional Access policy that asked for registration (INT-01). */
export interface AskingPolicy {
  policy: string;
  /** A guest's home tenant's own policy, not the resource tenant's that shapes the home wizard (B2B-04). */
  home: boolean;
  /** What it asks that the user lacks: MFA, or a strength the methods held do not meet. */
  requires: 'mfa' | 'strength';
}

export interface EffectiveSspr {
  enabled: boolean;
  methodsRequired: 1 | 2;
  methods: MethodId[];
  requireRegistration: boolean;
  reconfirmDays: number;
  securityQuestions: { toRegister: number; toReset: number };
  administratorPolicy: boolean;
}

export interface Decision {
  profile: Profile;
  gate: Gate;
  interrupted: boolean;
  trigger: Trigger | null;
  /** Every INT-01 trigger that fired, the decisive one first. */
  triggers: Trigger[];
  wizard: Wizard;
  /** Registration must add an MFA method (INT-02, INT-05). */
  mfaNeeded: boolean;
  /** SSPR methods still missing (INT-08). */
  ssprNeeded: number;
  /** Methods to register in this wizard (INT-04, STR-02). */
  required: number;
  /** The method shown by default at each step, most secure first (INT-04). */
  offered: MethodId[];
  /** Every method the wizard lets the user pick (INT-07), most secure first. */
  choices: MethodId[];
  /** Methods the user holds before the wizard (virtual phone numbers excluded, MTH-06). */
  held: MethodId[];
  skippable: boolean;
  url: string | null;
  /** The strength's id: a built-in id, or a custom strength's. */
  strength: string | null;
  authMethods: number | null;
  sspr: EffectiveSspr;
  /** GATE-04: the user still sees the previous policy. */
  propagationPending: boolean;
  /**
   * INT-01: the Conditional Access policies that ask this user for what they
   * lack, by name, when Conditional Access is what interrupts them. Empty for
   * any other trigger.
   */
  askedBy: AskingPolicy[];
  /** STR-04: for the strength wizard, the wizard the user gets by stripping the URL's query. */
  ordinary?: Decision;
  reasons: Reason[];
}

// ─── registered methods ─────────────────────────────────────────────────────

export const methodOf = (r: RegisteredMethod): MethodId => (typeof r === 'string' ? r : r.method);
export const countOf = (r: RegisteredMethod): number => (typeof r === 'string' ? 1 : r.count);
export const isVirtual = (r: RegisteredMethod): boolean => typeof r !== 'string' && r.virtual;

/**
 * The methods a user holds and can use: a number the scenario marks virtual
 * cannot verify, so it counts for nothing (MTH-06).
 */
export function usableHeld(held: readonly RegisteredMethod[]): MethodId[] {
  return [...new Set(held.filter((r) => !isVirtual(r)).map(methodOf))];
}

/** The distinct methods a user holds, most secure first. */
export const registeredMethods = (list: readonly RegisteredMethod[]): MethodId[] =>
  sortBySecurity(list.map(methodOf));

/** MTH-02: how many of `m` the user holds. */
export const holding = (list: readonly RegisteredMethod[], m: MethodId): number =>
  list.filter((r) => methodOf(r) === m).reduce((n, r) => n + countOf(r), 0);

/** MTH-02: the user is at the maximum for `m`. */
export const atMax = (list: readonly RegisteredMethod[], m: MethodId): boolean => {
  const max = METHODS[m].max;
  return max !== null && holding(list, m) >= max;
};

export const hasMfaMethod = (methods: readonly MethodId[]): boolean => methods.some(isMfaMethod);

/** The authentication modes a set of methods gives, with the password (STR-05). */
export function modesOf(methods: readonly MethodId[], withPassword = true): Set<AuthMode> {
  const modes = new Set<AuthMode>(withPassword ? ['password'] : []);
  for (const m of methods) for (const mode of METHOD_MODES[m]) modes.add(mode);
  return modes;
}

/**
 * STR-05: the modes a user's registered methods give. Microsoft Authenticator
 * gives phone sign-in (deviceBasedPush, which the Passwordless MFA strength
 * asks for) only where the user "also enable[d] passwordless sign-in in the
 * Authenticator app" [003]. Virtual phone numbers give nothing (MTH-06).
 */
export function modesHeld(list: readonly RegisteredMethod[]): Set<AuthMode> {
  const usable = list.filter((r) => typeof r === 'string' || !r.virtual);
  const modes = modesOf(registeredMethods(usable));
  if (usable.some((r) => typeof r !== 'string' && r.method === 'microsoftAuthenticator' && r.passwordless)) modes.add('deviceBasedPush');
  return modes;
}

// ─── policy in force ────────────────────────────────────────────────────────

/** GATE-04: until the window passes, the user sees the previous policy. */
export function effectiveTenant(tenant: Tenant): { tenant: Tenant; pending: boolean } {
  const p = tenant.propagation;
  if (!p || p.changedMinutesAgo >= p.windowMinutes) return { tenant, pending: false };
  return {
    pending: true,
    tenant: {
      ...tenant,
      authenticationMethods: p.previous.authenticationMethods ?? tenant.authenticationMethods,
      sspr: p.previous.sspr ?? tenant.sspr,
      conditionalAccess: p.previous.conditionalAccess ?? tenant.conditionalAccess,
    },
  };
}

/** SSPR-05: the administrator policy's methods. Never security questions. */
export const ADMIN_SSPR_METHODS: readonly MethodId[] = ['microsoftAuthenticator', 'mobilePhone', 'officePhone', 'email'];

interface SsprSubject { adminRole: string; inSsprGroup: boolean; roles?: readonly string[] }

/** SSPR-05: the user holds an administrator role (`adminRole`, or one of `roles` on the administrator list). */
export const hasAdministratorPolicy = (user: SsprSubject): boolean =>
  user.adminRole !== 'none' || (user.roles ?? []).some((r) => findRole(r)?.ssprAdministrator === true);

/** SSPR-05: the administrator role a reason names. */
const administratorRole = (user: SsprSubject): string =>
  user.adminRole !== 'none' ? user.adminRole : (user.roles ?? []).map((r) => findRole(r)).find((r) => r?.ssprAdministrator)?.displayName ?? 'an administrator role';

/** SSPR-01, SSPR-05: the SSPR policy that applies to this user. */
export function ssprPolicyFor(
  sspr: SsprPolicy, methodsPolicy: AuthenticationMethodsPolicy, user: SsprSubject,
  userType: 'member' | 'guest' = 'member',
): EffectiveSspr {
  const enabledSspr = methodsPolicy.enabled.filter((m) => METHODS[m].sspr);
  // [A] A B2B guest resets its password in its home tenant, never in the resource tenant.
  if (userType === 'guest') {
    return {
      enabled: false, methodsRequired: sspr.methodsRequired, requireRegistration: false, reconfirmDays: sspr.reconfirmDays,
      securityQuestions: sspr.securityQuestions, administratorPolicy: false, methods: [],
    };
  }
  if (hasAdministratorPolicy(user)) {
    return {
      enabled: true, methodsRequired: 2, requireRegistration: sspr.requireRegistration,
      reconfirmDays: sspr.reconfirmDays, securityQuestions: sspr.securityQuestions, administratorPolicy: true,
      methods: sortBySecurity(ADMIN_SSPR_METHODS.filter((m) => methodsPolicy.enabled.includes(m))),
    };
  }
  const enabled = sspr.enabledFor === 'all' || (sspr.enabledFor === 'selected' && user.inSsprGroup);
  return {
    enabled, methodsRequired: sspr.methodsRequired, requireRegistration: enabled && sspr.requireRegistration,
    reconfirmDays: sspr.reconfirmDays, securityQuestions: sspr.securityQuestions, administratorPolicy: false,
    methods: sortBySecurity((sspr.methods ?? enabledSspr).filter((m) => enabledSspr.includes(m))),
  };
}

/** INT-01, GATE-02: what the tenant's Conditional Access asks of this sign-in (see conditionalAccess.ts). */
export const policyNeeds = (tenant: Tenant, signIn: Omit<SignIn, 'tenant'>, target: 'allResources' | 'registerSecurityInfo'): PolicyNeed[] =>
  needsFor(tenant, signIn, target);

/** The sign-in a scenario describes, for `who`. */
export const signInOf = (s: Pick<Scenario, 'location' | 'application' | 'client'>, who: Who): Omit<SignIn, 'tenant'> =>
  ({ who, location: s.location, application: s.application, client: s.client });

/**
 * MTH-01, MTH table, INT-12: may `m` be registered in interrupt mode?
 * Office phone needs the business phone; alternate phone never; FIDO2 never
 * in the documented profile, and in the observed one only when a strength or
 * TAP onboarding asks for it [B].
 */
export function registrableInInterrupt(
  m: MethodId, ctx: { profile: Profile; methodsPolicy: AuthenticationMethodsPolicy; businessPhone: string | null; fido2Asked: boolean },
): boolean {
  if (!ctx.methodsPolicy.enabled.includes(m)) return false;
  switch (METHODS[m].registerInterrupt) {
    case 'yes': return true;
    case 'no': return false;
    case 'ifBusinessPhone': return ctx.businessPhone !== null;
    case 'fido2Observed':
      return ctx.profile === 'observed' && ctx.fido2Asked && passkeyRegistrationAllowed(ctx.methodsPolicy);
  }
}

// ─── the decision ───────────────────────────────────────────────────────────

interface Subject {
  profile: Profile;
  tenant: Tenant;
  user: Scenario['user'];
  client: Scenario['client'];
  location: Scenario['location'];
  application: Scenario['application'];
  methods: readonly RegisteredMethod[];
  tap: boolean;
  userType: 'member' | 'guest';
  /** Who the user is in this tenant's directory (targets and conditions). */
  who: Who;
  /** What another tenant's CA asks (B2B-04: the resource's policy shapes the home wizard). */
  foreignNeeds?: readonly PolicyNeed[];
  /** STR-04: the user stripped `?authMethods=…` from the URL: strengths act as "require MFA". */
  queryStripped?: boolean;
}

/** The interrupt decision for a scenario's user at sign-in (INT-*, STR-*, GATE-*). */
export function evaluate(scenario: Scenario): Decision {
  return decide({
    profile: scenario.profile, tenant: scenario.tenant, user: scenario.user, client: scenario.client,
    location: scenario.location, application: scenario.application, methods: methodsHeld(scenario.user), tap: scenario.user.tap,
    userType: scenario.user.type, who: whoOf(scenario),
  });
}

/** B2B-03, B2B-04: the decision of a guest's home tenant under the resource tenant's policy. */
export function evaluateHome(scenario: Scenario): Decision {
  const home = scenario.user.home;
  if (!home) throw new Error(`scenario "${scenario.name}": a guest needs user.home for the home-tenant wizard`);
  return decide({
    profile: scenario.profile,
    tenant: { ...home, propagation: undefined },
    user: scenario.user, client: scenario.client, location: scenario.location, application: scenario.application,
    methods: home.methods, tap: home.tap, userType: 'member', who: whoAtHome(scenario),
    // GATE-04 holds in the resource tenant too: its policy in force shapes the home wizard.
    foreignNeeds: policyNeeds(effectiveTenant(scenario.tenant).tenant, signInOf(scenario, whoOf(scenario)), 'allResources'),
  });
}

export interface GateInput {
  tenant: Tenant;
  client: Scenario['client'];
  location: Scenario['location'];
  userType: 'member' | 'guest';
  /** Who signs in; by default a member or guest named by `userType` alone. */
  who?: Who;
  application?: string;
  held: readonly MethodId[];
  tap: boolean;
}

/**
 * GATE-01..03: what stands between a user and the security-info pages, in
 * either mode: a legacy client's blank page, the "Register security
 * information" user action, then MFA (or a TAP) for users who have a method.
 */
export function securityInfoGate(g: GateInput): { gate: Gate; reasons: Reason[] } {
  const reasons: Reason[] = [];
  if (g.client.app === 'ie11' || g.client.app === 'adalLegacyWebView') {
    reasons.push({ part: 'gate', rules: ['GATE-03'], text: g.client.app === 'adalLegacyWebView'
      ? "an ADAL app's legacy web view falls back to old IE: blank page"
      : 'IE11 is not supported for My Sign-ins [A: modelled like the legacy web view]: blank page' });
    return { gate: 'blankPage', reasons };
  }
  const mfaCapable = hasMfaMethod(g.held);
  const who = g.who ?? anyone(g.userType);
  const actionNeeds = policyNeeds(g.tenant, { who, location: g.location, application: g.application, client: g.client }, 'registerSecurityInfo');
  // A strength on the user action is met by the methods held and the pass, as a strength anywhere (STR-05, b2b.ts credentials): a phone or a pass is no phishing-resistant sign-in.
  const modes = modesOf(g.tap ? [...g.held, 'temporaryAccessPass'] : g.held);
  const unmet = (n: PolicyNeed): Strength | 'mfa' | null => {
    const strength = strengthOfNeeds([n]);
    if (strength && !satisfiesStrength(strength, modes)) return strength;
    return n.mfa && !mfaCapable && !g.tap ? 'mfa' : null;
  };
  // A block wins over any grant (the user cannot get past it however they sign in): name it first.
  const blockedBy = actionNeeds.find((n) => n.block) ?? actionNeeds.find((n) => unmet(n) !== null);
  if (blockedBy) {
    const where = g.location === 'untrusted' ? 'an untrusted location' : g.location === 'trusted' ? 'a trusted location' : `the location "${g.location}"`;
    const why = unmet(blockedBy);
    const needs = blockedBy.block ? 'blocks' : why === 'mfa' || why === null ? 'needs MFA the user cannot do' : `needs a sign-in of the "${why.label}" strength the user cannot do`;
    reasons.push({ part: 'gate', rules: ['GATE-02', ...(why !== null && why !== 'mfa' && !blockedBy.block ? ['STR-05' as const] : [])], text: `Conditional Access "${blockedBy.policy.name}" on Register security information ${needs} from ${where}` });
    return { gate: 'blocked', reasons };
  }
  if (mfaCapable) reasons.push({ part: 'gate', rules: ['GATE-01'], text: 'the user has an MFA method: MFA first' });
  else if (g.tap) reasons.push({ part: 'gate', rules: ['GATE-01'], text: 'the Temporary Access Pass satisfies MFA' });
  return { gate: mfaCapable ? 'mfaFirst' : g.tap ? 'tap' : 'open', reasons };
}

/** A member or guest known by type only (the simple policy forms need no more). */
const anyone = (type: 'member' | 'guest'): Who =>
  ({ type, guestType: type === 'guest' ? 'b2bCollaborationGuest' : null, id: undefined, name: '', groups: [], roles: [], home: null });

function decide(s: Subject): Decision {
  const reasons: Reason[] = [];
  const because = (part: Reason['part'], rules: RuleId[], text: string) => reasons.push({ part, rules, text });
  const { tenant, pending } = effectiveTenant(s.tenant);
  if (pending) because('policy', ['GATE-04'], `policy changed ${s.tenant.propagation?.changedMinutesAgo} min ago, window ${s.tenant.propagation?.windowMinutes} min: the previous policy is in force`);
  const methodsPolicy = tenant.authenticationMethods;
  const sspr = ssprPolicyFor(tenant.sspr, methodsPolicy, s.user, s.userType);
  if (sspr.administratorPolicy) because('policy', ['SSPR-05', 'GATE-05'], `${administratorRole(s.user)} gets the administrator SSPR policy: two methods from ${sspr.methods.join(', ')}`);
  // MTH-06: a virtual phone number cannot verify, so it counts for nothing.
  const held = registeredMethods(s.methods.filter((r) => typeof r === 'string' || !r.virtual));
  const base = {
    profile: s.profile, sspr, propagationPending: pending, reasons, held,
    mfaNeeded: false, ssprNeeded: 0, required: 0, offered: [] as MethodId[], choices: [] as MethodId[],
    skippable: false, strength: null, authMethods: null, url: null as string | null,
    triggers: [] as Trigger[], trigger: null as Trigger | null, askedBy: [] as AskingPolicy[],
  };

  const signIn = signInOf(s, s.who);
  const resourceNeeds = [...policyNeeds(tenant, signIn, 'allResources'), ...(s.foreignNeeds ?? [])];
  const mfaCapable = hasMfaMethod(held);
  const entry = securityInfoGate({ tenant, client: s.client, location: s.location, userType: s.userType, who: s.who, application: s.application, held, tap: s.tap });
  const gate = entry.gate;

  // INT-01: what fires.
  const strength: Strength | null = s.queryStripped ? null : strengthOfNeeds(resourceNeeds);
  // INT-01: what each policy asks, read once for the trigger and for naming the policies that ask. STR-04: with the query stripped, a strength acts as "require MFA".
  const grantsMfa = (n: PolicyNeed) => n.mfa || (s.queryStripped === true && n.strength !== null);
  const heldModes = modesHeld(s.methods);
  const strengthMissing = (n: PolicyNeed) => !s.queryStripped && n.strength !== null && !satisfiesStrength(n.strength, heldModes);
  const legacyMfaGrant = resourceNeeds.some(grantsMfa);
  const triggers: Trigger[] = [];
  const strengthUnmet = strength !== null && !satisfiesStrength(strength, heldModes);
  if (strengthUnmet) triggers.push('authenticationStrength');
  if (!mfaCapable) {
    if (legacyMfaGrant) triggers.push('conditionalAccess');
    if (tenant.mfaRegistration.identityProtection) triggers.push('identityProtection');
    if (s.user.perUserMfa !== 'disabled') triggers.push('perUserMfa');
  }
  const ssprHeld = held.filter((m) => sspr.methods.includes(m));
  const ssprNeeded = sspr.enabled ? Math.max(0, sspr.methodsRequired - ssprHeld.length) : 0;
  if (ssprNeeded > 0 && sspr.requireRegistration) triggers.push('ssprRegistration');
  const dueForReview = sspr.enabled && sspr.reconfirmDays > 0 && s.user.lastReviewedDaysAgo !== null
    && s.user.lastReviewedDaysAgo >= sspr.reconfirmDays && ssprNeeded === 0 && held.length > 0;
  if (dueForReview) triggers.push('ssprRefresh');

  if (triggers.length === 0) {
    because('trigger', ['INT-01'], 'no registration enforcement applies: the user signs in without interruption');
    // What a change to the reset policy would undo: the methods held are enough for it.
    if (sspr.requireRegistration && ssprHeld.length > 0) {
      because('trigger', [sspr.administratorPolicy ? 'SSPR-05' : 'SSPR-01'], `SSPR needs ${plural(sspr.methodsRequired, 'method')}, and the user holds ${ssprHeld.length}: ${ssprHeld.join(', ')}`);
    } else if (!sspr.enabled && tenant.sspr.requireRegistration && tenant.sspr.enabledFor === 'selected' && s.userType === 'member') {
      // Whom the reset policy leaves out is why they are not asked to register for it.
      ssprAudience(tenant.sspr, tenant.directory, sspr, s.userType, because, 'trigger');
    }
    return { ...base, gate, interrupted: false, wizard: 'none' };
  }

  const useStrengthWizard = strengthUnmet && s.profile === 'observed';
  // The docs know no strength wizard: there a strength is Conditional Access requiring MFA.
  if (strengthUnmet && !useStrengthWizard) triggers.splice(triggers.indexOf('authenticationStrength'), 1, 'conditionalAccess');
  const trigger: Trigger = triggers[0]!;
  because('trigger', ['INT-01'], `interrupted by ${triggers.join(', ')}`);
  const asking = trigger === 'conditionalAccess' || trigger === 'authenticationStrength'
    ? askingPolicies(resourceNeeds, s.foreignNeeds, { mfaAsks: (n) => !mfaCapable && grantsMfa(n), strengthAsks: strengthMissing, tap: s.tap }) : [];
  for (const a of asking) because('trigger', a.rules, a.text);
  base.askedBy = asking.map((a) => a.asking);

  // ADM-01: with combined registration disabled, no one is sent to My Sign-ins (so none of its gates apply).
  if (!tenant.combinedRegistration) {
    const ssprOnly = triggers.every((t) => t === 'ssprRegistration' || t === 'ssprRefresh');
    because('wizard', ['ADM-01'], 'combined registration is disabled: "Users will no longer be prompted to register by using the updated experience"; '
      + (ssprOnly ? 'SSPR registration happens on the legacy SSPR page' : 'they register on the legacy MFA and SSPR pages, which regsim does not simulate'));
    return { ...base, gate, interrupted: true, trigger, triggers, wizard: 'legacy', url: ssprOnly ? LEGACY_SSPR_URL : null };
  }

  // GATE-02, GATE-03: only a user sent to security info meets the page's own gate.
  reasons.push(...entry.reasons);
  if (gate === 'blankPage') return { ...base, gate, interrupted: true, trigger, triggers, wizard: 'blankPage', url: REGISTER_URL };
  if (gate === 'blocked') return { ...base, gate, interrupted: true, trigger, triggers, wizard: 'blocked' };

  // STR-01..06: the strength wizard (observed).
  if (useStrengthWizard && strength) {
    const asked = strengthModes(strength);
    const enabledModes = asked.filter((mode) => modeEnabled(mode, methodsPolicy, s.tap));
    const strengthId = strength.id;
    const mask = enabledModes.reduce((v, mode) => v | AUTH_METHOD_BITS[mode], 0);
    const mfaDoable = mfaCapable || s.tap;
    // INT-08, MTH-02: never a method the user already holds, except an Authenticator without the
    // phone sign-in this strength asks for: "users need to also enable passwordless sign-in" [003].
    const phoneSignInMissing = enabledModes.includes('deviceBasedPush') && held.includes('microsoftAuthenticator')
      && !heldModes.has('deviceBasedPush') && !atMax(s.methods, 'microsoftAuthenticator');
    const choices = strengthChoices(enabledModes, methodsPolicy, mfaDoable)
      .filter((m) => !held.includes(m) || (m === 'microsoftAuthenticator' && phoneSignInMissing));
    if (phoneSignInMissing) because('methods', ['STR-05', 'STR-03'], 'the Authenticator held gives push, not the phone sign-in (deviceBasedPush) this strength asks for: the wizard sets it up');
    because('wizard', ['STR-01', 'STR-03'], `"${strength.label}" strength: the strength wizard, authMethods=${mask}`);
    because('count', ['STR-02'], 'one method, whatever SSPR requires; SSPR settings are ignored');
    if (strength.phishingResistant && !mfaDoable) {
      because('wizard', ['STR-06'], 'registering a phishing-resistant method needs MFA the greenfield user cannot do: dead end');
      return { ...base, gate, interrupted: true, trigger: 'authenticationStrength', triggers, wizard: 'deadEnd', strength: strengthId, authMethods: mask, url: strengthWizardUrl(mask, 1) };
    }
    if (choices.length === 0) {
      because('methods', ['STR-02', 'MTH-01'], 'no method of the strength is enabled for the user: dead end');
      return { ...base, gate, interrupted: true, trigger: 'authenticationStrength', triggers, wizard: 'deadEnd', strength: strengthId, authMethods: mask, url: strengthWizardUrl(mask, 1) };
    }
    // STR-06, PK-01: why a passkey the wizard's mask allows (decode-url lists it) is not offered to this user.
    if (enabledModes.includes('fido2') && !held.includes('fido2') && !choices.includes('fido2')) {
      if (!mfaDoable) because('methods', ['STR-06'], 'the strength allows a passkey, but registering one needs MFA first, which a user with no MFA method and no Temporary Access Pass cannot do: not offered');
      else because('methods', ['PK-01'], 'the strength allows a passkey, but the passkey policy does not let users set one up themselves: not offered');
    }
    because('methods', ['STR-02'], `offered ${choices.join(', ')}; phone first unless disabled; no SSPR-only method`);
    if (strength.phishingResistant) because('methods', ['STR-06'], 'MFA or a TAP is present: the user is asked for a passkey / security key');
    // STR-04 [A]: the blog strips the query under the MFA strength; under a phishing-resistant
    // one nothing the ordinary wizard registers would satisfy the strength, so regsim offers no strip there.
    const ordinary = strength.phishingResistant ? undefined : decide({ ...s, queryStripped: true });
    if (ordinary) because('url', ['STR-04'], `stripping the query gives the ordinary wizard: ${ordinary.wizard}, ${ordinary.offered.join(', ') || 'nothing'}`);
    return {
      ...base, gate, interrupted: true, trigger: 'authenticationStrength', triggers, wizard: 'strength',
      mfaNeeded: true, required: 1, offered: choices.slice(0, 1), choices, strength: strengthId, authMethods: mask,
      url: strengthWizardUrl(mask, 1), ...(ordinary ? { ordinary } : {}),
    };
  }

  const mfaTriggered = triggers.some((t) => t !== 'ssprRegistration' && t !== 'ssprRefresh');
  if (strengthUnmet) because('wizard', ['STR-05'], 'documented profile: the docs know no strength wizard: the methods held do not meet the strength, so the ordinary wizard asks for an MFA method the user lacks, whether or not the strength accepts it');

  // REF-01: only a review is due.
  if (!mfaTriggered && trigger === 'ssprRefresh') {
    because('wizard', ['REF-01'], `last reviewed ${s.user.lastReviewedDaysAgo} days ago, interval ${sspr.reconfirmDays}: review all methods, MFA first`);
    return { ...base, gate, interrupted: true, trigger, triggers, wizard: 'refresh', url: REGISTER_URL };
  }

  const fido2Asked = s.tap || strength !== null;
  // INT-08: the wizard asks only for what is missing — never a method the user already holds.
  const canRegister = (m: MethodId) =>
    registrableInInterrupt(m, { profile: s.profile, methodsPolicy, businessPhone: s.user.businessPhone, fido2Asked })
    && !held.includes(m);
  const mfaPool = sortBySecurity(methodsPolicy.enabled.filter((m) => isMfaMethod(m) && canRegister(m)));
  // INT-02 observed: under a CA "require MFA" grant SSPR-only methods are not offered at all.
  const hideSsprOnly = s.profile === 'observed' && mfaTriggered && (legacyMfaGrant || strengthUnmet);
  const ssprPool = sspr.enabled
    ? sspr.methods.filter((m) => canRegister(m) && !(hideSsprOnly && isSsprOnly(m))) : [];
  if (hideSsprOnly && sspr.enabled) because('methods', ['INT-02'], 'observed: with a Conditional Access MFA grant, SSPR-only methods (email, security questions) are not offered');
  if (!s.user.businessPhone && methodsPolicy.enabled.includes('officePhone')) because('methods', ['INT-12'], 'office phone needs the business phone property in interrupt mode');

  if (mfaTriggered) {
    // INT-02, INT-04, INT-05, INT-08: MFA first, then what SSPR still needs.
    const mfaNeeded = !mfaCapable || strengthUnmet;
    const pool = [...new Set([...mfaPool, ...ssprPool])];
    const required = atMostRegistrable(methodsRequired(mfaNeeded, ssprNeeded, sortBySecurity(pool), sspr.methods), pool, because);
    // INT-05: with a single step that must be MFA, SSPR-only methods never get a turn.
    const choices = sortBySecurity(mfaNeeded && required < 2 ? mfaPool : [...mfaPool, ...ssprPool]);
    const offered = defaultsFor({ mfaNeeded, ssprNeeded, required, choices, sspr, held });
    because('wizard', ['INT-02'], 'MFA registration is enforced: MFA methods, plus SSPR methods if SSPR is enabled');
    because('count', ['INT-04', 'INT-08'], `${plural(required, 'method')}: the minimum for MFA (${mfaNeeded ? 1 : 0}) and SSPR (${ssprNeeded} missing of ${sspr.enabled ? sspr.methodsRequired : 0})`);
    ssprAudience(tenant.sspr, tenant.directory, sspr, s.userType, because);
    if (required >= 2 && mfaNeeded) because('methods', ['INT-05'], 'the first method must be an MFA method; the second may be MFA or SSPR-only');
    because('methods', ['INT-04'], `shown by default, most secure first: ${offered.join(', ') || 'none'}`);
    because('skip', ['SSPR-04'], 'MFA registration cannot be skipped');
    return {
      ...base, gate, interrupted: true, trigger, triggers, wizard: 'combined', mfaNeeded, ssprNeeded,
      required, offered, choices, skippable: false, url: REGISTER_URL,
    };
  }

  // INT-03, SSPR-02, SSPR-04: only SSPR registration is enforced — skippable.
  const choices = sortBySecurity(ssprPool);
  const required = atMostRegistrable(ssprNeeded, ssprPool, because);
  const offered = defaultsFor({ mfaNeeded: false, ssprNeeded, required, choices, sspr, held });
  because('wizard', ['INT-03', 'SSPR-02'], 'only SSPR registration is enforced: the SSPR methods, email and security questions included');
  because('count', ['INT-04', 'INT-08'], `${plural(ssprNeeded, 'method')} missing of ${sspr.methodsRequired}`);
  ssprAudience(tenant.sspr, tenant.directory, sspr, s.userType, because);
  because('skip', ['INT-03', 'SSPR-04'], 'SSPR-only registration can be skipped, indefinitely');
  return {
    ...base, gate, interrupted: true, trigger, triggers, wizard: 'ssprOnly', mfaNeeded: false, ssprNeeded,
    required, offered, choices, skippable: true, url: REGISTER_URL,
  };
}

/**
 * INT-01, STR-05, B2B-04: which of the applicable policies ask the user for
 * what they lack: an MFA grant when they hold no MFA method (a strength too,
 * once the user strips its URL, STR-04), a strength their methods do not
 * meet. Names are what an admin finds in the portal; a resource tenant's
 * policy, shaping a guest's home wizard, says whose it is.
 */
function askingPolicies(
  needs: readonly PolicyNeed[], foreignNeeds: readonly PolicyNeed[] | undefined,
  u: { mfaAsks: (n: PolicyNeed) => boolean; strengthAsks: (n: PolicyNeed) => boolean; tap: boolean },
): Array<{ asking: AskingPolicy; rules: RuleId[]; text: string }> {
  const foreign = new Set(foreignNeeds);
  const { mfaAsks, strengthAsks } = u;
  return needs.filter((n) => !n.block && (strengthAsks(n) || mfaAsks(n))).map((n) => {
    // Deciding a guest's home wizard, the policies are either the resource's (foreign) or the home's own.
    const whose = foreignNeeds === undefined ? '' : foreign.has(n) ? "the resource tenant's " : "the home tenant's ";
    const what = strengthAsks(n) ? `the "${n.strength!.label}" authentication strength` : 'multifactor authentication';
    const rules: RuleId[] = ['INT-01', ...(strengthAsks(n) ? ['STR-05' as const] : []), ...(foreign.has(n) ? ['B2B-04' as const] : [])];
    return {
      asking: { policy: n.policy.name, home: foreignNeeds !== undefined && !foreign.has(n), requires: strengthAsks(n) ? 'strength' : 'mfa' },
      // The sources do not say whether a pass spares its holder the registration a grant asks for; regsim takes it that it does not.
      rules, text: `asked by ${whose}Conditional Access "${n.policy.name}": it requires ${what}${u.tap ? ' [A: the Temporary Access Pass lets the user in to register, but is no method registered, so the policy still asks for one]' : ''}`,
    };
  });
}

/**
 * SSPR-01: whom the tenant's password reset is for, and how many methods it
 * needs, as far as this user's count goes: the "why" of a count a change to
 * the SSPR policy moves. An administrator's policy is SSPR-05's, said
 * already; a guest resets at home [A], whatever this tenant's says.
 */
function ssprAudience(
  policy: SsprPolicy, directory: Tenant['directory'], sspr: EffectiveSspr, userType: 'member' | 'guest',
  because: (part: Reason['part'], rules: RuleId[], text: string) => void, part: Reason['part'] = 'count',
): void {
  if (sspr.administratorPolicy || userType === 'guest') return;
  const needs = `${plural(sspr.methodsRequired, 'method')} required to reset`;
  // By the directory's name where it has one: an import knows the group by its id.
  const group = policy.groups?.length ? ` (${policy.groups.map((g) => `'${directory.groups[g] ?? g}'`).join(', ')})` : '';
  because(part, ['SSPR-01'], policy.enabledFor === 'all' ? `SSPR is enabled for all users: ${needs}`
    : policy.enabledFor === 'none' ? 'SSPR is enabled for no one: the wizard asks for no SSPR method'
      : sspr.enabled ? `SSPR is enabled for a selected group${group}, which the user is in: ${needs}`
        : `SSPR is enabled for a selected group${group} the user is not in: the wizard asks for no SSPR method`);
}

/**
 * INT-04, MTH-01: the wizard can ask for no more methods than it can offer
 * (each method once, INT-08): with fewer registrable than needed — say an
 * administrator whose SSPR policy wants two while the tenant enables one
 * method admins may use — it asks for those and the requirement stays short.
 * With none at all the flow has nothing to offer, and the count is left as is.
 */
function atMostRegistrable(needed: number, pool: readonly MethodId[], because: (part: Reason['part'], rules: RuleId[], text: string) => void): number {
  if (pool.length === 0 || pool.length >= needed) return needed;
  because('count', ['INT-04', 'MTH-01'], `only ${plural(pool.length, 'method')} can be registered here (${pool.join(', ')}), not the ${needed} needed: the requirement stays short`);
  return pool.length;
}

/** STR-02: phone first unless disabled, then most secure first; never SSPR-only. */
function strengthChoices(modes: readonly AuthMode[], policy: AuthenticationMethodsPolicy, mfaDoable: boolean): MethodId[] {
  const methods = registrableMethods(modes)
    .filter((m) => policy.enabled.includes(m) && !isSsprOnly(m))
    // STR-06: a phishing-resistant method needs MFA (or a TAP) to register.
    .filter((m) => m !== 'fido2' || (mfaDoable && passkeyRegistrationAllowed(policy)));
  const sorted = sortBySecurity(methods);
  return sorted.includes('mobilePhone') ? ['mobilePhone', ...sorted.filter((m) => m !== 'mobilePhone')] : sorted;
}

/** STR-03 [A]: a mode counts toward the wizard's bitmask when the tenant enables it. */
function modeEnabled(mode: AuthMode, policy: AuthenticationMethodsPolicy, tap: boolean): boolean {
  switch (mode) {
    case 'sms': return policy.enabled.includes('mobilePhone') && policy.sms;
    case 'voice': return policy.enabled.includes('mobilePhone') && policy.voiceCalls;
    case 'microsoftAuthenticatorPush': case 'deviceBasedPush': return policy.enabled.includes('microsoftAuthenticator');
    case 'softwareOath': return policy.enabled.includes('softwareOath');
    case 'hardwareOath': return policy.enabled.includes('hardwareOath');
    case 'fido2': return policy.enabled.includes('fido2');
    case 'email': return policy.enabled.includes('email');
    case 'temporaryAccessPassOneTime':
      return policy.enabled.includes('temporaryAccessPass') || tap;
    // STR-03 [A]: with isUsableOnce every pass in the tenant is one-time, so no multi-use pass exists.
    case 'temporaryAccessPassMultiUse':
      return (policy.enabled.includes('temporaryAccessPass') || tap) && !policy.temporaryAccessPass.isUsableOnce;
    default: return false;
  }
}
