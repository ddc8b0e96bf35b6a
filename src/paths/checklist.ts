/**
 * A scenario's set-up as a checklist a tester works through on a real
 * tenant: every setting that changes the outcome, in the admin center's own
 * words (`machines/catalogue/setup.ts`), the wait for a change to apply, the
 * fresh test user and how they sign in, and the reset between paths.
 * Items are Markdown: `**` marks a setting's or a control's name.
 */
import { ADMIN_WORDS, OS_WORDS, RESET, ROLE_WORDS, WAIT_TO_APPLY, clientName } from '../../machines/catalogue/index.ts';
import { METHODS, type MethodId } from '../domain/methods.ts';
import { effectiveTenant } from '../domain/policy.ts';
import { STRENGTHS } from '../domain/strengths.ts';
import type { AuthenticationMethodsPolicy, ConditionalAccessPolicy, RegisteredMethod, Scenario, SsprPolicy, Tenant } from '../scenario/schema.ts';

export interface Checklist {
  /** The tenant's settings (for a guest: the resource tenant's), in the Microsoft Entra admin center. */
  tenant: string[];
  /** GATE-04: the policy as it was before a change that must not have applied yet when the test runs. */
  before: string[];
  /** A B2B guest's home tenant. */
  home: string[];
  /** How long to wait before testing. */
  wait: string;
  /** The test user, made fresh for each path. */
  user: string[];
  /** How the tester signs in. */
  signIn: string;
  /** Between two paths. */
  reset: string;
}

const b = (s: string): string => `**${s}**`;
const W = ADMIN_WORDS;
const yesNo = (v: boolean): string => (v ? 'Yes' : 'No');
const methodList = (ms: readonly MethodId[]): string => ms.map((m) => b(METHODS[m].label)).join(', ');

function methodsPolicy(m: AuthenticationMethodsPolicy, who: string): string[] {
  const items = [m.enabled.length
    ? `In the ${b(W.methodsPolicy.name)}, enable ${methodList(m.enabled)} for ${who}, and no other method.`
    : `In the ${b(W.methodsPolicy.name)}, enable no method for ${who}.`];
  if (m.enabled.some((x) => METHODS[x].kind === 'phone')) {
    items.push(`Phone settings: ${b(W.voiceCalls.name)} ${m.voiceCalls ? 'on' : 'off'}, ${b(W.sms.name)} ${m.sms ? 'on' : 'off'}.`);
  }
  if (m.enabled.includes('fido2')) {
    items.push(`Passkey settings: ${b(W.passkeySelfService.name)}: ${yesNo(m.passkey.selfServiceSetup)} · ${b(W.passkeyAttestation.name)}: ${yesNo(m.passkey.enforceAttestation)}`
      + ` · ${b(W.passkeyKeyRestrictions.name)}: ${yesNo(m.passkey.keyRestrictions)}.`);
  }
  return items;
}

/** `review`: the scenario is about the review at the interval, so the interval is a setting to make. */
function ssprPolicy(s: SsprPolicy, enabled: readonly MethodId[], review: boolean): string {
  if (s.enabledFor === 'none') return `${b(W.ssprEnabled.name)}: None.`;
  const asks = s.securityQuestions;
  const questions = (s.methods ?? enabled).includes('securityQuestions')
    ? ` · security questions: ${asks.toRegister} to register, ${asks.toReset} to reset` : '';
  return `${b(W.ssprEnabled.name)}: ${s.enabledFor === 'all' ? 'All' : 'Selected (a group)'} · ${b(W.ssprMethodsRequired.name)}: ${s.methodsRequired}`
    + ` · ${b(W.ssprRegister.name)}: ${yesNo(s.requireRegistration)}`
    + `${s.methods ? ` · methods available for reset: ${methodList(s.methods)}` : ''}${questions}`
    + (review ? ` · users review their security info ${s.reconfirmDays > 0 ? `every ${s.reconfirmDays} days` : 'never'} (the sources do not name this setting)` : '')
    + '.';
}

const ASSIGNMENT: Record<ConditionalAccessPolicy['users'], string> = {
  all: 'All users',
  members: 'All users, except guests',
  guests: W.caGuests.name,
};

function conditionalAccess(p: ConditionalAccessPolicy): string {
  const target = p.target === 'registerSecurityInfo' ? `User actions: ${b(W.caUserAction.name)}` : W.caAllResources.name;
  const grant = typeof p.grant === 'object'
    ? `${W.caRequireStrength.name} | ${STRENGTHS[p.grant.authenticationStrength].label} (built-in)`
    : p.grant === 'mfa' ? W.caRequireMfa.name : 'Block access';
  return `${b('Conditional Access')} policy "${p.name}": ${b(W.caAssignment.name)}: ${ASSIGNMENT[p.users]} · ${b(W.caTarget.name)}: ${target}`
    + ` · ${b(W.caGrant.name)}: ${grant}${p.exceptTrustedLocations ? ' · except from trusted locations' : ''} · On.`;
}

type TenantSettings = Pick<Tenant, 'authenticationMethods' | 'sspr' | 'mfaRegistration' | 'conditionalAccess' | 'crossTenant' | 'combinedRegistration'>;

interface Audience { who: string; guests: boolean; review: boolean }

