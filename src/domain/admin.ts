/** Admin operations on combined registration (ADM-*). */
import { hasMfaMethod } from './policy.ts';
import type { MethodId } from './methods.ts';

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
