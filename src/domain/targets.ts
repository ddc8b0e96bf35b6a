/**
 * MTH-01 "A method is offered only if the Authentication methods policy
 * enables it for the user": the per-method include and exclude targets
 * (Graph's includeTargets / excludeTargets: all users, groups, users),
 * applied to one user. The machines, the Security info page and the policy
 * engine read `authenticationMethods.enabled` as the methods enabled for the
 * scenario's user, so a scenario is narrowed once, when it is loaded
 * (`forUser`), and everything downstream agrees.
 */
import { inGroup, isUser, whoAtHome, whoOf, type Who } from './directory.ts';
import type { MethodId } from './methods.ts';
import type { AuthenticationMethodsPolicy, Scenario } from '../scenario/schema.ts';
import type { Directory, MethodAudience, MethodTarget, MethodTargetKey } from '../scenario/tenantSchema.ts';

function audienceHas(a: MethodAudience, who: Who, dir: Directory): boolean {
  return a.all === true || (a.groups ?? []).some((g) => inGroup(who, g, dir)) || (a.users ?? []).some((u) => isUser(who, u, dir));
}

/** MTH-01: the target includes the user and does not exclude them. */
export const targeted = (t: MethodTarget, who: Who, dir: Directory): boolean =>
  audienceHas(t.include, who, dir) && !(t.exclude && audienceHas(t.exclude, who, dir));

/** MTH-01: the methods policy as it applies to one user: enabled methods they are not targeted by are off. */
export function methodsPolicyFor(policy: AuthenticationMethodsPolicy, who: Who, dir: Directory): AuthenticationMethodsPolicy {
  const targets = policy.targets;
  if (!targets) return policy;
  const on = (key: MethodTargetKey) => { const t = targets[key]; return t === undefined || targeted(t, who, dir); };
  return {
    ...policy,
    enabled: policy.enabled.filter((m: MethodId) => on(m)),
    sms: policy.sms && on('sms'),
    voiceCalls: policy.voiceCalls && on('voiceCalls'),
  };
}

/**
 * The scenario as its user meets it: each tenant's methods policy narrowed
 * by its targets (MTH-01) and the SSPR group decided by the user's groups
 * (SSPR-01) — the resource tenant's (and its previous one,
 * GATE-04) for the user, the home tenant's for the guest as a member there.
 * Idempotent: the targets stay, and narrowing twice changes nothing.
 */
export function forUser(s: Scenario): Scenario {
  const who = whoOf(s);
  const dir = s.tenant.directory;
  const p = s.tenant.propagation;
  const previous = p?.previous.authenticationMethods;
  const home = s.user.home;
  // SSPR-01: with the selected group named, membership of it decides, not the `inSsprGroup` shorthand.
  const ssprGroups = s.tenant.sspr.groups;
  const inSsprGroup = ssprGroups ? ssprGroups.some((g) => inGroup(who, g, dir)) : s.user.inSsprGroup;
  return {
    ...s,
    tenant: {
      ...s.tenant,
      authenticationMethods: methodsPolicyFor(s.tenant.authenticationMethods, who, dir),
      ...(p && previous ? { propagation: { ...p, previous: { ...p.previous, authenticationMethods: methodsPolicyFor(previous, who, dir) } } } : {}),
    },
    user: {
      ...s.user, inSsprGroup,
      ...(home ? { home: { ...home, authenticationMethods: methodsPolicyFor(home.authenticationMethods, whoAtHome(s), home.directory) } } : {}),
    },
  };
}
