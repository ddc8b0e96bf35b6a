/**
 * A B2B guest opens a resource in another tenant (B2B-01..05) [B, blog 004
 * caveat 2]. The resource tenant's Conditional Access for guests decides what
 * it needs; with cross-tenant MFA trust it first checks the session's home
 * MFA claim, else sends the guest home, where the home tenant's own sign-in
 * wizard runs — shaped by the resource's policy — and back again for the
 * strength check. With trust off the guest registers in the resource tenant.
 * Both wizards are the one registration flow (`registrationStates`), nested.
 */
import { assign, setup } from 'xstate';
import { resourceWizard, wizardDefaults, wizardFor, type RegistrationContext } from './context.ts';
import type { RegsimEvent, RegsimMeta } from './events.ts';
import { methodSetupGuards } from './fragments/methodSetup.ts';
import { passkeyGuards } from './fragments/passkeyCeremony.ts';
import {
  registrationGuards, registrationObserved, registrationStates, registrationActions, sameNamedExits, type RegistrationExits,
} from './fragments/registration.ts';
import * as b2b from '../src/domain/b2b.ts';
import type { RuleId } from '../src/domain/rules.ts';
import { evaluateHome } from '../src/domain/policy.ts';
import type { Scenario } from '../src/scenario/schema.ts';

export interface B2bMfaTrustContext extends RegistrationContext {
  /** Whose wizard `wizard` holds: none yet, the home tenant's (B2B-03) or the resource tenant's (B2B-05). */
  shown: b2b.GuestTenant | null;
}

type Args = { context: B2bMfaTrustContext };

const final = (description: string, rules: RegsimMeta['rules']) =>
  ({ type: 'final' as const, meta: { description, rules } });

/** Where the nested wizard's outcomes go; `done` is where the guest continues once MFA is done in that tenant. */
const outcomes = (root: string, done: string): RegistrationExits => ({
  // Not interrupted there: the guest holds an acceptable method and just does MFA.
  ...sameNamedExits('b2bMfaTrust'),
  accessGranted: { target: `#${root}.completeMfa` },
  registrationComplete: { target: done },
  // Only SSPR registration was due and the guest skipped it; MFA is done.
  skipped: { target: done },
});

/** The guest holds an acceptable method in this tenant and is not interrupted: MFA, then on. */
const completeMfa = (where: string, done: string, rule: RuleId) => ({
  meta: { screen: 'mfaChallenge' as const, description: `Nothing to register ${where}: the guest completes MFA with a method already held there.`, rules: [rule, 'GATE-01'] as RuleId[] },
  on: {
    MFA_APPROVED: { target: done, meta: { rules: [rule] } },
    MFA_DENIED: { target: '#b2bMfaTrust.blocked', meta: { rules: ['GATE-01'] as RuleId[] } },
  },
});

