/**
 * Conditional Access policies (Graph conditionalAccessPolicy) and
 * authentication strengths (authenticationStrengthPolicy) → the tenant's
 * `conditionalAccess` and `authenticationStrengths`. A policy that the simple
 * scenario form says exactly (all users, all apps, `mfa`) is written in it;
 * any other keeps Graph's structure. Conditions regsim does not evaluate are
 * reported with what it assumes instead.
 */
import { BUILT_IN_STRENGTH_IDS, unknownModes } from '../domain/strengths.ts';
import { GRANT_CONTROLS, GUEST_TYPES, POLICY_STATES } from '../scenario/tenantSchema.ts';
import { ImportContext, isObject, present, strings } from './context.ts';
import type { JsonPath } from './json.ts';
import type { Item } from './sources.ts';

type Json = Record<string, unknown>;

/** Properties of a policy that describe it rather than set anything. */
const METADATA = new Set(['@odata.type', '@odata.context', 'id', 'displayName', 'description', 'createdDateTime', 'modifiedDateTime', 'deletedDateTime', 'templateId', 'partialEnablementStrategy']);

function audience(item: Item, path: JsonPath, ctx: ImportContext, u: Json, side: 'include' | 'exclude'): Json | undefined {
  const users = strings(u[`${side}Users`]);
  const a: Json = {};
  if (users.includes('All')) a.all = true;
  if (users.includes('None')) a.none = true;
  const ids = users.filter((x) => x !== 'All' && x !== 'None' && x !== 'GuestsOrExternalUsers');
  if (ids.length) a.users = ids;
  if (strings(u[`${side}Groups`]).length) a.groups = strings(u[`${side}Groups`]);
  if (strings(u[`${side}Roles`]).length) a.roles = strings(u[`${side}Roles`]);
  const g = u[`${side}GuestsOrExternalUsers`];
  // The legacy value GuestsOrExternalUsers in include/excludeUsers names every guest and external user.
  if (users.includes('GuestsOrExternalUsers')) a.guestsOrExternalUsers = { types: GUEST_TYPES.join(','), tenants: 'all' };
  else if (isObject(g)) {
    const t = isObject(g.externalTenants) ? g.externalTenants : undefined;
    const kind = t?.membershipKind ?? 'all';
    a.guestsOrExternalUsers = {
      types: typeof g.guestOrExternalUserTypes === 'string' ? g.guestOrExternalUserTypes : strings(g.guestOrExternalUserTypes).join(','),
      tenants: kind === 'enumerated' ? strings(t?.members) : 'all',
    };
    if (kind !== 'all' && kind !== 'enumerated') ctx.invalid(item, [...path, `${side}GuestsOrExternalUsers`, 'externalTenants', 'membershipKind'], `${JSON.stringify(kind)} is not a valid membershipKind; expected one of: all, enumerated`);
  }
  return Object.keys(a).length ? a : undefined;
}

function users(item: Item, ctx: ImportContext, u: unknown): unknown {
  if (!isObject(u)) return { include: { none: true } };
  const include = audience(item, ['conditions', 'users'], ctx, u, 'include') ?? { none: true };
  const exclude = audience(item, ['conditions', 'users'], ctx, u, 'exclude');
  if (include.all === true && Object.keys(include).length === 1 && !exclude) return 'all';
  return { include, ...(exclude ? { exclude } : {}) };
}

