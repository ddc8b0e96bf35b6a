/**
 * Manage mode: the Security info page in My Account (MNG-*). The gate
 * (GATE-*), then the page — list, add / change / delete / change default,
 * each with success and failure, switch directory for guests, and waiting
 * out a policy change that has not propagated yet.
 */
import { setup } from 'xstate';
import type { RegsimEvent, RegsimMeta } from './events.ts';
import {
  entryGuards, entryStates, manageActions, manageGuards, manageStates, observeSecurityInfo,
  securityInfoContext, type SecurityInfoContext,
} from './fragments/manage.ts';
import { methodSetupGuards } from './fragments/methodSetup.ts';
import { passkeyGuards } from './fragments/passkeyCeremony.ts';
import { manageGate } from '../src/domain/manage.ts';
import type { Scenario } from '../src/scenario/schema.ts';

const final = (description: string, rules: RegsimMeta['rules']) =>
  ({ type: 'final' as const, meta: { description, rules } });

export const manageMachine = setup({
  types: {
    context: {} as SecurityInfoContext,
    events: {} as RegsimEvent,
    input: {} as Scenario,
    meta: {} as RegsimMeta,
  },
  guards: { ...entryGuards(manageGate), ...manageGuards, ...methodSetupGuards, ...passkeyGuards },
  actions: { ...manageActions },
}).createMachine({
  id: 'manage',
  context: ({ input }) => securityInfoContext(input),
  initial: 'gate',
  states: {
    ...entryStates({ name: 'the Security info page (aka.ms/mysecurityinfo)', rules: ['MNG-01'] }, {
      open: { target: '#manage.overview' },
      blocked: { target: '#manage.blocked' },
      blankPage: { target: '#manage.blankPage' },
    }),
    ...manageStates('manage', {
      stuck: { target: '#manage.stuck' },
      signOut: { target: '#manage.signedOut' },
    }, { switchDirectory: true }),
    signedOut: final('The user signs out; the Security info page closes.', ['MNG-01']),
    blocked: final('Security info is blocked: Conditional Access or a failed MFA stops the user.', ['GATE-02', 'GATE-01']),
    blankPage: final('The legacy client shows a blank page.', ['GATE-03']),
    stuck: final('Adding a passkey hangs; only closing the app leaves it.', ['PK-03']),
  },
});

/** What path generation keys on: the page a user sees and what guards read (not the audit log). */
export const manageObserve = (context: SecurityInfoContext): unknown => observeSecurityInfo(context);