export const b2bMfaTrustMachine = setup({
  types: {
    context: {} as B2bMfaTrustContext,
    events: {} as RegsimEvent,
    input: {} as Scenario,
    meta: {} as RegsimMeta,
  },
  guards: {
    ...registrationGuards, ...methodSetupGuards, ...passkeyGuards,
    /** The resource's Conditional Access blocks guests outright. */
    resourceBlocksGuests: ({ context }: Args) => b2b.resourceRequirement(context.scenario).kind === 'block',
    /** No Conditional Access policy asks guests for MFA. */
    resourceAsksNothing: ({ context }: Args) => b2b.resourceRequirement(context.scenario).kind === 'none',
    /** B2B-01. */
    homeClaimAccepted: ({ context }: Args) => b2b.homeClaimAccepted(context.scenario),
    /** B2B-01, B2B-02. */
    trustsHomeMfa: ({ context }: Args) => b2b.trustsHomeMfa(context.scenario),
    /** B2B-02, B2B-05: what the guest holds now in the tenant that did MFA meets the resource's requirement. */
    satisfiesResource: ({ context }: Args) =>
      context.shown !== null && b2b.satisfiedAfterMfa(context.scenario, context.shown, context.wizard.registered, context.wizard.decision),
  },
  actions: {
    /** B2B-03, B2B-04: the home tenant's wizard, under the resource tenant's guest policy. */
    showHomeWizard: assign(({ context }) => ({
      shown: 'home' as const, current: null,
      // [A] The seeds give no default for the guest's home tenant: none before the wizard.
      wizard: wizardFor(evaluateHome(context.scenario), b2b.guestIn(context.scenario, 'home').methods,
        wizardDefaults(null, context.scenario.user.home!.authenticationMethods)),
    })),
    /** B2B-05: the resource tenant's own wizard. */
    showResourceWizard: assign(({ context }) => ({
      shown: 'resource' as const, current: null,
      wizard: resourceWizard(context.scenario),
    })),
    ...registrationActions<B2bMfaTrustContext>(),
  },
}).createMachine({
  id: 'b2bMfaTrust',
  context: ({ input }) => ({
    scenario: input, shown: null, current: null, audit: [],
    // No wizard is shown yet; `showHomeWizard` / `showResourceWizard` replace this on entry.
    wizard: resourceWizard(input),
  }),
  initial: 'resourceSignIn',
  states: {
    resourceSignIn: {
      meta: {
        screen: 'b2b.resourceSignIn',
        description: "The guest signs in to the resource tenant, whose Conditional Access for guests decides the MFA it needs.",
        rules: ['B2B-01', 'B2B-02', 'B2B-05'],
      },
      always: [
        { guard: 'resourceBlocksGuests', target: 'blocked' },
        { guard: 'resourceAsksNothing', target: 'accessGranted', meta: { rules: ['B2B-01'] } },
        { guard: 'homeClaimAccepted', target: 'accessGranted', meta: { rules: ['B2B-01'] } },
        { guard: 'trustsHomeMfa', target: 'redirectedHome', meta: { rules: ['B2B-02'] } },
        { target: 'resource', meta: { rules: ['B2B-05'] } },
      ],
    },
    redirectedHome: {
      meta: {
        screen: 'b2b.redirectedHome',
        description: "MFA trust is on but the session has no acceptable home MFA claim: the guest is sent to the home tenant to do MFA there.",
        rules: ['B2B-01', 'B2B-02'],
      },
      on: { REDIRECT_HOME: { target: 'home', meta: { rules: ['B2B-02', 'B2B-03'] } } },
    },
    home: {
      entry: 'showHomeWizard',
      initial: 'gate',
      meta: {
        screen: 'b2b.home',
        description: "The home tenant's sign-in: its own methods and SSPR settings, shaped by the resource tenant's Conditional Access.",
        rules: ['B2B-02', 'B2B-03', 'B2B-04', 'STR-06'],
      },
      states: {
        ...registrationStates('b2bMfaTrust.home', outcomes('b2bMfaTrust.home', '#b2bMfaTrust.returned')),
        completeMfa: completeMfa('at home', '#b2bMfaTrust.returned', 'B2B-02'),
      },
    },
    returned: {
      meta: {
        screen: 'b2b.returned',
        description: 'MFA is done in the home tenant; the guest is sent back to the resource with the home MFA claim.',
        rules: ['B2B-01', 'B2B-02'],
      },
      on: { RETURN_TO_RESOURCE: { target: 'strengthCheck', meta: { rules: ['B2B-01'] } } },
    },
    resource: {
      entry: 'showResourceWizard',
      initial: 'gate',
      meta: {
        screen: 'b2b.resource',
        description: "MFA trust is off: the guest registers and performs MFA in the resource tenant, under its settings.",
        rules: ['B2B-05'],
      },
      states: {
        // [A] A guest has no SSPR policy in the resource tenant (ssprPolicyFor): no SSPR parts here.
        ...registrationStates('b2bMfaTrust.resource', outcomes('b2bMfaTrust.resource', '#b2bMfaTrust.strengthCheck'), { sspr: false }),
        completeMfa: completeMfa('in the resource tenant', '#b2bMfaTrust.strengthCheck', 'B2B-05'),
      },
    },
    strengthCheck: {
      meta: {
        screen: 'b2b.strengthCheck',
        description: "The resource checks the methods behind the guest's MFA against its requirement (legacy MFA or the authentication strength).",
        rules: ['B2B-01', 'B2B-02', 'STR-05'],
      },
      always: [
        { guard: 'satisfiesResource', target: 'accessGranted', meta: { rules: ['B2B-01', 'B2B-02', 'B2B-05'] } },
        { target: 'blocked', meta: { rules: ['B2B-02', 'STR-05'] } },
      ],
    },
    accessGranted: final('The guest reaches the resource.', ['B2B-01', 'B2B-02', 'B2B-05']),
    canceled: final('The guest canceled the registration wizard.', ['INT-10', 'AUD-02']),
    blocked: final(
      'The guest is refused: Conditional Access blocks, MFA failed, or a method acceptable to the resource is still missing.',
      ['B2B-02', 'GATE-01', 'GATE-02'],
    ),
    deadEnd: final('The wizard offers nothing the guest can register: no MFA to register a phishing-resistant method.', ['STR-06', 'B2B-04']),
    stuck: final('The passkey wizard hangs; only closing the app leaves it.', ['PK-03']),
    blankPage: final('The legacy client shows a blank page.', ['GATE-03']),
    legacyRegistration: final('Combined registration is disabled in that tenant: the guest is sent to its legacy registration pages.', ['ADM-01']),
    reviewDue: final('An SSPR refresh review is due in that tenant instead (the ssprRefresh flow).', ['REF-01']),
  },
});

/** What path generation keys on: whose wizard is shown, the method being set up, what was registered there. */
export const b2bMfaTrustObserve = (context: B2bMfaTrustContext, into: string[]): void => {
  into.push(context.shown ?? '-');
  registrationObserved(context, into);
};
