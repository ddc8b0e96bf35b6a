/**
 * The passkey / security-key ceremony on its own (PK-*): browser, private
 * window, Windows App on Windows and on macOS. The same fragment is nested in
 * `interrupt` and `manage` as their FIDO2 setup step.
 */
import { assign, setup } from 'xstate';
import * as audit from '../src/domain/audit.ts';
import { passkeyRegistrationAllowed } from '../src/domain/passkey.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import type { SetupContext } from './context.ts';
import type { RegsimEvent, RegsimMeta } from './events.ts';
import { passkeyCeremony, passkeyGuards } from './fragments/passkeyCeremony.ts';

export const passkeyMachine = setup({
  types: {
    context: {} as SetupContext,
    events: {} as RegsimEvent,
    input: {} as Scenario,
    meta: {} as RegsimMeta,
  },
  guards: {
    ...passkeyGuards,
    /** PK-01, MTH-01: passkeys enabled for the user, with self-service setup. */
    passkeyAllowed: ({ context }) => passkeyRegistrationAllowed(context.scenario.tenant.authenticationMethods),
  },
  actions: {
    recordPasskey: assign(({ context }) => ({ audit: [...context.audit, audit.methodRegistered('fido2')] })),
  },
}).createMachine({
  id: 'passkey',
  context: ({ input }) => ({ scenario: input, current: 'fido2', audit: [] }),
  initial: 'policy',
  states: {
    policy: {
      meta: { screen: 'passkey.policy', description: 'The passkey policy is checked: enabled for the user, self-service setup allowed.', rules: ['PK-01', 'MTH-01'] },
      always: [
        { guard: 'passkeyAllowed', target: 'ceremony', meta: { rules: ['PK-01'] } },
        { target: 'notAllowed', meta: { rules: ['PK-01', 'MTH-01'] } },
      ],
    },
    ceremony: passkeyCeremony({
      registered: { target: '#passkey.registered', actions: 'recordPasskey' },
      stuck: { target: '#passkey.stuck' },
      fromError: {
        CANCEL: { target: '#passkey.canceled' },
        CHOOSE_DIFFERENT_METHOD: { target: '#passkey.otherMethod' },
      },
    }),
    notAllowed: { type: 'final', meta: { description: 'Passkeys are disabled or self-service setup is off: nothing to register.', rules: ['PK-01'] } },
    registered: { type: 'final', meta: { description: 'The passkey is registered.', rules: ['PK-02', 'AUD-03'] } },
    stuck: { type: 'final', meta: { description: 'The wizard hangs after Next; only closing the app leaves it.', rules: ['PK-03'] } },
    canceled: { type: 'final', meta: { description: 'The user canceled after the error.', rules: ['PK-06'] } },
    otherMethod: { type: 'final', meta: { description: 'The user chose another method after the error.', rules: ['PK-06', 'INT-07'] } },
  },
});
