/**
 * A scenario's set-up as a checklist a tester works through on a real
 * tenant: every setting that changes the outcome, in the admin center's own
 * words (`machines/catalogue/setup.ts`), the wait for a change to apply, the
 * fresh test user and how they sign in, and the reset between paths.
 * Items are Markdown: `**` marks a setting's or a control's name.
 */
import { ADMIN_WORDS, OS_WORDS, ROLE_WORDS, SOURCE_NAMES, WAIT_TO_APPLY, clientName, reset, testUser } from '../../machines/catalogue/index.ts';
import { REGISTER_SECURITY_INFO, policyState } from '../domain/conditionalAccess.ts';
import { DEFAULT_OPTIONS, asDefaultOption } from '../domain/defaultOptions.ts';
import { METHODS, isMethodId, offWithVoiceCalls, type MethodId } from '../domain/methods.ts';
import { effectiveTenant, isVirtual } from '../domain/policy.ts';
import { STRENGTHS, resolveStrength } from '../domain/strengths.ts';
import type { ConditionalAccessPolicy, RegisteredMethod, Scenario, SsprPolicy, Tenant } from '../scenario/schema.ts';
import type { CaAudience, MethodAudience } from '../scenario/tenantSchema.ts';

export interface Checklist {
  /** The test user is a guest: the tenant set up first is the resource tenant. */
  guest: boolean;
  /** The tenant's settings (for a guest: the resource tenant's), in the Microsoft Entra admin center. */
  tenant: string[];
  /** GATE-04: the policy as it was before a change that must not have applied yet when the test runs. */
  before: string[];
  /** A B2B guest's home tenant. */
  home: string[];
  /** How long to wait before testing. */
  wait: string;
  /** The test user, made fresh for each path: each item done by an admin, or by the tester signed in as the user. */
  user: SetupItem[];
  /** How the tester signs in. */
  signIn: string;
  /** Between two paths. */
  reset: string;
}

/** One set-up item, and who does it: an admin in the admin center, or the tester signed in as the test user. */
export interface SetupItem {
  text: string;
  by: 'admin' | 'user';
}

const b = (s: string): string => `**${s}**`;
const W = ADMIN_WORDS;
const yesNo = (v: boolean): string => (v ? 'Yes' : 'No');
const methodList = (ms: readonly MethodId[]): string => ms.map((m) => b(METHODS[m].label)).join(', ');

type TenantSettings = Pick<Tenant, 'authenticationMethods' | 'sspr' | 'mfaRegistration' | 'conditionalAccess' | 'crossTenant' | 'combinedRegistration'>
  & Partial<Pick<Tenant, 'directory' | 'namedLocations' | 'authenticationStrengths'>>;

/** A directory id by its display name, where the tenant's directory has one. */
const named = (t: TenantSettings, kind: 'groups' | 'users' | 'roles' | 'applications', id: string): string => t.directory?.[kind][id] ?? id;

/** MTH-04: the default is a sign-in option ("Phone call"), not a method. */
function defaultWords(value: string | null): string {
  const o = asDefaultOption(value);
  return o ? `, with ${b(DEFAULT_OPTIONS[o].label)} as the default sign-in method` : '';
}

function methodAudience(t: TenantSettings, a: MethodAudience): string {
  return [
    ...(a.all ? ['all users'] : []),
    ...(a.groups ?? []).map((g) => `group "${named(t, 'groups', g)}"`),
    ...(a.users ?? []).map((u) => `user "${named(t, 'users', u)}"`),
  ].join(', ') || 'nobody';
}

/** Security questions are the password reset policy's alone (the import reads them there): that item turns them on. */
const ONLY_IN_PASSWORD_RESET: MethodId = 'securityQuestions';

