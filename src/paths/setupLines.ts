/**
 * The situation of a scenario in words a tester can set up in a real tenant:
 * every setting that changes the outcome, and nothing left at its default.
 */
import { DEFAULT_OPTIONS, asDefaultOption } from '../domain/defaultOptions.ts';
import { METHODS, type MethodId } from '../domain/methods.ts';
import { resolveStrength } from '../domain/strengths.ts';
import { describeGrant, describeUsers, policyState } from '../domain/conditionalAccess.ts';
import type { RegisteredMethod, Scenario, Tenant } from '../scenario/schema.ts';

const labels = (ms: readonly MethodId[]): string => ms.map((m) => METHODS[m].label).join(', ') || 'none';

/** One held method as a tester registers it: how many, a virtual number (MTH-06), phone sign-in (STR-05). */
function heldLabel(r: RegisteredMethod): string {
  if (typeof r === 'string') return METHODS[r].label;
  const notes = [
    ...(r.count > 1 ? [`×${r.count}`] : []),
    ...(r.virtual ? ['a virtual number'] : []),
    ...(r.passwordless ? ['phone sign-in enabled'] : []),
  ];
  return `${METHODS[r.method].label}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

const heldLabels = (list: readonly RegisteredMethod[]): string => list.map(heldLabel).join(', ') || 'none';

/** MTH-04: the default sign-in option as the page names it, e.g. ` (default: Phone call)`. */
function defaultLabel(value: Scenario['user']['defaultMethod']): string {
  const o = asDefaultOption(value);
  return o ? ` (default: ${DEFAULT_OPTIONS[o].label})` : '';
}

/** The settings of one tenant; `where` prefixes them for a guest's home tenant. */
function tenantLines(t: Pick<Tenant, keyof Tenant & keyof NonNullable<Scenario['user']['home']>>, where: string): string[] {
  const m = t.authenticationMethods;
  const lines = [`${where} enables ${labels(m.enabled)} in the Authentication methods policy`
    + `${m.voiceCalls ? '' : ', voice calls off'}${m.sms ? '' : ', text messages off'}${m.passkey.selfServiceSetup ? '' : ', passkey self-service setup off'}`];
  const sspr = t.sspr;
  lines.push(sspr.enabledFor === 'none'
    ? `in ${where}, SSPR is off`
    : `in ${where}, SSPR is on for ${sspr.enabledFor === 'all' ? 'all users' : 'a selected group'}, ${sspr.methodsRequired} method(s) to reset`
      + `${sspr.methods ? ` from ${labels(sspr.methods)}` : ''}, registration at sign-in ${sspr.requireRegistration ? 'required' : 'not required'}`
      + `, reconfirm ${sspr.reconfirmDays > 0 ? `every ${sspr.reconfirmDays} days` : 'never'}`);
  if (t.mfaRegistration.identityProtection) lines.push(`in ${where}, Identity Protection enforces MFA registration`);
  for (const p of t.conditionalAccess.filter((x) => policyState(x) === 'enabled')) {
    const grant = describeGrant(p, (ref) => resolveStrength(ref, t.authenticationStrengths)?.label ?? ref);
    const target = p.applications ? (p.applications.userActions.length ? `the user actions ${p.applications.userActions.join(', ')}` : `applications ${p.applications.include.join(', ')}`)
      : p.target === 'registerSecurityInfo' ? 'the user action Register security information' : 'all resources';
    lines.push(`in ${where}, Conditional Access "${p.name}" for ${describeUsers(p)} on ${target}: ${grant}${p.exceptTrustedLocations ? ', except trusted locations' : ''}`);
  }
  if (t.crossTenant.trustMfa) lines.push(`in ${where}, cross-tenant access trusts MFA from the home tenant`);
  if (!t.combinedRegistration) lines.push(`in ${where}, combined security info registration is disabled (user feature settings: None)`);
  return lines;
}

export function setupLines(s: Scenario): string[] {
  const t = s.tenant;
  const lines = tenantLines(t, 'the tenant');
  if (t.propagation) lines.push(`the policy was changed ${t.propagation.changedMinutesAgo} minutes ago (propagation window ${t.propagation.windowMinutes} minutes)`);
  const u = s.user;
  const facts = [
    ...(u.adminRole !== 'none' ? [`with the ${u.adminRole} role`] : []),
    ...(t.sspr.enabledFor === 'selected' ? [u.inSsprGroup ? 'in the SSPR group' : 'not in the SSPR group'] : []),
  ];
  lines.push(`the user is a ${u.type}${facts.length ? ` ${facts.join(', ')}` : ''} holding ${heldLabels(u.methods)}`
    + `${defaultLabel(u.defaultMethod)}${u.tap ? ', with a Temporary Access Pass' : ''}`
    + `${u.perUserMfa !== 'disabled' ? `, per-user MFA ${u.perUserMfa}` : ''}${u.businessPhone ? ', business phone set' : ''}`);
  if (u.lastReviewedDaysAgo !== null) lines.push(`the user last reviewed their security info ${u.lastReviewedDaysAgo} days ago`);
  if (u.rolledBack) lines.push("an admin ran the rollback script for the user's StrongAuthenticationMethods");
  if (u.home) {
    lines.push(...tenantLines(u.home, 'the home tenant'));
    lines.push(`the guest holds ${heldLabels(u.home.methods)} in the home tenant${u.home.tap ? ' and has a TAP there' : ''}`
      + `; the session carries ${u.homeMfaClaim === false ? 'no MFA claim from home' : `an MFA claim from home${typeof u.homeMfaClaim === 'string' ? ` (MFA done with ${METHODS[u.homeMfaClaim].label})` : ''}`}`);
  }
  lines.push(`the user signs in with ${s.client.app === 'browser' ? `a browser on ${s.client.os}${s.client.privateWindow ? ' (private window)' : ''}` : s.client.app === 'windowsApp' ? `the Windows App on ${s.client.os}` : s.client.app} from a ${s.location} location`);
  return lines;
}
