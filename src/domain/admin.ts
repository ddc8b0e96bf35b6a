/** Admin operations on combined registration (ADM-*). */
import { hasMfaMethod } from './policy.ts';
import type { MethodId } from './methods.ts';
import { methodOf } from './policy.ts';
import { methodsHeld, rollback } from './rollback.ts';
import type { Scenario } from '../scenario/schema.ts';

/**
 * ADM-01: once a user has registered MFA-capable methods through combined
 * registration, the legacy SSPR registration page asks for MFA first.
 */
export const legacySsprSetupNeedsMfa = (held: readonly MethodId[]): boolean => hasMfaMethod(held);

/**
 * ADM-01, ADM-02: how a user enters the legacy SSPR registration page once
 * combined registration is disabled. The rollback script clears the phone and
 * app methods (StrongAuthenticationMethods) of an eligible user; whoever still
 * holds an MFA method after that (a passkey, say) meets the MFA prompt.
 */
export function legacySsprEntry(s: Scenario): 'rolledBack' | 'mfaFirst' | 'open' {
  const rolledBack = s.user.rolledBack && rollback(s.user) === 'rolledBack';
  if (legacySsprSetupNeedsMfa(methodsHeld(s.user).map(methodOf))) return 'mfaFirst';
  return rolledBack ? 'rolledBack' : 'open';
}