/** The grant; built-in strengths by regsim's id, custom ones collected into `strengths`. */
function grant(item: Item, ctx: ImportContext, g: unknown, strengths: Map<string, Json>): unknown {
  if (!isObject(g)) return { builtInControls: [] };
  const controls = strings(g.builtInControls);
  controls.forEach((c, i) => { if (!(GRANT_CONTROLS as readonly string[]).includes(c)) ctx.invalid(item, ['grantControls', 'builtInControls', i], `${JSON.stringify(c)} is not a valid grant control; expected one of: ${GRANT_CONTROLS.join(', ')}`); });
  const known = controls.filter((c) => (GRANT_CONTROLS as readonly string[]).includes(c));
  const operator = g.operator === 'AND' ? 'AND' : 'OR';
  if (g.operator !== undefined && g.operator !== null && g.operator !== 'AND' && g.operator !== 'OR') ctx.invalid(item, ['grantControls', 'operator'], `${JSON.stringify(g.operator)} is not a valid operator; expected one of: OR, AND`);
  let strength: string | undefined;
  if (isObject(g.authenticationStrength)) {
    const s = g.authenticationStrength;
    const id = String(s.id ?? '');
    strength = BUILT_IN_STRENGTH_IDS[id] ?? id;
    if (!BUILT_IN_STRENGTH_IDS[id]) strengths.set(id, s);
  }
  const termsOfUse = strings(g.termsOfUse);
  const custom = strings(g.customAuthenticationFactors);
  if (known.length === 1 && known[0] === 'mfa' && !strength && !termsOfUse.length && !custom.length) return 'mfa';
  if (known.length === 1 && known[0] === 'block' && !strength) return 'block';
  if (known.length === 0 && strength && !termsOfUse.length && !custom.length) return { authenticationStrength: strength };
  return {
    operator, builtInControls: known, ...(strength ? { authenticationStrength: strength } : {}),
    ...(termsOfUse.length ? { termsOfUse } : {}), ...(custom.length ? { customAuthenticationFactors: custom } : {}),
  };
}

const CONDITION_ASSUMPTIONS: Record<string, string> = {
  servicePrincipalRiskLevels: 'applies to workload identities, never to a user signing in',
  insiderRiskLevels: 'regsim\'s users carry no insider risk, so the policy is treated as applying',
  devices: 'a device filter is not evaluated: the policy is treated as applying to every device',
  clientApplications: 'applies to workload identities, never to a user signing in',
  authenticationFlows: 'device code and authentication transfer flows are not the sign-ins regsim simulates; the policy is treated as applying',
};

function conditions(item: Item, ctx: ImportContext, c: Json, p: Json): void {
  const name = String(item.value.displayName ?? item.value.id);
  const out: Json = {};
  const platforms = isObject(c.platforms) ? c.platforms : undefined;
  if (platforms && strings(platforms.includePlatforms).length) out.platforms = { include: strings(platforms.includePlatforms), exclude: strings(platforms.excludePlatforms) };
  const types = strings(c.clientAppTypes);
  if (types.length && !types.includes('all')) out.clientAppTypes = types;
  for (const risk of ['signInRiskLevels', 'userRiskLevels'] as const) {
    if (!strings(c[risk]).length) continue;
    out[risk] = strings(c[risk]);
    ctx.note(item, ['conditions', risk], 'assumed', `${name}: conditions.${risk}`, 'regsim\'s sign-ins carry no risk: the policy applies only if it names the level none', c[risk]);
  }
  for (const [prop, why] of Object.entries(CONDITION_ASSUMPTIONS)) {
    if (present(c[prop])) ctx.note(item, ['conditions', prop], 'notSimulated', `${name}: conditions.${prop}`, why, c[prop]);
  }
  if (Object.keys(out).length) p.conditions = out;
}

function applications(item: Item, ctx: ImportContext, a: unknown, p: Json): void {
  if (!isObject(a)) return;
  const include = strings(a.includeApplications);
  const exclude = strings(a.excludeApplications);
  const userActions = strings(a.includeUserActions);
  const contexts = strings(a.includeAuthenticationContextClassReferences);
  const name = String(item.value.displayName ?? item.value.id);
  if (present(a.applicationFilter)) ctx.note(item, ['conditions', 'applications', 'applicationFilter'], 'notSimulated', `${name}: conditions.applications.applicationFilter`, 'an application filter is not evaluated: the policy is treated as applying to the applications it names', a.applicationFilter);
  if (contexts.length) ctx.note(item, ['conditions', 'applications', 'includeAuthenticationContextClassReferences'], 'notSimulated', `${name}: includeAuthenticationContextClassReferences`, 'an authentication context is asked for by an app action, never by signing in or registering', contexts);
  if (userActions.some((x) => x !== 'urn:user:registersecurityinfo')) ctx.note(item, ['conditions', 'applications', 'includeUserActions'], 'notSimulated', `${name}: includeUserActions`, 'only the "Register security information" user action is part of registration', userActions);
  if (include.length === 1 && include[0] === 'All' && !exclude.length && !userActions.length && !contexts.length) return;
  if (!include.length && !exclude.length && !contexts.length && userActions.length === 1 && userActions[0] === 'urn:user:registersecurityinfo') { p.target = 'registerSecurityInfo'; return; }
  p.applications = { include, exclude, userActions, authenticationContexts: contexts };
}