function tenantItems(t: TenantSettings, o: Audience): string[] {
  const items = [...methodsPolicy(t.authenticationMethods, o.who), ssprPolicy(t.sspr, t.authenticationMethods.enabled, o.review)];
  if (t.mfaRegistration.identityProtection) items.push(`${b(W.identityProtection.name)}: enforce multifactor authentication registration for ${o.who}.`);
  const policies = t.conditionalAccess.filter((p) => p.enabled);
  items.push(...(policies.length ? policies.map(conditionalAccess) : [`No ${b('Conditional Access')} policy applies to ${o.who}.`]));
  if (o.guests) items.push(`In ${b(W.crossTenant.name)}, turn ${b(W.mfaTrust.name)} ${t.crossTenant.trustMfa ? 'on' : 'off'} for the guest's home tenant.`);
  if (!t.combinedRegistration) {
    items.push(`Turn combined registration off (in the Azure portal, as seed 001 describes it): ${b(W.combinedRegistrationPath.name)},`
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
    ...(was.authenticationMethods ? methodsPolicy(was.authenticationMethods, o.who) : []),
    ...(was.sspr ? [ssprPolicy(was.sspr, (was.authenticationMethods ?? t.authenticationMethods).enabled, o.review)] : []),
    ...(was.conditionalAccess ? (was.conditionalAccess.filter((x) => x.enabled).map(conditionalAccess)) : []),
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

function userItems(s: Scenario): string[] {
  const u = s.user;
  const t = s.tenant;
  const items = [u.type === 'guest'
    ? 'Invite a new guest user (B2B collaboration) whose account is in the home tenant below.'
    : 'Create a new test user, a member of the tenant.'];
  if (u.adminRole !== 'none') items.push(`Assign the test user the ${b(ROLE_WORDS[u.adminRole])} role.`);
  if (t.sspr.enabledFor === 'selected') items.push(u.inSsprGroup ? 'Add the test user to the SSPR group.' : 'Keep the test user out of the SSPR group.');
  if (u.businessPhone) items.push(`Set the test user's ${b(W.businessPhone.name)} property to ${u.businessPhone}.`);
  else if (t.authenticationMethods.enabled.includes('officePhone')) items.push(`Leave the test user's ${b(W.businessPhone.name)} property empty.`);
  if (u.perUserMfa !== 'disabled') items.push(`Set the test user's ${b(W.perUserMfa.name)} to ${b(u.perUserMfa === 'enforced' ? 'Enforced' : 'Enabled')}.`);
  items.push(u.methods.length
    ? `Register for the test user, before the test: ${u.methods.map(held).join(', ')}`
      + `${u.defaultMethod ? `, with ${b(METHODS[u.defaultMethod].label)} as the default sign-in method` : ''}.`
    : 'Register no security info for the test user: a greenfield user, with no method at all.');
  if (u.tap) items.push(`Issue the test user a ${b(W.tap.name)}.`);
  if (u.lastReviewedDaysAgo !== null) items.push(`Use a test user who last reviewed their security info ${u.lastReviewedDaysAgo} days ago (the sources give no way to set this).`);
  if (u.rolledBack) items.push(`Run the rollback script of seed 000 (${b(W.rollback.name)}) for the test user.`);
  if (u.home) {
    items.push(u.home.methods.length
      ? `In the home tenant, register for the guest: ${u.home.methods.map(held).join(', ')}.`
      : 'In the home tenant, register no security info for the guest.');
    if (u.home.tap) items.push(`In the home tenant, issue the guest a ${b(W.tap.name)}.`);
    items.push(u.homeMfaClaim === false
      ? 'Before opening the resource, sign in at home with a password only, so the session carries no MFA claim.'
      : `Before opening the resource, sign in at home and complete MFA${typeof u.homeMfaClaim === 'string' ? ` with ${b(METHODS[u.homeMfaClaim].label)}` : ''}.`);
  }
  return items;
}

/** The client and, where a policy excepts trusted locations, where from. */
function signIn(s: Scenario): string {
  const app = clientName(s.client);
  const policies = [...s.tenant.conditionalAccess, ...(s.tenant.propagation?.previous.conditionalAccess ?? []), ...(s.user.home?.conditionalAccess ?? [])];
  const where = policies.some((p) => p.enabled && p.exceptTrustedLocations)
    ? (s.location === 'trusted' ? ', from a trusted location' : ', from outside the trusted locations') : '';
  return `Sign in as a fresh test user, made as above, with ${app} on ${OS_WORDS[s.client.os]}${where}.`;
}

function waitItem(t: Tenant): string {
  const p = t.propagation;
  if (p && effectiveTenant(t).pending) {
    return `Do not wait: start within ${p.changedMinutesAgo} minutes of saving the changes, while the earlier settings still apply`
      + ` (regsim assumes a change applies after ${p.windowMinutes} minutes; Microsoft advises allowing 1-2 hours).`;
  }
  return WAIT_TO_APPLY.does;
}

export function checklist(s: Scenario): Checklist {
  const guests = s.flow === 'b2bMfaTrust' || s.user.type === 'guest';
  const review = s.flow === 'ssprRefresh' || s.user.lastReviewedDaysAgo !== null;
  const audience: Audience = { who: guests ? 'guests' : 'the test user', guests, review };
  return {
    tenant: tenantItems(s.tenant, audience),
    before: beforeItems(s.tenant, audience),
    home: s.user.home ? tenantItems(s.user.home, { who: 'the guest', guests: false, review }) : [],
    wait: waitItem(s.tenant),
    user: userItems(s),
    signIn: signIn(s),
    reset: RESET,
  };
}