function methodsPolicy(t: TenantSettings, who: string): string[] {
  const m = t.authenticationMethods;
  // MNG-02: a method that only takes calls is off with voice calls, whatever the list says: the admin center has no way to turn it on alone.
  const callsOnly = m.enabled.filter((x) => offWithVoiceCalls(x, m.voiceCalls));
  const inPolicy = m.enabled.filter((x) => x !== ONLY_IN_PASSWORD_RESET && !callsOnly.includes(x));
  const items = [inPolicy.length
    ? `In the ${b(W.methodsPolicy.name)}, enable ${methodList(inPolicy)} for ${who}, and no other method.`
    : `In the ${b(W.methodsPolicy.name)}, enable no method for ${who}.`];
  // MTH-01: a method targeted at some users only.
  for (const [key, target] of Object.entries(m.targets ?? {})) {
    if (!target) continue;
    const what = isMethodId(key) ? b(METHODS[key].label) : key === 'sms' ? b(W.sms.name) : b(W.voiceCalls.name);
    items.push(`Target ${what} at ${methodAudience(t, target.include)}${target.exclude ? `, excluding ${methodAudience(t, target.exclude)}` : ''}.`);
  }
  if (m.enabled.some((x) => METHODS[x].kind === 'phone')) {
    items.push(`Phone settings: ${b(W.voiceCalls.name)} ${m.voiceCalls ? 'on' : 'off'}, ${b(W.sms.name)} ${m.sms ? 'on' : 'off'}.`);
  }
  if (callsOnly.length) items.push(`${methodList(callsOnly)} ${callsOnly.length > 1 ? 'take' : 'takes'} calls only: with ${b(W.voiceCalls.name)} off, ${callsOnly.length > 1 ? 'they are' : 'it is'} off too.`);
  if (m.enabled.includes('fido2')) {
    const restrictions = typeof m.passkey.keyRestrictions === 'boolean' ? m.passkey.keyRestrictions : m.passkey.keyRestrictions.isEnforced;
    items.push(`Passkey settings: ${b(W.passkeySelfService.name)}: ${yesNo(m.passkey.selfServiceSetup)} · ${b(W.passkeyAttestation.name)}: ${yesNo(m.passkey.enforceAttestation)}`
      + ` · ${b(W.passkeyKeyRestrictions.name)}: ${yesNo(restrictions)}.`);
  }
  // STR-03: one-time passes leave the multi-use bit out of the strength wizard's URL.
  if (m.enabled.includes('temporaryAccessPass') && m.temporaryAccessPass.isUsableOnce) items.push(`${b(W.tap.name)} settings: one-time use only.`);
  return items;
}

/** `review`: the scenario is about the review at the interval, so the interval is a setting to make. */
function ssprPolicy(s: SsprPolicy, enabled: readonly MethodId[], review: boolean): string {
  if (s.enabledFor === 'none') return `${b(W.ssprEnabled.name)}: None.`;
  const asks = s.securityQuestions;
  const questions = (s.methods ?? enabled).includes('securityQuestions')
    ? ` · ${b(METHODS.securityQuestions.label)} on: ${asks.toRegister} to register, ${asks.toReset} to reset` : '';
  return `${b(W.ssprEnabled.name)}: ${s.enabledFor === 'all' ? 'All' : 'Selected (a group)'} · ${b(W.ssprMethodsRequired.name)}: ${s.methodsRequired}`
    + ` · ${b(W.ssprRegister.name)}: ${yesNo(s.requireRegistration)}`
    + `${s.methods ? ` · methods available for reset: ${methodList(s.methods)}` : ''}${questions}`
    + (review ? ` · users review their security info ${s.reconfirmDays > 0 ? `every ${s.reconfirmDays} days` : 'never'} (the sources do not name this setting)` : '')
    + '.';
}

const ASSIGNMENT: Readonly<Record<'all' | 'members' | 'guests', string>> = {
  all: 'All users',
  members: 'All users, except guests',
  guests: W.caGuests.name,
};

function caAudience(t: TenantSettings, a: CaAudience): string {
  return [
    ...(a.all ? ['All users'] : []), ...(a.none ? ['None'] : []),
    ...(a.users ?? []).map((u) => `user "${named(t, 'users', u)}"`),
    ...(a.groups ?? []).map((g) => `group "${named(t, 'groups', g)}"`),
    ...(a.roles ?? []).map((r) => `role "${named(t, 'roles', r)}"`),
    ...(a.guestsOrExternalUsers ? [`guest or external users (${[a.guestsOrExternalUsers.types].flat().join(', ')}`
      + `${a.guestsOrExternalUsers.tenants === 'all' ? '' : ` from ${a.guestsOrExternalUsers.tenants.join(', ')}`})`] : []),
  ].join(', ') || 'nobody';
}

