/**
 * Semantic checks for the tenant forms that issue 11 added (per-method
 * targets, Graph-style Conditional Access, custom strengths, partners, named
 * locations): references that name nothing, spellings Graph would reject,
 * and two forms of one setting given at once. Each problem names the field
 * and what would be valid.
 */
import { AUTH_METHOD_BITS } from '../domain/authMethods.ts';
import { unknownGuestTypes } from '../domain/directory.ts';
import { DIRECTORY_ROLES, findRole } from '../domain/directoryRoles.ts';
import { STRENGTH_IDS, parseCombination, resolveStrength } from '../domain/strengths.ts';
import { suggestion, type Diagnostic, type PathSegment, type Severity } from './diagnostics.ts';
import { GUEST_TYPES } from './tenantSchema.ts';
import type { Scenario, Tenant } from './schema.ts';

export type TenantReport = (path: PathSegment[], message: string, severity?: Severity) => Diagnostic;

/** Graph authenticationMethodModes regsim knows, and those Graph has that regsim does not simulate. */
const MODES = Object.keys(AUTH_METHOD_BITS);
const GRAPH_ONLY_MODES = ['qrCodePin'];
const WELL_KNOWN_LOCATIONS = ['All', 'AllTrusted', '00000000-0000-0000-0000-000000000000'];

type CaPolicy = Tenant['conditionalAccess'][number];

function checkStrengthRefs(t: Tenant, report: TenantReport, out: Diagnostic[], base: PathSegment[]): void {
  t.conditionalAccess.forEach((p, i) => {
    if (typeof p.grant !== 'object' || p.grant.authenticationStrength === undefined) return;
    const ref = p.grant.authenticationStrength;
    if (resolveStrength(ref, t.authenticationStrengths)) return;
    const valid = [...STRENGTH_IDS, ...t.authenticationStrengths.flatMap((d) => [d.id, d.name])];
    out.push(report([...base, 'conditionalAccess', i, 'grant', 'authenticationStrength'],
      `"${ref}" is not valid; expected one of: ${valid.join(', ')}${t.authenticationStrengths.length ? '' : ', or the id or name of a strength in tenant.authenticationStrengths'}${suggestion(ref, valid)}`));
  });
}

function checkCombinations(t: Tenant, report: TenantReport, out: Diagnostic[], base: PathSegment[]): void {
  t.authenticationStrengths.forEach((d, i) => d.allowedCombinations.forEach((c, j) => {
    const at = [...base, 'authenticationStrengths', i, 'allowedCombinations', j];
    for (const mode of parseCombination(c)) {
      if (MODES.includes(mode)) continue;
      if (GRAPH_ONLY_MODES.includes(mode)) {
        out.push(report(at, `"${mode}" is read, not simulated: no method registered in security info gives it, so the combination "${c}" is never met here`, 'warning'));
      } else {
        out.push(report(at, `"${mode}" is not an authentication method mode; expected one of: ${[...MODES, ...GRAPH_ONLY_MODES].join(', ')}${suggestion(mode, MODES)}`));
      }
    }
  }));
}

function checkGuestTypes(p: CaPolicy, report: TenantReport, out: Diagnostic[], at: PathSegment[]): void {
  if (typeof p.users === 'string') return;
  for (const side of ['include', 'exclude'] as const) {
    const g = p.users[side]?.guestsOrExternalUsers;
    if (!g) continue;
    for (const bad of unknownGuestTypes(g.types)) {
      out.push(report([...at, 'users', side, 'guestsOrExternalUsers', 'types'],
        `"${bad}" is not a guest or external user type; expected one of: ${GUEST_TYPES.join(', ')}${suggestion(bad, GUEST_TYPES)}`));
    }
  }
}

function checkRoles(refs: readonly string[] | undefined, t: Pick<Tenant, 'directory'>, report: TenantReport, out: Diagnostic[], at: PathSegment[]): void {
  (refs ?? []).forEach((r, k) => {
    if (findRole(r) || Object.hasOwn(t.directory.roles, r) || Object.values(t.directory.roles).includes(r)) return;
    out.push(report([...at, k], `"${r}" is not a directory role regsim knows; it matches only a user whose roles name it the same way${suggestion(r, DIRECTORY_ROLES.map((x) => x.displayName))}`, 'warning'));
  });
}

