/**
 * Where a rule the machines cite bites. A state's or a transition's
 * `meta.rules` say what governs it in general: the gate checks Conditional
 * Access on "Register security information" (GATE-02) for every user, the
 * wizard's methods come from a strength's bitmask (STR-01..03) when there is
 * a strength, reaching the resource is MFA trust at work (B2B-01) when trust
 * is on. A path is credited with such a rule only where the scenario has what
 * the rule is about; otherwise "first to cover GATE-02" would be claimed by a
 * sign-in that no such policy touches.
 */
import type { Scenario } from '../scenario/schema.ts';
import { isMfaMethod, type MethodId } from './methods.ts';
import { trustsHomeMfa } from './b2b.ts';
import { effectiveTenant, isVirtual, methodOf } from './policy.ts';
import { grantNeed, onRegistering } from './conditionalAccess.ts';
import type { RuleId } from './rules.ts';

/** The tenants a scenario's user meets: the resource (or only) tenant as it is and was, and a guest's home. */
function tenantsOf(s: Scenario) {
  const t = s.tenant;
  return [
    { authenticationMethods: t.authenticationMethods, conditionalAccess: t.conditionalAccess },
    ...(t.propagation ? [{ authenticationMethods: t.propagation.previous.authenticationMethods ?? t.authenticationMethods, conditionalAccess: t.propagation.previous.conditionalAccess ?? [] }] : []),
    ...(s.user.home ? [s.user.home] : []),
  ];
}

const policies = (s: Scenario) => tenantsOf(s).flatMap((t) => t.conditionalAccess);
const enabledAnywhere = (s: Scenario, ms: readonly MethodId[]) => tenantsOf(s).some((t) => ms.some((m) => t.authenticationMethods.enabled.includes(m)));
const held = (s: Scenario) => [...s.user.methods, ...(s.user.home?.methods ?? [])];
const grants = (s: Scenario) => policies(s).map((p) => grantNeed(p, s.client));
const admin = (s: Scenario) => s.user.adminRole !== 'none';
const guest = (s: Scenario) => s.user.type === 'guest' && s.user.home !== undefined;
const trusted = (s: Scenario) => guest(s) && trustsHomeMfa(s);
const strength = (s: Scenario) => grants(s).some((g) => g.strength !== null);

/** The rules states and transitions cite that only some scenarios bring into play, with what brings each. */
const SCOPE: Partial<Record<RuleId, (s: Scenario) => boolean>> = {
  // A policy on the user action, or one that blocks, is what can stop registration at the gate.
  'GATE-02': (s) => policies(s).some(onRegistering) || grants(s).some((g) => g.block),
  'GATE-04': (s) => effectiveTenant(s.tenant).pending,
  'GATE-05': admin,
  'SSPR-05': admin,
  'STR-01': strength,
  'STR-02': strength,
  'STR-03': strength,
  // The standalone passkey flow is the policy check itself, enabled or not.
  'PK-01': (s) => s.flow === 'passkey' || enabledAnywhere(s, ['fido2']),
  // Office phone only with a business phone; alternate phone and FIDO2 never in interrupt mode (documented).
  'INT-12': (s) => enabledAnywhere(s, ['officePhone', 'alternateMobilePhone', 'fido2']),
  // MFA trust on: the home claim, the redirect home and the home wizard; off: everything in the resource tenant.
  'B2B-01': trusted,
  'B2B-02': trusted,
  'B2B-03': (s) => trusted(s) && !s.user.home!.methods.some((h) => isMfaMethod(methodOf(h))),
  'B2B-04': trusted,
  'B2B-05': (s) => guest(s) && !trustsHomeMfa(s),
};

/**
 * Rules scoped on the states that cite them only: the transitions that cite
 * them are the rule at work whatever the scenario held before (entering a
 * virtual number is refused, MTH-06, though the user held none).
 */
const STATES_ONLY: Partial<Record<RuleId, (s: Scenario) => boolean>> = {
  // The default picker leaves a virtual number out only where the user holds one.
  'MTH-06': (s) => held(s).some(isVirtual),
};

/** Whether a rule a state cites bites in this scenario (rules not scoped always do). */
export const ruleApplies = (rule: RuleId, s: Scenario): boolean => (SCOPE[rule] ?? STATES_ONLY[rule])?.(s) ?? true;

/** Whether a rule a transition cites bites in this scenario. */
export const transitionRuleApplies = (rule: RuleId, s: Scenario): boolean => SCOPE[rule]?.(s) ?? true;
