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
import { legacySsprEntry } from '../src/domain/admin.ts';
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
  guards: {
    ...entryGuards(manageGate), ...manageGuards, ...methodSetupGuards, ...passkeyGuards,
    /** ADM-01: combined registration is disabled; users register at the legacy SSPR page. */
    combinedRegistrationOff: ({ context }) => !context.scenario.tenant.combinedRegistration,
    rolledBack: ({ context }) => legacySsprEntry(context.scenario) === 'rolledBack',
    legacyNeedsMfa: ({ context }) => legacySsprEntry(context.scenario) === 'mfaFirst',
  },
  actions: { ...manageActions },
}).createMachine({
  id: 'manage',
  context: ({ input }) => securityInfoContext(input),
  initial: 'start',
  states: {
    start: {
      meta: { screen: 'manage.start', description: 'The user opens security info: the combined experience, or the legacy SSPR page when an admin disabled it.', rules: ['ADM-01'] },
      always: [
        { guard: 'combinedRegistrationOff', target: 'legacySsprSetup', meta: { rules: ['ADM-01'] } },
        { target: 'gate', meta: { rules: ['MNG-01'] } },
      ],
    },
    legacySsprSetup: {
      meta: { screen: 'legacy.ssprSetup', description: 'The legacy SSPR registration page (aka.ms/ssprsetup): MFA first for users combined registration stamped with MFA methods, unless rolled back.', rules: ['ADM-01', 'ADM-02'] },
      always: [
        { guard: 'rolledBack', target: 'legacySsprPage', meta: { rules: ['ADM-02'], description: 'rolled back: no MFA methods left, no MFA prompt' } },
        { guard: 'legacyNeedsMfa', target: 'legacyMfaChallenge', meta: { rules: ['ADM-01'] } },
        { target: 'legacySsprPage', meta: { rules: ['ADM-01'] } },
      ],
    },
    legacyMfaChallenge: {
      meta: { screen: 'legacy.mfaChallenge', description: 'The legacy page asks for MFA first: new for users who registered for SSPR only.', rules: ['ADM-01'] },
      on: {
        MFA_APPROVED: { target: 'legacySsprPage', meta: { rules: ['ADM-01'] } },
        MFA_DENIED: { target: 'blocked', meta: { rules: ['ADM-01'] } },
      },
    },
    legacySsprPage: final('The legacy SSPR registration page opens.', ['ADM-01', 'ADM-02']),
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
export const manageObserve = (context: SecurityInfoContext, into: string[]): void => observeSecurityInfo(context, into);