function checkPolicyForms(t: Tenant, report: TenantReport, out: Diagnostic[], base: PathSegment[]): void {
  const names = t.namedLocations.flatMap((l) => [l.id, l.name]);
  t.conditionalAccess.forEach((p, i) => {
    const at = [...base, 'conditionalAccess', i];
    if (p.state !== undefined && !p.enabled) out.push(report([...at, 'state'], 'give either state or enabled, not both: state says how Entra runs the policy'));
    if (p.applications && p.target !== 'allResources') out.push(report([...at, 'applications'], 'give either target or applications, not both'));
    if (p.locations && p.exceptTrustedLocations) out.push(report([...at, 'locations'], 'give either exceptTrustedLocations or locations, not both (locations: { exclude: [AllTrusted] } says the same)'));
    checkGuestTypes(p, report, out, at);
    if (typeof p.users !== 'string') {
      checkRoles(p.users.include.roles, t, report, out, [...at, 'users', 'include', 'roles']);
      checkRoles(p.users.exclude?.roles, t, report, out, [...at, 'users', 'exclude', 'roles']);
    }
    for (const side of ['include', 'exclude'] as const) {
      (p.locations?.[side] ?? []).forEach((ref, k) => {
        if (WELL_KNOWN_LOCATIONS.includes(ref) || names.includes(ref)) return;
        out.push(report([...at, 'locations', side, k],
          `"${ref}" is not All, AllTrusted or one of tenant.namedLocations (${names.join(', ') || 'none'}), so no sign-in is there${suggestion(ref, [...WELL_KNOWN_LOCATIONS, ...names])}`, 'warning'));
      });
    }
  });
}

function checkPartners(t: Tenant, report: TenantReport, out: Diagnostic[], base: PathSegment[]): void {
  const seen = new Set<string>();
  t.crossTenant.partners.forEach((p, i) => {
    if (seen.has(p.tenantId)) out.push(report([...base, 'crossTenant', 'partners', i, 'tenantId'], `partner ${p.tenantId} is listed twice; each tenant has one partner configuration`));
    seen.add(p.tenantId);
  });
}

/** Every tenant check; `base` prefixes paths (['tenant'] inside a scenario, [] in a tenant file). */
export function checkTenant(t: Tenant, report: TenantReport, base: PathSegment[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkStrengthRefs(t, report, out, base);
  checkCombinations(t, report, out, base);
  checkPolicyForms(t, report, out, base);
  checkPartners(t, report, out, base);
  return out;
}

/** The scenario's own references into its tenant: the sign-in location, the user's guest type and roles. */
export function checkScenarioTenant(s: Scenario, report: TenantReport): Diagnostic[] {
  const out = checkTenant(s.tenant, report, ['tenant']);
  if (s.user.home) out.push(...checkTenant({ ...s.user.home, propagation: undefined }, report, ['user', 'home']));
  const named = s.tenant.namedLocations.flatMap((l) => [l.id, l.name]);
  if (s.location !== 'trusted' && s.location !== 'untrusted' && !named.includes(s.location)) {
    const valid = ['trusted', 'untrusted', ...named];
    out.push(report(['location'], `"${s.location}" is not valid; expected one of: ${valid.join(', ')}${suggestion(s.location, valid)}`));
  }
  const g = s.user.guestType;
  if (g !== undefined && (s.user.type === 'guest') === (g === 'internalGuest')) {
    out.push(report(['user', 'guestType'], s.user.type === 'guest'
      ? 'an internalGuest is a local account that signs in here: write user.type: member with guestType: internalGuest'
      : `a ${g} is an external user with a home tenant: write user.type: guest`));
  }
  checkRoles(s.user.roles, s.tenant, report, out, ['user', 'roles']);
  return out;
}
