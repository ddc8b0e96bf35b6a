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
export type RefreshEntry = 'blankPage' | 'blocked' | 'notDue' | 'legacy' | 'mfaFirst' | 'tap' | 'open';

/**
 * REF-01 first: a sign-in with nothing due is never sent to security info, so
 * it meets none of the page's gates. A sign-in that is sent there meets
 * GATE-03 (a legacy client shows a blank page "when directed to the My
 * Sign-ins page" [C]) and GATE-02 (Conditional Access on the user action),
 * which `evaluate` applies to interrupted users only. With combined
 * registration off (ADM-01) the review moves to the legacy SSPR page. Then, for a review, MFA
 * (or a TAP) comes before the page ("Users must perform multifactor
 * authentication to access this page" [C]).
 */
export function refreshEntry(scenario: Scenario): RefreshEntry {
  const d = evaluate(scenario);
  if (d.wizard === 'blankPage' || d.wizard === 'blocked') return d.wizard;
  // ADM-01: only the review was due, and combined registration is off.
  if (d.wizard === 'legacy' && d.trigger === 'ssprRefresh') return 'legacy';
  if (d.wizard !== 'refresh') return 'notDue';
  return d.gate;
}
