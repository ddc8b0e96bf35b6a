/**
 * Which Conditional Access policies apply to a sign-in, and what their grant
 * asks. Policies come in two forms: the simple one scenarios have always
 * written (`users: members`, `target: registerSecurityInfo`, `grant: mfa`,
 * `exceptTrustedLocations`) and Graph's (`conditions.users` include /
 * exclude, applications and user actions, locations, `state`,
 * `grantControls` with an operator). Both are read here, so the policy
 * engine sees one meaning. The semantics are Graph's (conditionalAccessUsers,
 * conditionalAccessApplications, conditionalAccessLocations,
 * conditionalAccessGrantControls); what regsim assumes where a sign-in
 * carries no such fact is marked [A].
 */
import { isBrowser } from './clients.ts';
import { fromTenant, holdsRole, inGroup, isUser, parseGuestTypes, type Who } from './directory.ts';
import { STRENGTHS, combineStrengths, resolveStrength, type Strength, type StrengthId } from './strengths.ts';
import type { Client, ConditionalAccessPolicy, Tenant } from '../scenario/schema.ts';
import type { CaAudience, PolicyState } from '../scenario/tenantSchema.ts';

/** What a policy protects: an application sign-in, or the "Register security information" user action (GATE-02). */
export type Target = 'allResources' | 'registerSecurityInfo';

export const REGISTER_SECURITY_INFO = 'urn:user:registersecurityinfo';
/** Graph's id of the legacy "MFA trusted IPs" location. */
const MFA_TRUSTED_IPS = '00000000-0000-0000-0000-000000000000';

export interface SignIn {
  who: Who;
  location: string;
  /** The application opened; undefined: one that no policy names. */
  application: string | undefined;
  client: Client;
  tenant: Pick<Tenant, 'directory' | 'namedLocations'>;
}

/** `state` wins over the simple `enabled`. */
export const policyState = (p: ConditionalAccessPolicy): PolicyState => p.state ?? (p.enabled ? 'enabled' : 'disabled');

/** Graph: includeUsers / includeGroups / includeRoles / includeGuestsOrExternalUsers, one side. */
function audienceHas(a: CaAudience, who: Who, tenant: SignIn['tenant']): boolean {
  if (a.none) return false;
  if (a.all) return true;
  const dir = tenant.directory;
  if (a.users?.some((u) => isUser(who, u, dir))) return true;
  if (a.groups?.some((g) => inGroup(who, g, dir))) return true;
  if (a.roles?.some((r) => holdsRole(who, r, dir))) return true;
  const g = a.guestsOrExternalUsers;
  return g !== undefined && who.guestType !== null && parseGuestTypes(g.types).includes(who.guestType) && fromTenant(who, g.tenants);
}

/** INT-01, GATE-02: the policy's users include this user and do not exclude them. */
export function usersMatch(p: ConditionalAccessPolicy, who: Who, tenant: SignIn['tenant']): boolean {
  if (typeof p.users === 'string') return p.users === 'all' || (p.users === 'members') === (who.type === 'member');
  return audienceHas(p.users.include, who, tenant) && !(p.users.exclude && audienceHas(p.users.exclude, who, tenant));
}

const namesApp = (ref: string, app: string, tenant: SignIn['tenant']): boolean =>
  ref === app || tenant.directory.applications[ref] === app || tenant.directory.applications[app] === ref;

/** GATE-02: the policy is on the user action "Register security information", as a target or among its applications' user actions. */
export const onRegistering = (p: ConditionalAccessPolicy): boolean =>
  (p.applications ? p.applications.userActions.includes(REGISTER_SECURITY_INFO) : p.target === 'registerSecurityInfo');

/**
 * The policy protects this target. A user action is its own target; an
 * application sign-in matches `All` or the named application [A: a sign-in
 * without `application` opens an app no policy names]. Authentication
 * contexts and device registration are never what a sign-in to an app or to
 * security info asks for.
 */
export function targetMatches(p: ConditionalAccessPolicy, target: Target, signIn: Pick<SignIn, 'application' | 'tenant'>): boolean {
  if (target === 'registerSecurityInfo') return onRegistering(p);
  const a = p.applications;
  if (!a) return p.target === target;
  const app = signIn.application;
  const included = a.include.includes('All') || (app !== undefined && a.include.some((ref) => namesApp(ref, app, signIn.tenant)));
  const excluded = app !== undefined && a.exclude.some((ref) => namesApp(ref, app, signIn.tenant));
  return included && !excluded;
}