function assignment(t: TenantSettings, p: ConditionalAccessPolicy): string {
  if (typeof p.users === 'string') return ASSIGNMENT[p.users];
  return `${caAudience(t, p.users.include)}${p.users.exclude ? `, excluding ${caAudience(t, p.users.exclude)}` : ''}`;
}

function targetResources(t: TenantSettings, p: ConditionalAccessPolicy): string {
  const a = p.applications;
  if (!a) return p.target === 'registerSecurityInfo' ? `User actions: ${b(W.caUserAction.name)}` : W.caAllResources.name;
  const actions = a.userActions.map((x) => (x === REGISTER_SECURITY_INFO ? b(W.caUserAction.name) : x));
  const apps = a.include.map((x) => (x === 'All' ? W.caAllResources.name : `"${named(t, 'applications', x)}"`));
  return [
    ...(actions.length ? [`User actions: ${actions.join(', ')}`] : []),
    ...(apps.length ? [apps.join(', ')] : []),
    ...(a.exclude.length ? [`excluding ${a.exclude.map((x) => `"${named(t, 'applications', x)}"`).join(', ')}`] : []),
  ].join(', ');
}

const locationName = (t: TenantSettings, l: string): string =>
  (l === 'All' ? 'any location' : l === 'AllTrusted' ? 'all trusted locations' : `"${t.namedLocations?.find((n) => n.id === l)?.name ?? l}"`);

function conditions(t: TenantSettings, p: ConditionalAccessPolicy): string[] {
  const out: string[] = [];
  if (p.locations) {
    out.push(`Locations: ${p.locations.include.map((l) => locationName(t, l)).join(', ')}`
      + `${p.locations.exclude.length ? `, excluding ${p.locations.exclude.map((l) => locationName(t, l)).join(', ')}` : ''}`);
  } else if (p.exceptTrustedLocations) out.push('Locations: any location, excluding all trusted locations');
  const c = p.conditions;
  if (c?.platforms) out.push(`Device platforms: ${c.platforms.include.join(', ') || 'none'}${c.platforms.exclude.length ? `, excluding ${c.platforms.exclude.join(', ')}` : ''}`);
  if (c?.clientAppTypes) out.push(`Client apps: ${c.clientAppTypes.join(', ')}`);
  if (c?.signInRiskLevels) out.push(`Sign-in risk: ${c.signInRiskLevels.join(', ')}`);
  if (c?.userRiskLevels) out.push(`User risk: ${c.userRiskLevels.join(', ')}`);
  return out;
}

/** The grant as the blog's table writes it; controls the seeds do not name, in plain words. */
function grantWords(t: TenantSettings, p: ConditionalAccessPolicy): string {
  const g = p.grant;
  if (g === 'mfa') return W.caRequireMfa.name;
  if (g === 'block') return 'Block access';
  const strength = (ref: string) => {
    const s = resolveStrength(ref, t.authenticationStrengths ?? []);
    const builtIn = s !== null && Object.values(STRENGTHS).includes(s);
    return `${W.caRequireStrength.name} | ${s?.label ?? ref}${builtIn ? ' (built-in)' : ''}`;
  };
  const controls = [
    ...(g.builtInControls ?? []).map((x) => (x === 'mfa' ? W.caRequireMfa.name : x === 'block' ? 'Block access' : `require ${x}`)),
    ...(g.authenticationStrength ? [strength(g.authenticationStrength)] : []),
    ...(g.termsOfUse ?? []).map((x) => `terms of use "${x}"`),
  ];
  return controls.length > 1 ? `${controls.join(' · ')} (${g.operator === 'AND' ? 'all of them' : 'one of them'})` : controls[0] ?? 'no grant control';
}

function conditionalAccess(t: TenantSettings, p: ConditionalAccessPolicy): string {
  const state = policyState(p) === 'enabledForReportingButNotEnforced' ? 'Report-only' : 'On';
  return `${b('Conditional Access')} policy "${p.name}": ${b(W.caAssignment.name)}: ${assignment(t, p)} · ${b(W.caTarget.name)}: ${targetResources(t, p)}`
    + `${conditions(t, p).map((c) => ` · ${c}`).join('')} · ${b(W.caGrant.name)}: ${grantWords(t, p)} · ${state}.`;
}

/** Policies a tester sets up: on or report-only (a policy that is off changes nothing). */
const inForce = (ps: readonly ConditionalAccessPolicy[]) => ps.filter((p) => policyState(p) !== 'disabled');

