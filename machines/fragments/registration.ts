/**
 * The sign-in registration flow (GATE-*, INT-*, STR-*): the gate, then the
 * wizard the policy engine decided. Defined once; `interrupt` is this flow
 * alone, and `b2bMfaTrust` nests it for the guest's home (or resource) tenant.
 */
import { assign } from 'xstate';
import type { Exit, StateFragment } from './types.ts';
import * as audit from '../../src/domain/audit.ts';
import { METHOD_IDS, METHODS, isSsprOnly, type MethodId } from '../../src/domain/methods.ts';
import { defaultNow, poolNow, type RegistrationContext } from '../context.ts';
import type { RegsimEvent } from '../events.ts';
import { methodSetupStates } from './methodSetup.ts';

/** The flow's outcomes; ADM-01's `legacyRegistration`: combined registration is off, the legacy pages take over. */
const OUTCOMES = [
  'accessGranted', 'registrationComplete', 'skipped', 'canceled', 'blocked', 'blankPage', 'legacyRegistration', 'deadEnd', 'stuck', 'reviewDue',
] as const;

/** Where each outcome of the flow goes in the host machine. */
export type RegistrationExits = Record<(typeof OUTCOMES)[number], Exit>;

/** Every outcome to the host's final state of the same name (`#interrupt.canceled`); a host overrides what it routes elsewhere. */
export const sameNamedExits = (machineId: string): RegistrationExits =>
  Object.fromEntries(OUTCOMES.map((o) => [o, { target: `#${machineId}.${o}` }])) as RegistrationExits;

type Args = { context: RegistrationContext; event: RegsimEvent };

/** MTH table: the methods the sign-in wizard can ever set up (never alternate phone or app passwords). */
const INTERRUPT_METHODS = METHOD_IDS.filter((m) => METHODS[m].registerInterrupt !== 'no');
const decision = (context: RegistrationContext) => context.wizard.decision;

/** Guards the host registers (spread into `setup({ guards })`); each calls the policy engine's decision. */
export const registrationGuards = {
  showsBlankPage: ({ context }: Args) => decision(context).wizard === 'blankPage',
  blockedByConditionalAccess: ({ context }: Args) => decision(context).wizard === 'blocked',
  combinedRegistrationOff: ({ context }: Args) => decision(context).wizard === 'legacy',
  notInterrupted: ({ context }: Args) => !decision(context).interrupted,
  reviewDue: ({ context }: Args) => decision(context).wizard === 'refresh',
  strengthDeadEnd: ({ context }: Args) => decision(context).wizard === 'deadEnd',
  mfaFirst: ({ context }: Args) => decision(context).gate === 'mfaFirst',
  signsInWithTap: ({ context }: Args) => decision(context).gate === 'tap',
  canSkip: ({ context }: Args) => decision(context).skippable,
  noMethodToOffer: ({ context }: Args) => poolNow(context.wizard).length === 0,
  /** INT-07 [A: "more than one method available"]: the link shows when there is an alternative. */
  hasAlternatives: ({ context }: Args) => poolNow(context.wizard).length > 1,
  isChoosable: ({ context, event }: Args) =>
    event.type === 'SELECT_METHOD' && event.method !== context.current && poolNow(context.wizard).includes(event.method),
  /** STR-04: only the strength wizard has a query to strip. */
  inStrengthWizard: ({ context }: Args) => decision(context).ordinary !== undefined,
  moreStepsNeeded: ({ context }: Args) =>
    context.wizard.registered.length < decision(context).required && poolNow(context.wizard).length > 0,
};

/** Pure context updates behind the host's named actions. */
export const registrationUpdates = {
  /** INT-04, INT-06: each step opens on its decided default while still allowed. */
  beginStep: (context: RegistrationContext): Partial<RegistrationContext> =>
    ({ current: defaultNow(context.wizard) }),
  selectMethod: (_: RegistrationContext, event: RegsimEvent): Partial<RegistrationContext> =>
    (event.type === 'SELECT_METHOD' ? { current: event.method } : {}),
  /** INT-11, AUD-03. */
  recordRegistration: (context: RegistrationContext): Partial<RegistrationContext> => {
    const method = context.current as MethodId;
    return {
      current: null,
      wizard: { ...context.wizard, registered: [...context.wizard.registered, method] },
      audit: [...context.audit, audit.methodRegistered(method)],
    };
  },
  /** STR-04: the user strips `?authMethods=…&authMethodCount=1` and lands in the ordinary wizard. */
  useOrdinaryWizard: (context: RegistrationContext): Partial<RegistrationContext> =>
    ({ current: null, wizard: { ...context.wizard, decision: decision(context).ordinary ?? decision(context), registered: [] } }),
  /** INT-10, AUD-02. */
  auditCanceled: (context: RegistrationContext): Partial<RegistrationContext> =>
    ({ audit: [...context.audit, audit.registrationCanceled()] }),
  /** INT-11, AUD-01. */
  auditRegisteredAll: (context: RegistrationContext): Partial<RegistrationContext> =>
    ({ audit: [...context.audit, audit.registeredAll()] }),
};