/** The sign-in's location is the one a location reference names (All, AllTrusted, or a named location). */
function locationIs(ref: string, location: string, tenant: SignIn['tenant']): boolean {
  if (ref === 'All') return true;
  const named = tenant.namedLocations.find((l) => l.id === location || l.name === location);
  const trusted = location === 'trusted' || named?.trusted === true;
  if (ref === 'AllTrusted' || ref === MFA_TRUSTED_IPS) return trusted;
  return named !== undefined && (ref === named.id || ref === named.name);
}

/** GATE-02: the policy's location condition includes the sign-in's location and does not exclude it. */
export function locationMatches(p: ConditionalAccessPolicy, location: string, tenant: SignIn['tenant']): boolean {
  if (!p.locations) return !(p.exceptTrustedLocations && locationIs('AllTrusted', location, tenant));
  return p.locations.include.some((r) => locationIs(r, location, tenant))
    && !p.locations.exclude.some((r) => locationIs(r, location, tenant));
}

const PLATFORM_OF: Record<Client['os'], string> = { windows: 'windows', macos: 'macOS', linux: 'linux', ios: 'iOS', android: 'android' };

/**
 * The remaining conditions, from what the client tells: the device platform
 * from `client.os`; the client app type [A: browsers and IE11 are
 * "browser", the Windows App and ADAL web views "mobileAppsAndDesktopClients"];
 * risk [A: regsim's sign-ins carry no risk, so a policy limited to risky
 * sign-ins or users does not apply unless it names the level `none`].
 */
export function conditionsMatch(p: ConditionalAccessPolicy, client: Client): boolean {
  const c = p.conditions;
  if (!c) return true;
  const platform = PLATFORM_OF[client.os];
  if (c.platforms && c.platforms.include.length > 0) {
    const named = (list: readonly string[]) => list.includes('all') || list.includes(platform);
    if (!named(c.platforms.include) || named(c.platforms.exclude)) return false;
  }
  if (c.clientAppTypes && c.clientAppTypes.length > 0 && !c.clientAppTypes.includes('all')) {
    const type = isBrowser(client) ? 'browser' : 'mobileAppsAndDesktopClients';
    if (!c.clientAppTypes.includes(type)) return false;
  }
  const riskFree = (levels: readonly string[] | undefined) => !levels || levels.length === 0 || levels.includes('none');
  return riskFree(c.signInRiskLevels) && riskFree(c.userRiskLevels);
}

/**
 * INT-01, GATE-02: the policy applies to this sign-in for this target. Only
 * `enabled` policies are enforced; `reportOnly` asks about the
 * report-only ones instead (they are evaluated, never enforced).
 */
export function appliesTo(p: ConditionalAccessPolicy, target: Target, signIn: SignIn, opts: { reportOnly?: boolean } = {}): boolean {
  const state = policyState(p);
  if (state !== (opts.reportOnly ? 'enabledForReportingButNotEnforced' : 'enabled')) return false;
  return targetMatches(p, target, signIn) && usersMatch(p, signIn.who, signIn.tenant)
    && locationMatches(p, signIn.location, signIn.tenant) && conditionsMatch(p, signIn.client);
}

// ─── the grant ──────────────────────────────────────────────────────────────

/** What a policy asks of a user who cannot satisfy it another way. */
export interface GrantNeed {
  block: boolean;
  /** The legacy "Require multifactor authentication" control. */
  mfa: boolean;
  /** The strength asked for (a built-in id, a Graph id or a custom strength's id or name). */
  strength: string | null;
}

const NOTHING: GrantNeed = { block: false, mfa: false, strength: null };

/**
 * The grant, as far as registration sees it. With `operator: OR` a control
 * other than MFA that the sign-in already meets grants access without MFA
 * [A: the device is compliant or joined only when the client says so; no
 * regsim client is an approved or app-protected client app; terms of use are
 * accepted; custom controls and a password change are never met]. With AND,
 * or when no other control is met, MFA or the strength is asked for.
 */