interface Audience { who: string; guests: boolean; review: boolean }

function tenantItems(t: TenantSettings, o: Audience): string[] {
  const items = [...methodsPolicy(t, o.who), ssprPolicy(t.sspr, t.authenticationMethods.enabled, o.review)];
  if (t.mfaRegistration.identityProtection) items.push(`${b(W.identityProtection.name)}: enforce multifactor authentication registration for ${o.who}.`);
  const policies = inForce(t.conditionalAccess);
  items.push(...(policies.length ? policies.map((p) => conditionalAccess(t, p)) : [`No ${b('Conditional Access')} policy applies to ${o.who}.`]));
  for (const l of t.namedLocations ?? []) items.push(`Named location "${l.name}"${l.trusted ? ', marked as a trusted location' : ''}.`);
  if (o.guests) {
    items.push(`In ${b(W.crossTenant.name)}, turn ${b(W.mfaTrust.name)} ${t.crossTenant.trustMfa ? 'on' : 'off'} by default.`);
    for (const partner of t.crossTenant.partners) {
      const trust = partner.trustMfa === null ? 'as the default' : partner.trustMfa ? 'on' : 'off';
      items.push(`In ${b(W.crossTenant.name)}, for the partner "${partner.name ?? partner.tenantId}", ${b(W.mfaTrust.name)} ${trust}.`);
    }
  }
  if (!t.combinedRegistration) {
    items.push(`Turn combined registration off in the Azure portal (as described in ${SOURCE_NAMES.troubleshootOld}): ${b(W.combinedRegistrationPath.name)},`
      + ` set ${b(W.combinedRegistration.name)} to ${b('None')}, then ${b('Save')}.`);
  }
  return items;
}

/** GATE-04: the previous policy, for a change that must still be on its way when the test runs. */
function beforeItems(t: Tenant, o: Audience): string[] {
  const p = t.propagation;
  if (!p || !effectiveTenant(t).pending) return [];
  const was = p.previous;
  return [
    ...(was.authenticationMethods ? methodsPolicy({ ...t, authenticationMethods: was.authenticationMethods }, o.who) : []),
    ...(was.sspr ? [ssprPolicy(was.sspr, (was.authenticationMethods ?? t.authenticationMethods).enabled, o.review)] : []),
    ...(was.conditionalAccess ? inForce(was.conditionalAccess).map((p) => conditionalAccess(t, p)) : []),
  ];
}

function held(r: RegisteredMethod): string {
  if (typeof r === 'string') return b(METHODS[r].label);
  const notes = [
    ...(r.count > 1 ? [`×${r.count}`] : []),
    ...(r.virtual ? ['a virtual number'] : []),
    ...(r.passwordless ? ['with phone sign-in enabled in the app'] : []),
  ];
  return `${b(METHODS[r.method].label)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

function userItems(s: Scenario): SetupItem[] {
  const u = s.user;
  const t = s.tenant;
  const items: SetupItem[] = [];
  const admin = (text: string) => { items.push({ text, by: 'admin' }); };
  // What only the user can do (register an app or a key, sign in at home) is the tester's, signed in as them.
  const asUser = (text: string) => { items.push({ text, by: 'user' }); };
  admin(testUser(u.type, u.lastReviewedDaysAgo));
  if (u.adminRole !== 'none') admin(`Assign the test user the ${b(ROLE_WORDS[u.adminRole])} role.`);
  for (const r of u.roles) admin(`Assign the test user the ${b(named(t, 'roles', r))} role.`);
  if (u.groups.length) admin(`Add the test user to ${u.groups.map((g) => `the group "${named(t, 'groups', g)}"`).join(', ')}.`);
  if (u.guestType && u.guestType !== 'b2bCollaborationGuest' && u.type === 'guest') admin(`The guest is of the external user type ${u.guestType}.`);
  if (t.sspr.enabledFor === 'selected') admin(u.inSsprGroup ? 'Add the test user to the SSPR group.' : 'Keep the test user out of the SSPR group.');
  if (u.businessPhone) admin(`Set the test user's ${b(W.businessPhone.name)} property to ${u.businessPhone}.`);
  else if (t.authenticationMethods.enabled.includes('officePhone')) admin(`Leave the test user's ${b(W.businessPhone.name)} property empty.`);
  if (u.perUserMfa !== 'disabled') admin(`Set the test user's ${b(W.perUserMfa.name)} to ${b(u.perUserMfa === 'enforced' ? 'Enforced' : 'Enabled')}.`);
  // A virtual number never verifies (MTH-06): only an admin can put one on the account.
  if (u.methods.length) (u.methods.some(isVirtual) ? admin : asUser)(`Register for the test user, before the test: ${u.methods.map(held).join(', ')}${defaultWords(u.defaultMethod)}.`);
  else admin(u.type === 'guest' ? 'Register no security info for the guest in the resource tenant.'
    : 'Register no security info for the test user: a greenfield user, with no method at all.');
  if (u.tap) admin(`Issue the test user a ${b(W.tap.name)}.`);
  if (u.rolledBack) admin(`Run the rollback script (${b(W.rollback.name)}) given in ${SOURCE_NAMES.troubleshoot}, for the test user.`);
  if (u.home) {
    if (u.home.methods.length) asUser(`In the home tenant, register for the guest: ${u.home.methods.map(held).join(', ')}.`);
    else admin('In the home tenant, register no security info for the guest.');
    if (u.home.tap) admin(`In the home tenant, issue the guest a ${b(W.tap.name)}.`);
    asUser(u.homeMfaClaim === false
      ? 'Before opening the resource, sign in at home with a password only, so the session carries no MFA claim.'
      : `Before opening the resource, sign in at home and complete MFA${typeof u.homeMfaClaim === 'string' ? ` with ${b(METHODS[u.homeMfaClaim].label)}` : ''}.`);
  }
  return items;
}