/**
 * The named actions behind `registrationUpdates`, for any host whose context
 * extends RegistrationContext (spread into `setup({ actions })`).
 */
export function registrationActions<C extends RegistrationContext>() {
  type A = { context: C; event: RegsimEvent };
  // The updates touch only RegistrationContext's fields, which C has too.
  const named = (f: (c: RegistrationContext, e: RegsimEvent) => Partial<RegistrationContext>) =>
    assign<C, RegsimEvent, undefined, RegsimEvent, never>(({ context, event }: A) => f(context, event) as Partial<C>);
  const u = registrationUpdates;
  return {
    beginStep: named(u.beginStep),
    selectMethod: named(u.selectMethod),
    recordRegistration: named(u.recordRegistration),
    useOrdinaryWizard: named(u.useOrdinaryWizard),
    auditCanceled: named(u.auditCanceled),
    auditRegisteredAll: named(u.auditRegisteredAll),
  };
}

/**
 * The flow's states, to spread into the host's `states`. `root` is the
 * absolute path of the host state that holds them (e.g. `interrupt` or
 * `b2bMfaTrust.home`), so deep transitions can name their targets.
 */
export interface RegistrationOptions {
  /**
   * false where the user can have no SSPR policy — a B2B guest in the resource
   * tenant [A] — so the flow has no SSPR-only wizard, skip, review or second step.
   */
  sspr?: boolean;
}

