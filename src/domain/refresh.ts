/**
 * SSPR refresh (REF-*): who is asked to review security info at sign-in, and
 * what the review page lists. Pure functions over the scenario and the
 * methods held.
 */
import { METHOD_IDS, bySecurity, isMfaMethod, type MethodId } from './methods.ts';
import { evaluate, methodOf } from './policy.ts';
import type { RegisteredMethod, Scenario } from '../scenario/schema.ts';

/**
 * REF-01: every registered method, MFA methods first, each group most secure
 * first (MTH-05; methods MTH-05 does not rank follow in catalogue order).
 */
export function reviewList(held: readonly RegisteredMethod[]): MethodId[] {
  const methods = [...new Set(held.map(methodOf))];
  const rank = (m: MethodId) => (isMfaMethod(m) ? 0 : 1);
  return methods.sort((a, b) => rank(a) - rank(b) || bySecurity(a, b) || METHOD_IDS.indexOf(a) - METHOD_IDS.indexOf(b));
}

/** How a sign-in reaches (or does not reach) the review page. */
export type RefreshEntry = 'blankPage' | 'blocked' | 'notDue' | 'mfaFirst' | 'tap' | 'open';

/**
 * GATE-03, GATE-02, REF-01, GATE-01, in that order: a legacy client shows a
 * blank page; Conditional Access on the user action blocks; a sign-in whose
 * decision is not a refresh has no review; otherwise MFA (or a TAP) comes
 * before the page ("Users must perform multifactor authentication to access
 * this page" [C]).
 */
export function refreshEntry(scenario: Scenario): RefreshEntry {
  const d = evaluate(scenario);
  if (d.gate === 'blankPage' || d.gate === 'blocked') return d.gate;
  if (d.wizard !== 'refresh') return 'notDue';
  return d.gate;
}
