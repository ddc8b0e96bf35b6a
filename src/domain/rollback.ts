/**
 * ADM-02: the rollback script of the troubleshooting article [T] — who is
 * eligible, what it prints, and what the user holds afterwards. It clears
 * "the StrongAuthenticationMethods property for a user's mobile app and/or
 * phone number", so "they'll need to re-register for multifactor
 * authentication if they need it".
 */
import { isStrongAuthenticationMethod } from './methods.ts';
import type { RegisteredMethod, Scenario } from '../scenario/schema.ts';

const methodOf = (r: RegisteredMethod) => (typeof r === 'string' ? r : r.method);

export type RollbackOutcome = 'rolledBack' | 'notEligible';

/** ADM-02: the rollback script's verdict, and why a user is not eligible. */
export const ROLLBACK_DECISIONS = ['eligible', 'notEligible'] as const;
export const ROLLBACK_REASONS = ['perUserMfa', 'noStrongAuthenticationMethods'] as const;
export type RollbackReason = (typeof ROLLBACK_REASONS)[number];

export interface RollbackDecision {
  decision: (typeof ROLLBACK_DECISIONS)[number];
  /** Why not eligible; empty when eligible. */
  reasons: RollbackReason[];
  /** What the script prints for the user [T], in order. */
  output: string[];
}

/**
 * ADM-02, the seed's script: a user "is eligible for rollback" when
 * `StrongAuthenticationMethods.Count -gt 0 -and -not $hasMfaRelyingParty`,
 * where a requirement with relying party "*" means "User was enabled for
 * per-user MFA" (per-user MFA enabled or enforced); otherwise "is not
 * eligible for rollback. No action required."
 */
export function rollbackDecision(user: Pick<Scenario['user'], 'name' | 'methods' | 'perUserMfa'>): RollbackDecision {
  const stamped = user.methods.map(methodOf).filter(isStrongAuthenticationMethod).length;
  const perUser = user.perUserMfa !== 'disabled';
  const reasons: RollbackReason[] = [...(perUser ? ['perUserMfa' as const] : []), ...(stamped === 0 ? ['noStrongAuthenticationMethods' as const] : [])];
  const output = [
    ...(perUser ? ['User was enabled for per-user MFA.'] : []),
    reasons.length === 0
      ? `${user.name} is eligible for rollback`
      : `${user.name} is not eligible for rollback. No action required.`,
  ];
  return { decision: reasons.length === 0 ? 'eligible' : 'notEligible', reasons, output };
}

/** ADM-02: what running the script does to the user. */
export const rollback = (user: Pick<Scenario['user'], 'name' | 'methods' | 'perUserMfa'>): RollbackOutcome =>
  (rollbackDecision(user).decision === 'eligible' ? 'rolledBack' : 'notEligible');


/**
 * ADM-02: the methods the user holds once the admin's rollback ran
 * (`rolledBack`): an eligible user's phones and apps are gone; anyone else
 * keeps everything ("No action required").
 */
export function methodsHeld(user: Pick<Scenario['user'], 'name' | 'methods' | 'perUserMfa' | 'rolledBack'>): Scenario['user']['methods'] {
  if (!user.rolledBack || rollback(user) !== 'rolledBack') return user.methods;
  return user.methods.filter((r) => !isStrongAuthenticationMethod(methodOf(r)));
}
