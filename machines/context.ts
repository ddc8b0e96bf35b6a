/**
 * What the machines keep in context: the scenario they were created with
 * (read-only input) and only what changes during the flow.
 */
import { effectiveTenant, evaluate, methodOf, type Decision } from '../src/domain/policy.ts';
import { stepDefault, stepPool } from '../src/domain/steps.ts';
import type { AuditRow } from '../src/domain/audit.ts';
import { asDefaultOption, reviewDefault, type Channels, type DefaultOptionId } from '../src/domain/defaultOptions.ts';
import { bySecurity, type MethodId } from '../src/domain/methods.ts';
import { methodsHeld } from '../src/domain/rollback.ts';
import type { AuthenticationMethodsPolicy, RegisteredMethod, Scenario } from '../src/scenario/schema.ts';

/** The registration wizard's state: the decision it runs and its progress. */
export interface WizardContext {
  decision: Decision;
  /** Methods the user held before the wizard. */
  held: readonly RegisteredMethod[];
  /** Methods registered in this wizard, in order. */
  registered: MethodId[];
  /** INT-09, MTH-04: what the review's default option is made of. */
  defaults: WizardDefaults;
}

/** The user's default before the wizard, and the voice / text channels the tenant's policy allows. */
export interface WizardDefaults {
  before: DefaultOptionId | null;
  channels: Channels;
}

/** The defaults of a wizard in a tenant whose methods policy is `policy`. */
export const wizardDefaults = (before: DefaultOptionId | null, policy: AuthenticationMethodsPolicy): WizardDefaults =>
  ({ before, channels: { voiceCalls: policy.voiceCalls, sms: policy.sms } });

/** What every flow that sets up methods keeps: the method being set up and the audit log. */
export interface SetupContext {
  scenario: Scenario;
  /** The method being set up now. */
  current: MethodId | null;
  audit: AuditRow[];
}

export interface RegistrationContext extends SetupContext {
  wizard: WizardContext;
}

export const wizardFor = (decision: Decision, held: readonly RegisteredMethod[], defaults: WizardDefaults): WizardContext =>
  ({ decision, held, registered: [], defaults });

/** The resource tenant's wizard for the scenario's user: its decision, the methods held, the user's default. */
export const resourceWizard = (scenario: Scenario, decision: Decision = evaluate(scenario)): WizardContext =>
  wizardFor(decision, methodsHeld(scenario.user),
    wizardDefaults(asDefaultOption(scenario.user.defaultMethod), effectiveTenant(scenario.tenant).tenant.authenticationMethods));

export const registrationContext = (scenario: Scenario): RegistrationContext =>
  ({ scenario, wizard: resourceWizard(scenario), current: null, audit: [] });

const pools = new WeakMap<WizardContext, MethodId[]>();

/** INT-05, INT-07: what the user may pick at the current step (worked out once per wizard state: guards ask it per method). */
export function poolNow(w: WizardContext): MethodId[] {
  let pool = pools.get(w);
  if (!pool) pools.set(w, (pool = stepPool(w.decision, w.registered)));
  return pool;
}

/** INT-04, INT-06: the method the next step opens on. */
export const defaultNow = (w: WizardContext): MethodId | null => stepDefault(w.decision, w.registered);

/**
 * INT-09, MTH-04: the default sign-in option the review shows, from what the
 * user held before and registered here, most secure first (MTH-05).
 */
export function reviewDefaultNow(w: WizardContext): DefaultOptionId | null {
  const held = [
    ...w.held.map((r) => (typeof r === 'string' ? { method: r } : { method: methodOf(r), virtual: r.virtual })),
    ...w.registered.map((method) => ({ method })),
  ].sort((a, b) => bySecurity(a.method, b.method));
  return reviewDefault(w.defaults.before, held, w.defaults.channels);
}
