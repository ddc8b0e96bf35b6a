/** Admin operations on combined registration (ADM-*). */
import { hasMfaMethod } from './policy.ts';
import { isStrongAuthenticationMethod, type MethodId } from './methods.ts';
import { methodOf } from './policy.ts';
import type { Scenario } from '../scenario/schema.ts';

/**
 * ADM-01: once a user has registered MFA-capable methods through combined
 * registration, the legacy SSPR registration page asks for MFA first.
 */
export const legacySsprSetupNeedsMfa = (held: readonly MethodId[]): boolean => hasMfaMethod(held);

export type RollbackOutcome = 'rolledBack' | 'notEligible';

/**
 * ADM-02: the rollback script resets StrongAuthenticationMethods only when the
 * user has some and is not per-user-MFA-enabled; otherwise "no action".
 */
export function rollback(user: { strongAuthenticationMethods: number; perUserMfa: 'disabled' | 'enabled' | 'enforced' }): RollbackOutcome {
  return user.strongAuthenticationMethods > 0 && user.perUserMfa === 'disabled' ? 'rolledBack' : 'notEligible';
}

/**
 * ADM-01, ADM-02: how a user enters the legacy SSPR registration page once
 * combined registration is disabled. The rollback script clears the phone and
 * app methods (StrongAuthenticationMethods) of an eligible user; whoever still
 * holds an MFA method after that (a passkey, say) meets the MFA prompt.
 */
export function legacySsprEntry(s: Scenario): 'rolledBack' | 'mfaFirst' | 'open' {
  const held = s.user.methods.map(methodOf);
  const stamped = held.filter(isStrongAuthenticationMethod);
  const rolledBack = s.user.rolledBack && rollback({ strongAuthenticationMethods: stamped.length, perUserMfa: s.user.perUserMfa }) === 'rolledBack';
  const left = rolledBack ? held.filter((m) => !isStrongAuthenticationMethod(m)) : held;
  if (legacySsprSetupNeedsMfa(left)) return 'mfaFirst';
  return rolledBack ? 'rolledBack' : 'open';
}
