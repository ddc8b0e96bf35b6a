/** The situation of a scenario in words a tester can set up in a real tenant. */
import { METHODS } from '../domain/methods.ts';
import { methodOf } from '../domain/policy.ts';
import { STRENGTHS } from '../domain/strengths.ts';
import type { Scenario } from '../scenario/schema.ts';

const labels = (ms: readonly string[]): string => ms.map((m) => METHODS[m as keyof typeof METHODS]?.label ?? m).join(', ') || 'none';

export function setupLines(s: Scenario): string[] {
  const t = s.tenant;
  const lines = [
    `the tenant enables ${labels(t.authenticationMethods.enabled)} in the Authentication methods policy`,
    t.sspr.enabledFor === 'none'
      ? 'SSPR is off'
      : `SSPR is on for ${t.sspr.enabledFor === 'all' ? 'all users' : 'a selected group'}, ${t.sspr.methodsRequired} method(s) to reset, registration at sign-in ${t.sspr.requireRegistration ? 'required' : 'not required'}`,
  ];
  if (t.mfaRegistration.identityProtection) lines.push('Identity Protection enforces MFA registration');
  for (const p of t.conditionalAccess.filter((x) => x.enabled)) {
    const grant = typeof p.grant === 'object' ? `require authentication strength "${STRENGTHS[p.grant.authenticationStrength].label}"` : p.grant === 'mfa' ? 'require multifactor authentication' : 'block';
    lines.push(`Conditional Access "${p.name}" for ${p.users} on ${p.target === 'registerSecurityInfo' ? 'the user action Register security information' : 'all resources'}: ${grant}${p.exceptTrustedLocations ? ', except trusted locations' : ''}`);
  }
  if (t.crossTenant.trustMfa) lines.push('cross-tenant access trusts MFA from the home tenant');
  if (t.propagation) lines.push(`the policy was changed ${t.propagation.changedMinutesAgo} minutes ago (propagation window ${t.propagation.windowMinutes} minutes)`);
  const u = s.user;
  lines.push(`the user is a ${u.type}${u.adminRole !== 'none' ? ` with the ${u.adminRole} role` : ''} holding ${labels(u.methods.map(methodOf))}${u.tap ? ', with a Temporary Access Pass' : ''}${u.perUserMfa !== 'disabled' ? `, per-user MFA ${u.perUserMfa}` : ''}${u.businessPhone ? ', business phone set' : ''}`);
  if (u.home) lines.push(`the home tenant enables ${labels(u.home.authenticationMethods.enabled)}; the guest holds ${labels(u.home.methods.map(methodOf))} there${u.home.tap ? ' and has a TAP' : ''}`);
  lines.push(`the user signs in with ${s.client.app === 'browser' ? `a browser on ${s.client.os}${s.client.privateWindow ? ' (private window)' : ''}` : s.client.app === 'windowsApp' ? `the Windows App on ${s.client.os}` : s.client.app} from a ${s.location} location`);
  return lines;
}
