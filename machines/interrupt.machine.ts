/**
 * Interrupt mode: the sign-in wizard. The gate (GATE-*), then the wizard the
 * policy engine decided — combined, SSPR-only or the authentication-strength
 * wizard (STR-*) — with each method's setup, "I want to set up a different
 * method", skip, cancel, review and done.
 */
import { setup } from 'xstate';
import { registrationContext, type RegistrationContext } from './context.ts';
import type { RegsimEvent, RegsimMeta } from './events.ts';
import { methodSetupGuards } from './fragments/methodSetup.ts';
import { passkeyGuards } from './fragments/passkeyCeremony.ts';
import { registrationGuards, registrationStates, registrationActions, sameNamedExits } from './fragments/registration.ts';
import type { Scenario } from '../src/scenario/schema.ts';

const final = (description: string, rules: RegsimMeta['rules']) =>
  ({ type: 'final' as const, meta: { description, rules } });

export const interruptMachine = setup({
  types: {
    context: {} as RegistrationContext,
    events: {} as RegsimEvent,
    input: {} as Scenario,
    meta: {} as RegsimMeta,
  },
  guards: { ...registrationGuards, ...methodSetupGuards, ...passkeyGuards },
  actions: {
    ...registrationActions<RegistrationContext>(),
  },
}).createMachine({
  id: 'interrupt',
  context: ({ input }) => registrationContext(input),
  initial: 'gate',
  states: {
    ...registrationStates('interrupt', sameNamedExits('interrupt')),
    accessGranted: final('No registration is enforced: the user continues to the app.', ['INT-01']),
    registrationComplete: final('All required security info is registered; the user continues to the app.', ['INT-09', 'INT-11', 'AUD-01']),
    skipped: final('The user skipped SSPR-only registration and continues to the app.', ['INT-03', 'SSPR-04']),
    canceled: final('The user canceled the wizard.', ['INT-10', 'AUD-02']),
    blocked: final('Security info is blocked: Conditional Access or a failed MFA stops the user.', ['GATE-02', 'GATE-01']),
    blankPage: final('The legacy client shows a blank page.', ['GATE-03']),
    legacyRegistration: final('Combined registration is disabled: the user is sent to the legacy registration pages instead of the wizard.', ['ADM-01']),
    deadEnd: final('The wizard offers nothing the user can register.', ['STR-06']),
    stuck: final('The wizard hangs; only closing the app leaves it.', ['PK-03']),
    reviewDue: final('An SSPR refresh review is due instead (the ssprRefresh flow).', ['REF-01']),
  },
});