function locations(l: unknown, p: Json): void {
  if (!isObject(l)) return;
  const include = strings(l.includeLocations);
  const exclude = strings(l.excludeLocations);
  if (include.length === 1 && include[0] === 'All' && !exclude.length) return;
  if (include.length === 1 && include[0] === 'All' && exclude.length === 1 && exclude[0] === 'AllTrusted') { p.exceptTrustedLocations = true; return; }
  p.locations = { include: include.length ? include : ['All'], exclude };
}

/** One policy; `strengths` gathers the custom strengths its grant embeds. */
function policy(item: Item, ctx: ImportContext, strengths: Map<string, Json>): Json {
  const v = item.value;
  const name = typeof v.displayName === 'string' && v.displayName ? v.displayName : String(v.id ?? 'unnamed policy');
  const p: Json = { name, ...(typeof v.id === 'string' ? { id: v.id } : {}) };
  const state = ctx.oneOf(item, ['state'], v.state, POLICY_STATES, 'policy state');
  if (state) p.state = state;
  const c = isObject(v.conditions) ? v.conditions : {};
  p.users = users(item, ctx, c.users);
  applications(item, ctx, c.applications, p);
  locations(c.locations, p);
  conditions(item, ctx, c, p);
  p.grant = grant(item, ctx, v.grantControls, strengths);
  if (present(v.sessionControls) && isObject(v.sessionControls) && Object.values(v.sessionControls).some(present)) {
    ctx.note(item, ['sessionControls'], 'notSimulated', `${name}: sessionControls`, 'session controls (sign-in frequency, persistent browser, app restrictions) act after sign-in, not on registration', v.sessionControls);
  }
  for (const k of Object.keys(v)) {
    if (!METADATA.has(k) && !['state', 'conditions', 'grantControls', 'sessionControls'].includes(k) && !k.endsWith('@odata.context')) {
      ctx.note(item, [k], 'notSimulated', `${name}: ${k}`, 'a property regsim does not know', v[k]);
    }
  }
  return p;
}

export interface ConditionalAccessImport {
  policies: Json[];
  strengths: Json[];
}

/** Every policy, in the order Graph lists them by id (deterministic across exports). */
export function importConditionalAccess(items: readonly Item[], ctx: ImportContext): ConditionalAccessImport {
  const strengths = new Map<string, Json>();
  const policies = items.filter((i) => i.kind === 'conditionalAccessPolicy')
    .sort((a, b) => (String(a.value.displayName) < String(b.value.displayName) ? -1 : String(a.value.displayName) > String(b.value.displayName) ? 1 : 0))
    .map((item, i) => {
      const p = policy(item, ctx, strengths);
      ctx.comment(['conditionalAccess', i], `conditionalAccessPolicy ${String(item.value.id ?? '')} (${item.doc.file})`);
      return p;
    });
  for (const item of items.filter((i) => i.kind === 'strength')) {
    const id = String(item.value.id ?? '');
    if (item.value.policyType === 'builtIn' || BUILT_IN_STRENGTH_IDS[id]) continue;
    strengths.set(id, item.value);
    strings(item.value.allowedCombinations).forEach((c, j) => {
      for (const mode of unknownModes(c)) ctx.note(item, ['allowedCombinations', j], 'notSimulated', `${String(item.value.displayName)}: allowedCombinations "${c}"`, `the mode ${mode} is not registered in security info: the combination is never met in regsim`, c);
    });
    if (Array.isArray(item.value.combinationConfigurations) && item.value.combinationConfigurations.length) {
      ctx.note(item, ['combinationConfigurations'], 'notSimulated', `${String(item.value.displayName)}: combinationConfigurations`, 'restrictions on which keys or certificates satisfy a combination: regsim has no key model', item.value.combinationConfigurations);
    }
  }
  const defs = [...strengths.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, s]) => ({
    id, name: typeof s.displayName === 'string' ? s.displayName : id, allowedCombinations: strings(s.allowedCombinations),
  }));
  defs.forEach((d, i) => ctx.comment(['authenticationStrengths', i], `authenticationStrengthPolicy ${d.id} (custom)`));
  return { policies, strengths: defs };
}
