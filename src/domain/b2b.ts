/**
 * B2B guests and cross-tenant MFA trust (B2B-01..05) [B, blog 004 caveat 2]:
 * what the resource tenant requires of a guest, whether the session's
 * home-tenant MFA claim is accepted, and whether the methods the guest holds
 * after doing MFA (at home, or in the resource tenant when trust is off)
 * satisfy that requirement. Pure functions of the scenario; the wizard each
 * tenant shows is the policy engine's (`evaluateHome` / `evaluate`).
 */
import { AUTH_METHOD_BITS } from './authMethods.ts';
import type { MethodId } from './methods.ts';
import {
  effectiveTenant, hasMfaMethod, methodOf, modesHeld, policyNeeds, signInOf, type Decision,
} from './policy.ts';
import { strengthOfNeeds, strengthRef } from './conditionalAccess.ts';
import { whoOf } from './directory.ts';
import { methodsHeld } from './rollback.ts';
import { STRENGTHS, satisfiesStrength, type Strength, type StrengthId } from './strengths.ts';
import type { RegisteredMethod, Scenario } from '../scenario/schema.ts';

/** What the resource tenant's Conditional Access asks of a guest for the resource. */
export type ResourceRequirement =
  | { kind: 'none' }
  /** A "block" grant for guests: no MFA opens the resource. */
  | { kind: 'block' }
  /** The legacy "Require multifactor authentication" grant. */
  | { kind: 'mfa' }
  /** "Require authentication strength" (STR-01, STR-05): a built-in by id, a custom one as itself. */
  | { kind: 'strength'; strength: StrengthId | Strength };

/** The tenant in which the guest performs MFA: home with trust on (B2B-02), resource with trust off (B2B-05). */
export type GuestTenant = 'home' | 'resource';

/** Which tenant's pages a `b2bMfaTrust` state shows: the machine nests the home tenant's under `home`. */
export const guestTenantAt = (state: string): GuestTenant => (state === 'home' || state.startsWith('home.') ? 'home' : 'resource');

/**
 * B2B-01, B2B-04, STR-05: the resource tenant's requirement, from its
 * Conditional Access policies that apply to guests on all resources (the
 * policy in force, GATE-04). A strength outranks the legacy grant: every
 * built-in strength implies MFA, so meeting the strength meets both.
 */
export function resourceRequirement(scenario: Scenario): ResourceRequirement {
  const { tenant } = effectiveTenant(scenario.tenant);
  const who = whoOf(scenario);
  const needs = policyNeeds(tenant, signInOf(scenario, { ...who, type: 'guest', guestType: who.guestType ?? 'b2bCollaborationGuest' }), 'allResources');
  if (needs.some((n) => n.block)) return { kind: 'block' };
  const strength = strengthOfNeeds(needs);
  if (strength) return { kind: 'strength', strength: strengthRef(strength) };
  if (needs.some((n) => n.mfa)) return { kind: 'mfa' };
  return { kind: 'none' };
}

/** One line for traces and docs: what the resource asks for. */
export function describeRequirement(r: ResourceRequirement): string {
  switch (r.kind) {
    case 'none': return 'no MFA for guests';
    case 'block': return 'guests are blocked';
    case 'mfa': return 'Require multifactor authentication (legacy grant)';
    case 'strength': return `Require authentication strength: ${(typeof r.strength === 'string' ? STRENGTHS[r.strength] : r.strength).label}`;
  }
}

/**
 * B2B-01, STR-05: do these methods meet the requirement? A legacy grant is met
 * by any MFA method; a strength by a combination of its table (with the
 * password). A Temporary Access Pass counts as MFA (GATE-01) and satisfies
 * only the Multifactor strength (STR-05 table), never a phishing-resistant one.
 */
export function meetsRequirement(r: ResourceRequirement, methods: readonly RegisteredMethod[]): boolean {
  switch (r.kind) {
    case 'none': return true;
    case 'block': return false;
    case 'mfa': return hasMfaMethod(methods.map(methodOf));
    case 'strength': return satisfiesStrength(r.strength, modesHeld(methods));
  }
}

/**
 * What the guest can prove in a tenant: the methods held there, those
 * registered in this flow's wizard, and a Temporary Access Pass issued there
 * (it satisfies MFA, GATE-01; [A] the session records it like a method). An
 * Authenticator registered in a strength wizard that asked for phone sign-in
 * (deviceBasedPush, STR-03) was set up for it.
 */
export function credentials(
  held: readonly RegisteredMethod[], registered: readonly MethodId[], tap: boolean, wizard?: Pick<Decision, 'authMethods'>,
): RegisteredMethod[] {
  const phoneSignIn = ((wizard?.authMethods ?? 0) & AUTH_METHOD_BITS.deviceBasedPush) !== 0;
  return [
    ...held,
    ...registered.map((method): RegisteredMethod => (method === 'microsoftAuthenticator' && phoneSignIn ? { method, count: 1, virtual: false, passwordless: true } : method)),
    ...(tap ? ['temporaryAccessPass' as const] : []),
  ];
}

/** The guest's methods and TAP in `tenant`: `user.home` for home, `user` for the resource. */
export function guestIn(scenario: Scenario, tenant: GuestTenant): { methods: readonly RegisteredMethod[]; tap: boolean } {
  if (tenant === 'resource') return { methods: methodsHeld(scenario.user), tap: scenario.user.tap };
  const home = scenario.user.home;
  return home ? { methods: home.methods, tap: home.tap } : { methods: [], tap: false };
}

/**
 * B2B-01: the resource tenant trusts MFA done in the guest's home tenant —
 * the partner's inbound setting for that tenant where it has one
 * (crossTenantAccessPolicyConfigurationPartner.inboundTrust), else the default.
 */
export function trustsHomeMfa(scenario: Scenario): boolean {
  const { trustMfa, partners } = scenario.tenant.crossTenant;
  const home = scenario.user.home;
  const partner = home ? partners.find((p) => p.tenantId === home.id || p.tenantId === home.name) : undefined;
  return partner?.trustMfa ?? trustMfa;
}

/**
 * B2B-01: with trust on, the session's home-tenant MFA claim is accepted when
 * it is present AND the methods behind it (the method the claim names, else
 * every method the guest holds at home) satisfy the requirement — any MFA method for the legacy grant, a combination of the
 * strength's table for a strength. Otherwise B2B-02 sends the guest home.
 */
export function homeClaimAccepted(scenario: Scenario): boolean {
  const claim = scenario.user.homeMfaClaim;
  if (!trustsHomeMfa(scenario) || claim === false || !scenario.user.home) return false;
  const { methods, tap } = guestIn(scenario, 'home');
  const proven = credentials(methods, [], tap);
  // "the methods satisfy the authentication strength": those behind the claim, when the scenario names one.
  return meetsRequirement(resourceRequirement(scenario), claim === true ? proven : proven.filter((r) => methodOf(r) === claim));
}

/**
 * B2B-02 (trust on, back from home) and B2B-05 (trust off, in the resource
 * tenant): do the methods the guest now holds in `tenant` — held before plus
 * registered in that tenant's wizard — satisfy the resource's requirement?
 * False means a method acceptable to the resource is still missing (e.g. the
 * documented profile's wizard registered a phone under a phishing-resistant
 * strength).
 */
export function satisfiedAfterMfa(
  scenario: Scenario, tenant: GuestTenant, registered: readonly MethodId[], wizard?: Pick<Decision, 'authMethods'>,
): boolean {
  const { methods, tap } = guestIn(scenario, tenant);
  return meetsRequirement(resourceRequirement(scenario), credentials(methods, registered, tap, wizard));
}
