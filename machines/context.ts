/**
 * What the machines keep in context: the scenario they were created with
 * (read-only input) and only what changes during the flow.
 */
import { evaluate, type Decision } from '../src/domain/policy.ts';
import { stepDefault, stepPool } from '../src/domain/steps.ts';
import type { AuditRow } from '../src/domain/audit.ts';
import type { MethodId } from '../src/domain/methods.ts';
import type { RegisteredMethod, Scenario } from '../src/scenario/schema.ts';

/** The registration wizard's state: the decision it runs and its progress. */
export interface WizardContext {
  decision: Decision;
  /** Methods the user held before the wizard. */
  held: readonly RegisteredMethod[];
  /** Methods registered in this wizard, in order. */
  registered: MethodId[];
}

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

export const wizardFor = (decision: Decision, held: readonly RegisteredMethod[]): WizardContext =>
  ({ decision, held, registered: [] });

export const registrationContext = (scenario: Scenario): RegistrationContext =>
  ({ scenario, wizard: wizardFor(evaluate(scenario), scenario.user.methods), current: null, audit: [] });

/** INT-05, INT-07: what the user may pick at the current step. */
export const poolNow = (w: WizardContext): MethodId[] => stepPool(w.decision, w.registered);

/** INT-04, INT-06: the method the next step opens on. */
export const defaultNow = (w: WizardContext): MethodId | null => stepDefault(w.decision, w.registered);
