/**
 * SSPR refresh: at the admin-set interval the sign-in stops on a review of
 * every registered method (REF-*). The gate (GATE-*, "Users must perform
 * multifactor authentication to access this page"), the review, "Looks good"
 * with success or a backend failure, or editing on the same Security info
 * page as manage mode (REF-03) and back to the review.
 */
import { assign, setup } from 'xstate';
import type { RegsimEvent, RegsimMeta } from './events.ts';
import {
  entryGuards, entryStates, manageActions, manageGuards, manageStates, observeSecurityInfo,
  securityInfoContext, type SecurityInfoContext,
} from './fragments/manage.ts';
import { methodSetupGuards } from './fragments/methodSetup.ts';
import { passkeyGuards } from './fragments/passkeyCeremony.ts';
import { refreshEntry } from '../src/domain/refresh.ts';
import * as audit from '../src/domain/audit.ts';
import type { Scenario } from '../src/scenario/schema.ts';

const final = (description: string, rules: RegsimMeta['rules']) =>
  ({ type: 'final' as const, meta: { description, rules } });

/** Pure context updates behind the review's named actions. */
const reviewUpdates = {
  /** REF-02, AUD-04. */
  auditReviewed: (c: SecurityInfoContext): Partial<SecurityInfoContext> => ({ audit: [...c.audit, audit.reviewed()] }),
  /** REF-02, AUD-05. */
  auditReviewFailed: (c: SecurityInfoContext): Partial<SecurityInfoContext> => ({ audit: [...c.audit, audit.reviewFailed()] }),
};

export const ssprRefreshMachine = setup({
  types: {
    context: {} as SecurityInfoContext,
    events: {} as RegsimEvent,
    input: {} as Scenario,
    meta: {} as RegsimMeta,
  },
  guards: { ...entryGuards(refreshEntry), ...manageGuards, ...methodSetupGuards, ...passkeyGuards },
  actions: {
    ...manageActions,
    auditReviewed: assign(({ context }) => reviewUpdates.auditReviewed(context)),
    auditReviewFailed: assign(({ context }) => reviewUpdates.auditReviewFailed(context)),
  },
}).createMachine({
  id: 'ssprRefresh',
  context: ({ input }) => securityInfoContext(input),
  initial: 'gate',
  states: {
    ...entryStates({ name: 'the security info review', rules: ['REF-01'] }, {
      open: { target: '#ssprRefresh.review' },
      blocked: { target: '#ssprRefresh.blocked' },
      blankPage: { target: '#ssprRefresh.blankPage' },
      notDue: { target: '#ssprRefresh.noReviewDue' },
      legacy: { target: '#ssprRefresh.legacySsprPage' },
    }),
    review: {
      meta: { screen: 'refresh.review', description: 'The review page lists every registered method, MFA methods first; the user confirms or edits.', rules: ['REF-01', 'REF-03'] },
      on: {
        LOOKS_GOOD: { target: 'saving', meta: { rules: ['REF-02'] } },
        EDIT: { target: 'editing', meta: { rules: ['REF-03'] } },
      },
    },
    saving: {
      meta: { screen: 'refresh.saving', description: '"Looks good": the service records the review.', rules: ['REF-02'] },
      on: {
        BACKEND_OK: { target: 'accessGranted', actions: 'auditReviewed', meta: { rules: ['REF-02', 'AUD-04'] } },
        BACKEND_FAILED: { target: 'reviewFailed', actions: 'auditReviewFailed', meta: { rules: ['REF-02', 'AUD-05'] } },
      },
    },
    reviewFailed: {
      meta: {
        screen: 'refresh.reviewFailed',
        description: 'The review could not be saved; the user must confirm again before continuing, so Retry returns to the review.',
        rules: ['REF-02', 'AUD-05'],
      },
      on: { RETRY: { target: 'review', meta: { rules: ['REF-02'] } } },
    },
    editing: {
      initial: 'overview',
      meta: { screen: 'refresh.editing', description: 'The user changes methods on the Security info page; the changes follow the manage-mode rules.', rules: ['REF-03'] },
      states: manageStates('ssprRefresh.editing', {
        stuck: { target: '#ssprRefresh.stuck' },
        done: { target: '#ssprRefresh.review' },
      }),
    },
    accessGranted: final('The review is recorded; the user continues to the app.', ['REF-02', 'AUD-04']),
    noReviewDue: final('No SSPR review is due at this sign-in: another flow, or none, applies.', ['REF-01']),
    blocked: final('The review is blocked: Conditional Access or a failed MFA stops the user.', ['GATE-02', 'GATE-01']),
    blankPage: final('The legacy client shows a blank page.', ['GATE-03']),
    legacySsprPage: final('Combined registration is disabled: the review happens on the legacy SSPR page (aka.ms/ssprsetup) instead.', ['ADM-01']),
    stuck: final('Adding a passkey while editing hangs; only closing the app leaves it.', ['PK-03']),
  },
});

/** What path generation keys on: the methods and default a user sees, what guards read (not the audit log). */
export const ssprRefreshObserve = (context: SecurityInfoContext, into: string[]): void => observeSecurityInfo(context, into);
