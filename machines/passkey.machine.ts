/**
 * The passkey / security-key ceremony on its own (PK-*): browser, private
 * window, Windows App on Windows and on macOS. The same fragment is nested in
 * `interrupt` and `manage` as their FIDO2 setup step.
 */
import { assign, setup } from 'xstate';
import * as audit from '../src/domain/audit.ts';
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
  guards: { ...passkeyGuards },
  actions: {
    recordPasskey: assign(({ context }) => ({ audit: [...context.audit, audit.methodRegistered('fido2')] })),
  },
}).createMachine({
  id: 'passkey',
  context: ({ input }) => ({ scenario: input, current: 'fido2', audit: [] }),
  initial: 'ceremony',
  states: {
    ceremony: passkeyCeremony({
      registered: { target: '#passkey.registered', actions: 'recordPasskey' },
      stuck: { target: '#passkey.stuck' },
      fromError: {
        CANCEL: { target: '#passkey.canceled' },
        CHOOSE_DIFFERENT_METHOD: { target: '#passkey.otherMethod' },
      },
    }),
    registered: { type: 'final', meta: { description: 'The passkey is registered.', rules: ['PK-02', 'AUD-03'] } },
    stuck: { type: 'final', meta: { description: 'The wizard hangs after Next; only closing the app leaves it.', rules: ['PK-03'] } },
    canceled: { type: 'final', meta: { description: 'The user canceled after the error.', rules: ['PK-06'] } },
    otherMethod: { type: 'final', meta: { description: 'The user chose another method after the error.', rules: ['PK-06', 'INT-07'] } },
  },
});