export function grantNeed(p: ConditionalAccessPolicy, client: Client): GrantNeed {
  const g = p.grant;
  if (g === 'mfa') return { ...NOTHING, mfa: true };
  if (g === 'block') return { ...NOTHING, block: true };
  const controls = g.builtInControls ?? [];
  if (controls.includes('block')) return { ...NOTHING, block: true };
  const need: GrantNeed = { block: false, mfa: controls.includes('mfa'), strength: g.authenticationStrength ?? null };
  const met = [
    ...controls.filter((c) => (c === 'compliantDevice' && client.compliantDevice) || (c === 'domainJoinedDevice' && client.domainJoinedDevice)),
    ...(g.termsOfUse ?? []),
  ];
  if ((g.operator ?? 'OR') === 'OR' && met.length > 0) return NOTHING;
  return need;
}

/** Grant controls regsim reads and does not simulate beyond `grantNeed`'s assumption. */
export function unsimulatedControls(p: ConditionalAccessPolicy): string[] {
  if (typeof p.grant === 'string') return [];
  return [
    ...(p.grant.builtInControls ?? []).filter((c) => c !== 'mfa' && c !== 'block'),
    ...(p.grant.termsOfUse ?? []).map((t) => `termsOfUse ${t}`),
    ...(p.grant.customAuthenticationFactors ?? []).map((f) => `customAuthenticationFactor ${f}`),
  ];
}

// ─── a tenant's policies for one sign-in ────────────────────────────────────

/** What one applicable policy asks, its strength resolved against its own tenant's strengths (STR-05). */
export interface PolicyNeed extends Omit<GrantNeed, 'strength'> {
  policy: ConditionalAccessPolicy;
  strength: Strength | null;
}

/** INT-01, GATE-02, STR-05: the tenant's policies that apply to this sign-in for `target`, and what each asks. */
export function needsFor(
  tenant: Pick<Tenant, 'conditionalAccess' | 'authenticationStrengths' | 'directory' | 'namedLocations'>,
  signIn: Omit<SignIn, 'tenant'>, target: Target, opts: { reportOnly?: boolean } = {},
): PolicyNeed[] {
  const full: SignIn = { ...signIn, tenant };
  return tenant.conditionalAccess.filter((p) => appliesTo(p, target, full, opts)).map((policy) => {
    const need = grantNeed(policy, signIn.client);
    return { policy, ...need, strength: need.strength === null ? null : resolveStrength(need.strength, tenant.authenticationStrengths) };
  });
}

/** STR-05: the strength the applicable policies together ask for (see `combineStrengths`). */
export const strengthOfNeeds = (needs: readonly PolicyNeed[]): Strength | null =>
  combineStrengths(needs.flatMap((n) => (n.strength ? [n.strength] : [])));

/** A built-in strength by its id (as scenarios write it), any other as the strength itself. */
export const strengthRef = (s: Strength): StrengthId | Strength =>
  (Object.hasOwn(STRENGTHS, s.id) && STRENGTHS[s.id as StrengthId] === s ? (s.id as StrengthId) : s);

// ─── in words ───────────────────────────────────────────────────────────────

const audienceWords = (a: CaAudience): string[] => [
  ...(a.all ? ['all users'] : []), ...(a.none ? ['nobody'] : []),
  ...(a.users ?? []).map((u) => `user ${u}`), ...(a.groups ?? []).map((g) => `group ${g}`), ...(a.roles ?? []).map((r) => `role ${r}`),
  ...(a.guestsOrExternalUsers ? [`guests (${parseGuestTypes(a.guestsOrExternalUsers.types).join(', ')})`] : []),
];

/** Who a policy is for, in a few words. */
export function describeUsers(p: ConditionalAccessPolicy): string {
  if (typeof p.users === 'string') return p.users;
  const exclude = p.users.exclude ? audienceWords(p.users.exclude) : [];
  return `${audienceWords(p.users.include).join(', ') || 'nobody'}${exclude.length ? ` except ${exclude.join(', ')}` : ''}`;
}

/** What a policy grants with, in a few words. */
export function describeGrant(p: ConditionalAccessPolicy, strengthLabel: (ref: string) => string): string {
  const g = p.grant;
  if (g === 'mfa') return 'require multifactor authentication';
  if (g === 'block') return 'block';
  const parts = [
    ...(g.builtInControls ?? []).map((c) => (c === 'mfa' ? 'require multifactor authentication' : c === 'block' ? 'block' : `require ${c}`)),
    ...(g.authenticationStrength ? [`require authentication strength "${strengthLabel(g.authenticationStrength)}"`] : []),
  ];
  return parts.join(` ${(g.operator ?? 'OR').toLowerCase()} `) || 'no grant control';
}