/** The client and, where a policy excepts trusted locations, where from. */
function signIn(s: Scenario): string {
  const app = clientName(s.client);
  const policies = inForce([...s.tenant.conditionalAccess, ...(s.tenant.propagation?.previous.conditionalAccess ?? []), ...(s.user.home?.conditionalAccess ?? [])]);
  const where = !policies.some((p) => p.exceptTrustedLocations || p.locations) ? ''
    : s.location === 'trusted' ? ', from a trusted location'
      : s.location === 'untrusted' ? ', from outside the trusted locations'
        : `, from the named location ${locationName(s.tenant, s.location)}`;
  const device = [...(s.client.compliantDevice ? ['marked as compliant'] : []), ...(s.client.domainJoinedDevice ? ['Microsoft Entra hybrid joined'] : [])];
  const app2 = s.application ? `, opening the application "${named(s.tenant, 'applications', s.application)}"` : '';
  return `Sign in as ${s.user.lastReviewedDaysAgo === null ? 'a fresh' : 'the'} ${s.user.type === 'guest' ? 'guest' : 'test user'}, made as above, with ${app} on ${OS_WORDS[s.client.os]}${device.length ? ` (a device ${device.join(' and ')})` : ''}${where}${app2}.`;
}

function waitItem(t: Tenant): string {
  const p = t.propagation;
  if (p && effectiveTenant(t).pending) {
    return WAIT_TO_APPLY.notYet(p.changedMinutesAgo, p.windowMinutes);
  }
  return WAIT_TO_APPLY.does;
}

export function checklist(s: Scenario): Checklist {
  const guests = s.flow === 'b2bMfaTrust' || s.user.type === 'guest';
  const review = s.flow === 'ssprRefresh' || s.user.lastReviewedDaysAgo !== null;
  const audience: Audience = { who: guests ? 'guests' : 'the test user', guests, review };
  return {
    guest: s.user.type === 'guest',
    tenant: tenantItems(s.tenant, audience),
    before: beforeItems(s.tenant, audience),
    home: s.user.home ? tenantItems(s.user.home, { who: 'the guest', guests: false, review }) : [],
    wait: waitItem(s.tenant),
    user: userItems(s),
    signIn: signIn(s),
    reset: reset(s.client, {
      guest: s.user.type === 'guest',
      aged: s.user.lastReviewedDaysAgo !== null,
      tap: s.user.tap || Boolean(s.user.home?.tap),
      pendingMinutes: s.tenant.propagation && effectiveTenant(s.tenant).pending ? s.tenant.propagation.changedMinutesAgo : null,
    }),
  };
}