export function registrationStates(root: string, exits: RegistrationExits, options: RegistrationOptions = {}): Record<string, StateFragment> {
  const wizard = `#${root}.wizard`;
  const sspr = options.sspr ?? true;
  const leave = {
    CANCEL: { ...exits.canceled, actions: 'auditCanceled', meta: { rules: ['INT-10', 'AUD-02'] } },
    ...(sspr ? { SKIP: { guard: 'canSkip', ...exits.skipped, meta: { rules: ['INT-03', 'SSPR-04'] } } } : {}),
  };
  return {
    gate: {
      meta: { screen: 'signIn.gate', description: 'Sign-in reached security info: the client, Conditional Access and MFA are checked.', rules: ['GATE-01', 'GATE-02', 'GATE-03', 'INT-01', 'ADM-01'] },
      always: [
        { guard: 'showsBlankPage', ...exits.blankPage, meta: { rules: ['GATE-03'] } },
        { guard: 'blockedByConditionalAccess', ...exits.blocked, meta: { rules: ['GATE-02'] } },
        { guard: 'notInterrupted', ...exits.accessGranted, meta: { rules: ['INT-01'] } },
        { guard: 'combinedRegistrationOff', ...exits.legacyRegistration, meta: { rules: ['ADM-01'] } },
        ...(sspr ? [{ guard: 'reviewDue', ...exits.reviewDue, meta: { rules: ['REF-01'] } }] : []),
        { guard: 'strengthDeadEnd', ...exits.deadEnd, meta: { rules: ['STR-06'] } },
        { guard: 'mfaFirst', target: 'mfaChallenge', meta: { rules: ['GATE-01'] } },
        { guard: 'signsInWithTap', target: 'tapSignIn', meta: { rules: ['GATE-01'] } },
        { target: 'wizard', meta: { rules: ['INT-01', 'SSPR-01', 'SSPR-02'] } },
      ],
    },
    mfaChallenge: {
      meta: { screen: 'mfaChallenge', description: 'The user already has an MFA method and must complete MFA first.', rules: ['GATE-01'] },
      on: { MFA_APPROVED: 'wizard', MFA_DENIED: exits.blocked },
    },
    tapSignIn: {
      meta: { screen: 'tapSignIn', description: 'The user signs in with a Temporary Access Pass, which satisfies MFA.', rules: ['GATE-01'] },
      on: { TAP_ACCEPTED: 'wizard', TAP_REJECTED: exits.blocked },
    },
    wizard: {
      initial: 'intro',
      meta: {
        screen: 'wizard',
        description: 'The registration wizard the policy decided: its methods, their order and count come from the MFA and SSPR policies (the administrator SSPR policy for admins) or from the strength URL\'s bitmask.',
        rules: ['INT-02', 'INT-03', 'INT-04', 'STR-01', 'STR-02', 'STR-03', 'SSPR-05', 'GATE-05'],
      },
      states: {
        intro: {
          meta: { screen: 'wizard.intro', description: 'The sign-in stops to ask for more information: the wizard opens.', rules: ['INT-01', 'INT-03'] },
          on: {
            NEXT: [
              { guard: 'noMethodToOffer', ...exits.deadEnd, meta: { rules: ['STR-02', 'MTH-01'] } },
              { target: 'setup', actions: 'beginStep', meta: { rules: ['INT-04', 'INT-05', 'MTH-05'] } },
            ],
            STRIP_URL: {
              guard: 'inStrengthWizard', target: 'intro', reenter: true, actions: 'useOrdinaryWizard',
              meta: { rules: ['STR-04', 'STR-07'], description: 'The user strips the query from the URL: the ordinary wizard opens' },
            },
            ...leave,
          },
        },
        setup: {
          meta: { screen: 'wizard.setup', description: 'The user sets up the method this step shows.', rules: ['INT-04', 'INT-05', 'INT-08'] },
          on: {
            CHOOSE_DIFFERENT_METHOD: { guard: 'hasAlternatives', target: 'chooser', meta: { rules: ['INT-07'] } },
            ...leave,
          },
          ...methodSetupStates({
            done: { target: `${wizard}.methodDone`, actions: 'recordRegistration' },
            stuck: exits.stuck,
            methods: sspr ? INTERRUPT_METHODS : INTERRUPT_METHODS.filter((m) => !isSsprOnly(m)),
          }),
        },
        chooser: {
          meta: { screen: 'wizard.chooser', description: '"I want to set up a different method": the methods the policy allows.', rules: ['INT-07', 'INT-06', 'INT-12', 'MTH-01', 'MTH-02'] },
          on: {
            SELECT_METHOD: { guard: 'isChoosable', target: 'setup', actions: 'selectMethod', meta: { rules: ['INT-07', 'INT-05'] } },
            BACK: 'setup',
            ...leave,
          },
        },
        methodDone: {
          meta: { screen: 'wizard.methodDone', description: 'The method was registered; the wizard moves on.', rules: ['INT-11', 'AUD-03'] },
          on: {
            // Without SSPR the wizard asks for one MFA method: there is no next step.
            NEXT: [
              ...(sspr ? [{ guard: 'moreStepsNeeded', target: 'setup', actions: 'beginStep', meta: { rules: ['INT-04', 'INT-05', 'INT-06', 'MTH-05'] } }] : []),
              { target: 'review', meta: { rules: ['INT-09'] } },
            ],
            ...leave,
          },
        },
        review: {
          meta: { screen: 'wizard.review', description: 'The user reviews the methods set up and the default sign-in option (MTH-04), then confirms.', rules: ['INT-09', 'MTH-04'] },
          on: { DONE: { ...exits.registrationComplete, actions: 'auditRegisteredAll', meta: { rules: ['INT-11', 'AUD-01'] } } },
        },
      },
    },
  };
}

// ─── what path generation keys on ───────────────────────────────────────────

const registeredSets = new WeakMap<readonly string[], string>();

/** The methods registered so far, as a set: the order they came in changes nothing a guard or screen reads. */
const registeredSet = (registered: readonly string[]): string => {
  let set = registeredSets.get(registered);
  if (set === undefined) registeredSets.set(registered, (set = `[${[...registered].sort().join(',')}]`));
  return set;
};

/** The method being set up, the wizard shown and what it registered — never the audit log. */
export const registrationObserved = (c: Pick<RegistrationContext, 'current' | 'wizard'>, into: string[]): void => {
  into.push(c.current ?? '-', c.wizard.decision.wizard, registeredSet(c.wizard.registered));
};
