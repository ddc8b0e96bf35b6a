/**
 * The interrupt machine driven directly: the gate's routes, the wizard's
 * rules (INT-*, STR-*), skip and cancel, the audit rows it writes, and the
 * events the chooser accepts. Each test is named by the rule it checks.
 */
import { createActor, type Actor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { interruptMachine } from '../machines/interrupt.machine.ts';
import type { RegsimEvent } from '../machines/events.ts';
import { formatAuditRow } from '../src/domain/audit.ts';
import type { MethodId } from '../src/domain/methods.ts';
import { evaluate } from '../src/domain/policy.ts';
import { stepPool } from '../src/domain/steps.ts';
import { Scenario, type ScenarioInput } from '../src/scenario/schema.ts';
import { formatEvent, possibleEvents } from '../src/simulate/events.ts';
import { snapshotStateId } from '../src/simulate/stateId.ts';
import { ev } from './support.ts';

type InterruptActor = Actor<typeof interruptMachine>;

const TENANT_INT06: ScenarioInput['tenant'] = {
  authenticationMethods: { enabled: ['microsoftAuthenticator', 'email', 'mobilePhone'] },
  sspr: { enabledFor: 'all', methodsRequired: 2, requireRegistration: true },
  mfaRegistration: { identityProtection: true },
};

/** A scenario: the INT-06 tenant and a greenfield browser user unless overridden. */
function scenario(over: Partial<ScenarioInput> = {}): Scenario {
  return Scenario.parse({ name: 'interrupt test', flow: 'interrupt', tenant: TENANT_INT06, ...over });
}

function start(input: Scenario): InterruptActor {
  const actor = createActor(interruptMachine, { input });
  actor.start();
  return actor;
}

const stateOf = (a: InterruptActor): string => snapshotStateId(a.getSnapshot());
const statusOf = (a: InterruptActor): string => a.getSnapshot().status;
const can = (a: InterruptActor, e: RegsimEvent): boolean => a.getSnapshot().can(e);
const auditLines = (a: InterruptActor): string[] => a.getSnapshot().context.audit.map(formatAuditRow);
const selectable = (a: InterruptActor): string[] =>
  possibleEvents(a.getSnapshot()).filter((e) => e.type === 'SELECT_METHOD').map(formatEvent);

/** Sends each event, failing loudly (with what was possible) if one is refused. */
function send(a: InterruptActor, ...events: Array<string | RegsimEvent>): void {
  for (const raw of events) {
    const e = typeof raw === 'string' ? ev(raw) : raw;
    if (!can(a, e)) {
      throw new Error(`${formatEvent(e)} is not possible in ${stateOf(a)}; possible: ${possibleEvents(a.getSnapshot()).map(formatEvent).join(', ')}`);
    }
    a.send(e);
  }
}

const select = (method: MethodId): RegsimEvent => ev('SELECT_METHOD', method);

/** Set up each method the way its screens ask, ending in `wizard.methodDone`. */
const SET_UP: Partial<Record<MethodId, string[]>> = {
  microsoftAuthenticator: ['NEXT', 'QR_SCANNED', 'NOTIFICATION_APPROVED'],
  mobilePhone: ['ENTER_NUMBER', 'CODE_CORRECT'],
  email: ['ENTER_EMAIL', 'CODE_CORRECT'],
  officePhone: ['CALL_ANSWERED'],
  securityQuestions: ['SUBMIT_ANSWERS'],
  softwareOath: ['QR_SCANNED', 'CODE_CORRECT'],
};

const ROW = {
  registeredAll: 'User registered all required security info | Success | User registered all required security info.',
  canceled: 'User registered all required security info | Failure | User canceled security info registration.',
  registered: (name: string) => `User registered security info | Success | User registered ${name}.`,
};

describe('gate routes (GATE-*, INT-01, REF-01, STR-06)', () => {
  it('INT-01: a user nothing enforces registration for continues to the app', () => {
    const a = start(scenario({ tenant: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone'] } } }));
    expect(stateOf(a)).toBe('accessGranted');
    expect(statusOf(a)).toBe('done');
    expect(auditLines(a)).toEqual([]);
  });

  it('INT-01: an enforced greenfield user without a method goes straight to the wizard', () => {
    const a = start(scenario());
    expect(stateOf(a)).toBe('wizard.intro');
    expect(statusOf(a)).toBe('active');
    expect(can(a, ev('MFA_APPROVED'))).toBe(false);
    expect(can(a, ev('TAP_ACCEPTED'))).toBe(false);
  });

  it.each(['ie11', 'adalLegacyWebView'] as const)('GATE-03: %s shows a blank page', (app) => {
    const a = start(scenario({ client: { app } }));
    expect(stateOf(a)).toBe('blankPage');
    expect(statusOf(a)).toBe('done');
  });

  it('GATE-03: a modern browser is not affected', () => {
    expect(stateOf(start(scenario({ client: { app: 'browser' } })))).toBe('wizard.intro');
  });

  it('GATE-02: CA on "Register security information" blocks outside trusted locations', () => {
    const tenant = {
      ...TENANT_INT06,
      conditionalAccess: [{ name: 'trusted only', target: 'registerSecurityInfo' as const, grant: 'block' as const, exceptTrustedLocations: true }],
    };
    const blocked = start(scenario({ tenant, location: 'untrusted' }));
    expect(stateOf(blocked)).toBe('blocked');
    expect(statusOf(blocked)).toBe('done');
    expect(stateOf(start(scenario({ tenant, location: 'trusted' })))).toBe('wizard.intro');
  });

  it('GATE-01: a user with an MFA method does MFA first; approved opens the wizard', () => {
    const a = start(scenario({ user: { methods: ['mobilePhone'], defaultMethod: 'mobilePhoneText' } }));
    expect(stateOf(a)).toBe('mfaChallenge');
    expect(possibleEvents(a.getSnapshot()).map(formatEvent)).toEqual(['MFA_APPROVED', 'MFA_DENIED']);
    send(a, 'MFA_APPROVED');
    expect(stateOf(a)).toBe('wizard.intro');
  });

  it('GATE-01: a denied MFA prompt blocks the user before security info', () => {
    const a = start(scenario({ user: { methods: ['mobilePhone'], defaultMethod: 'mobilePhoneText' } }));
    send(a, 'MFA_DENIED');
    expect(stateOf(a)).toBe('blocked');
    expect(statusOf(a)).toBe('done');
    expect(auditLines(a)).toEqual([]);
  });

  it('GATE-01: a Temporary Access Pass satisfies MFA; rejected blocks', () => {
    const accepted = start(scenario({ user: { tap: true } }));
    expect(stateOf(accepted)).toBe('tapSignIn');
    send(accepted, 'TAP_ACCEPTED');
    expect(stateOf(accepted)).toBe('wizard.intro');
    const rejected = start(scenario({ user: { tap: true } }));
    send(rejected, 'TAP_REJECTED');
    expect(stateOf(rejected)).toBe('blocked');
  });

  it('GATE-04: inside the propagation window the wizard follows the previous policy', () => {
    const tenant = (changedMinutesAgo: number) => ({
      authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'email'] as MethodId[] },
      mfaRegistration: { identityProtection: true },
      propagation: {
        changedMinutesAgo, windowMinutes: 60,
        previous: { authenticationMethods: { enabled: ['mobilePhone', 'email'] as MethodId[] } },
      },
    });
    const pending = start(scenario({ tenant: tenant(20) }));
    send(pending, 'NEXT');
    expect(stateOf(pending)).toBe('wizard.setup.mobilePhone.enterNumber');
    expect(can(pending, ev('CHOOSE_DIFFERENT_METHOD'))).toBe(false);
    const propagated = start(scenario({ tenant: tenant(90) }));
    send(propagated, 'NEXT');
    expect(stateOf(propagated)).toBe('wizard.setup.microsoftAuthenticator.install');
  });

  it('GATE-05: an administrator gets the administrator SSPR policy: two methods, never security questions', () => {
    const tenant = {
      authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'email', 'securityQuestions'] as MethodId[] },
      sspr: { enabledFor: 'all' as const, methodsRequired: 1 as const, requireRegistration: true },
    };
    const admin = start(scenario({ tenant, user: { adminRole: 'helpdeskAdministrator' } }));
    send(admin, 'NEXT', ...SET_UP.microsoftAuthenticator!, 'NEXT');
    expect(stateOf(admin)).toBe('wizard.setup.mobilePhone.enterNumber'); // a second method is required
    send(admin, 'CHOOSE_DIFFERENT_METHOD');
    expect(selectable(admin)).toEqual(['SELECT_METHOD(email)']); // never security questions (SSPR-05)
    const member = start(scenario({ tenant }));
    send(member, 'NEXT', ...SET_UP.microsoftAuthenticator!, 'NEXT');
    expect(stateOf(member)).toBe('wizard.review'); // one method is enough for a member
  });

  it('REF-01: a registered user past the reconfirmation interval is sent to the review', () => {
    const a = start(scenario({
      tenant: { ...TENANT_INT06, sspr: { enabledFor: 'all', methodsRequired: 1, requireRegistration: true, reconfirmDays: 180 }, mfaRegistration: {} },
      user: { methods: ['microsoftAuthenticator'], lastReviewedDaysAgo: 200 },
    }));
    expect(stateOf(a)).toBe('reviewDue');
    expect(statusOf(a)).toBe('done');
  });

  it('STR-06: a phishing-resistant strength is a dead end for a greenfield user without a TAP', () => {
    const tenant = {
      authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'fido2', 'temporaryAccessPass'] as MethodId[] },
      conditionalAccess: [{ name: 'phishing-resistant', grant: { authenticationStrength: 'phishingResistant' as const } }],
    };
    const greenfield = start(scenario({ tenant }));
    expect(stateOf(greenfield)).toBe('deadEnd');
    expect(statusOf(greenfield)).toBe('done');
    // With a TAP the same tenant asks for a passkey.
    const withTap = start(scenario({ tenant, user: { tap: true } }));
    send(withTap, 'TAP_ACCEPTED', 'NEXT');
    expect(stateOf(withTap)).toBe('wizard.setup.fido2.intro');
  });
});

describe('the wizard (INT-*)', () => {
  it('INT-04: the first step opens on the most secure method allowed', () => {
    const a = start(scenario());
    send(a, 'NEXT');
    expect(stateOf(a)).toBe('wizard.setup.microsoftAuthenticator.install');
  });

  it('INT-05: the first method must be an MFA method', () => {
    const a = start(scenario());
    send(a, 'NEXT', 'CHOOSE_DIFFERENT_METHOD');
    expect(stateOf(a)).toBe('wizard.chooser');
    expect(can(a, select('email'))).toBe(false);
    expect(can(a, select('mobilePhone'))).toBe(true);
    expect(selectable(a)).toEqual(['SELECT_METHOD(mobilePhone)']);
  });

  it('INT-05: the second method may be SSPR-only (email)', () => {
    const a = start(scenario());
    send(a, 'NEXT', 'CHOOSE_DIFFERENT_METHOD', select('mobilePhone'), ...SET_UP.mobilePhone!, 'NEXT');
    expect(stateOf(a)).toBe('wizard.setup.microsoftAuthenticator.install');
    send(a, 'CHOOSE_DIFFERENT_METHOD');
    expect(can(a, select('email'))).toBe(true);
    expect(can(a, select('mobilePhone'))).toBe(false); // registered already in this wizard
    send(a, select('email'));
    expect(stateOf(a)).toBe('wizard.setup.email.enterAddress');
  });

  it('INT-06: Authenticator and phone are shown by default; either may be swapped for email', () => {
    // Keep Authenticator, swap phone for email.
    const a = start(scenario());
    send(a, 'NEXT', ...SET_UP.microsoftAuthenticator!, 'NEXT');
    expect(stateOf(a)).toBe('wizard.setup.mobilePhone.enterNumber');
    send(a, 'CHOOSE_DIFFERENT_METHOD', select('email'), ...SET_UP.email!, 'NEXT');
    expect(stateOf(a)).toBe('wizard.review');
    // Set up phone first, then swap Authenticator for email.
    const b = start(scenario());
    send(b, 'NEXT', 'CHOOSE_DIFFERENT_METHOD', select('mobilePhone'), ...SET_UP.mobilePhone!, 'NEXT',
      'CHOOSE_DIFFERENT_METHOD', select('email'), ...SET_UP.email!, 'NEXT');
    expect(stateOf(b)).toBe('wizard.review');
    expect(b.getSnapshot().context.wizard.registered).toEqual(['mobilePhone', 'email']);
  });

  it('INT-07: the "different method" link is not possible when only one method is allowed', () => {
    const only = start(scenario({
      tenant: { authenticationMethods: { enabled: ['mobilePhone'] }, mfaRegistration: { identityProtection: true } },
    }));
    send(only, 'NEXT');
    expect(stateOf(only)).toBe('wizard.setup.mobilePhone.enterNumber');
    expect(only.getSnapshot().can({ type: 'CHOOSE_DIFFERENT_METHOD' })).toBe(false);

    const two = start(scenario({
      tenant: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone'] }, mfaRegistration: { identityProtection: true } },
    }));
    send(two, 'NEXT');
    expect(two.getSnapshot().can({ type: 'CHOOSE_DIFFERENT_METHOD' })).toBe(true);
  });

  it('INT-07: under a phishing-resistant strength the passkey is the only method: no link', () => {
    const a = start(scenario({
      tenant: {
        authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'fido2', 'temporaryAccessPass'] },
        conditionalAccess: [{ name: 'phishing-resistant', grant: { authenticationStrength: 'phishingResistant' } }],
      },
      user: { tap: true },
    }));
    send(a, 'TAP_ACCEPTED', 'NEXT');
    expect(a.getSnapshot().can({ type: 'CHOOSE_DIFFERENT_METHOD' })).toBe(false);
  });

  it('INT-07: the chooser lists exactly one SELECT_METHOD per allowed method', () => {
    const input = scenario({
      tenant: {
        authenticationMethods: {
          enabled: ['microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'officePhone', 'alternateMobilePhone',
            'email', 'securityQuestions', 'fido2', 'appPassword'],
        },
        sspr: { enabledFor: 'all', methodsRequired: 2, requireRegistration: true },
        mfaRegistration: { identityProtection: true },
      },
      user: { businessPhone: '+1 425 555 0100' },
    });
    const a = start(input);
    send(a, 'NEXT', 'CHOOSE_DIFFERENT_METHOD');
    // Step 1 (INT-05): MFA methods only; not the one shown; never alternate phone, app passwords,
    // or FIDO2 without a strength or TAP asking for it (MTH table, INT-12).
    const step1 = ['SELECT_METHOD(softwareOath)', 'SELECT_METHOD(mobilePhone)', 'SELECT_METHOD(officePhone)'];
    expect(selectable(a)).toEqual(step1);
    const decision = evaluate(input);
    const allowed = stepPool(decision, []).filter((m) => m !== 'microsoftAuthenticator');
    expect(selectable(a)).toEqual(allowed.map((m) => `SELECT_METHOD(${m})`));
    expect(new Set(selectable(a)).size).toBe(selectable(a).length);

    // Step 2: SSPR-only methods join; what was registered here drops out.
    send(a, select('mobilePhone'), ...SET_UP.mobilePhone!, 'NEXT', 'CHOOSE_DIFFERENT_METHOD');
    expect(selectable(a)).toEqual([
      'SELECT_METHOD(softwareOath)', 'SELECT_METHOD(officePhone)', 'SELECT_METHOD(email)', 'SELECT_METHOD(securityQuestions)',
    ]);
  });

  it('INT-08: a partially registered user is asked only for what is missing', () => {
    const a = start(scenario({ user: { methods: ['mobilePhone'], defaultMethod: 'mobilePhoneText' } }));
    send(a, 'MFA_APPROVED', 'NEXT', 'CHOOSE_DIFFERENT_METHOD');
    expect(selectable(a)).not.toContain('SELECT_METHOD(mobilePhone)');
    send(a, select('email'), ...SET_UP.email!, 'NEXT');
    expect(stateOf(a)).toBe('wizard.review');
  });

  it('INT-12: office phone is a choice only with the business phone set', () => {
    const tenant = { authenticationMethods: { enabled: ['microsoftAuthenticator', 'officePhone'] as MethodId[] }, mfaRegistration: { identityProtection: true } };
    const withPhone = start(scenario({ tenant, user: { businessPhone: '+1 425 555 0100' } }));
    send(withPhone, 'NEXT', 'CHOOSE_DIFFERENT_METHOD', select('officePhone'), 'CALL_MISSED', 'RETRY', 'CALL_ANSWERED');
    expect(stateOf(withPhone)).toBe('wizard.methodDone');
    const without = start(scenario({ tenant }));
    send(without, 'NEXT');
    expect(can(without, ev('CHOOSE_DIFFERENT_METHOD'))).toBe(false);
  });

  it('STR-02: the strength wizard asks for one method, phone first, never email or security questions', () => {
    const a = start(scenario({
      tenant: {
        authenticationMethods: { enabled: ['microsoftAuthenticator', 'softwareOath', 'mobilePhone', 'email', 'securityQuestions'] },
        sspr: { enabledFor: 'all', methodsRequired: 2, requireRegistration: true },
        conditionalAccess: [{ name: 'MFA strength', grant: { authenticationStrength: 'multifactor' } }],
      },
    }));
    send(a, 'NEXT');
    expect(stateOf(a)).toBe('wizard.setup.mobilePhone.enterNumber');
    send(a, 'CHOOSE_DIFFERENT_METHOD');
    expect(selectable(a)).toEqual(['SELECT_METHOD(microsoftAuthenticator)', 'SELECT_METHOD(softwareOath)']);
    send(a, 'BACK', ...SET_UP.mobilePhone!, 'NEXT');
    expect(stateOf(a)).toBe('wizard.review');
  });

  it('MTH-06: a virtual number is rejected; a real one goes on to the code', () => {
    const a = start(scenario());
    send(a, 'NEXT', 'CHOOSE_DIFFERENT_METHOD', select('mobilePhone'), 'ENTER_VIRTUAL_NUMBER');
    expect(stateOf(a)).toBe('wizard.setup.mobilePhone.numberRejected');
    expect(can(a, ev('CODE_CORRECT'))).toBe(false);
    send(a, 'RETRY', 'ENTER_NUMBER', 'CODE_WRONG');
    expect(stateOf(a)).toBe('wizard.setup.mobilePhone.codeRejected');
    send(a, 'RETRY', 'CODE_CORRECT');
    expect(stateOf(a)).toBe('wizard.methodDone');
  });
});

describe('skip (INT-03, SSPR-04)', () => {
  const ssprOnly = () => scenario({
    tenant: {
      authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'email', 'securityQuestions'] },
      sspr: { enabledFor: 'all', methodsRequired: 1, requireRegistration: true },
    },
  });

  it('INT-03: only SSPR registration enforced: the user may skip, from any wizard screen', () => {
    const atIntro = start(ssprOnly());
    expect(can(atIntro, ev('SKIP'))).toBe(true);
    send(atIntro, 'SKIP');
    expect(stateOf(atIntro)).toBe('skipped');
    expect(statusOf(atIntro)).toBe('done');
    expect(auditLines(atIntro)).toEqual([]);

    const inChooser = start(ssprOnly());
    send(inChooser, 'NEXT', 'CHOOSE_DIFFERENT_METHOD');
    expect(selectable(inChooser)).toEqual(['SELECT_METHOD(mobilePhone)', 'SELECT_METHOD(email)', 'SELECT_METHOD(securityQuestions)']);
    send(inChooser, 'SKIP');
    expect(stateOf(inChooser)).toBe('skipped');
  });

  it('SSPR-04: MFA-driven registration cannot be skipped', () => {
    const a = start(scenario());
    expect(can(a, ev('SKIP'))).toBe(false);
    send(a, 'NEXT');
    expect(can(a, ev('SKIP'))).toBe(false);
    send(a, 'CHOOSE_DIFFERENT_METHOD');
    expect(can(a, ev('SKIP'))).toBe(false);
  });

  it('SSPR-04: the strength wizard cannot be skipped even with SSPR enabled', () => {
    const a = start(scenario({
      tenant: {
        authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'email'] },
        sspr: { enabledFor: 'all', methodsRequired: 1, requireRegistration: true },
        conditionalAccess: [{ name: 'MFA strength', grant: { authenticationStrength: 'multifactor' } }],
      },
    }));
    expect(can(a, ev('SKIP'))).toBe(false);
  });
});

describe('audit rows (AUD-01, AUD-02, AUD-03)', () => {
  it('AUD-03, AUD-01: each method, then the wizard, writes its row, exactly', () => {
    const a = start(scenario());
    send(a, 'NEXT', ...SET_UP.microsoftAuthenticator!, 'NEXT', ...SET_UP.mobilePhone!, 'NEXT');
    expect(auditLines(a)).toEqual([ROW.registered('Authenticator app'), ROW.registered('Phone')]);
    send(a, 'DONE');
    expect(stateOf(a)).toBe('registrationComplete');
    expect(a.getSnapshot().context.audit).toEqual([
      { rule: 'AUD-03', service: 'Authentication Methods', activity: 'User registered security info', status: 'Success', reason: 'User registered Authenticator app.' },
      { rule: 'AUD-03', service: 'Authentication Methods', activity: 'User registered security info', status: 'Success', reason: 'User registered Phone.' },
      { rule: 'AUD-01', service: 'Authentication Methods', activity: 'User registered all required security info', status: 'Success', reason: 'User registered all required security info.' },
    ]);
  });

  it('AUD-02, INT-10: cancel writes the Failure row and ends the flow', () => {
    const a = start(scenario());
    send(a, 'CANCEL');
    expect(stateOf(a)).toBe('canceled');
    expect(statusOf(a)).toBe('done');
    expect(a.getSnapshot().context.audit).toEqual([
      { rule: 'AUD-02', service: 'Authentication Methods', activity: 'User registered all required security info', status: 'Failure', reason: 'User canceled security info registration.' },
    ]);
  });

  it('AUD-02: a cancel after one method keeps that method\'s row, then the Failure row', () => {
    const a = start(scenario());
    send(a, 'NEXT', 'CHOOSE_DIFFERENT_METHOD', select('mobilePhone'), ...SET_UP.mobilePhone!, 'NEXT', 'CANCEL');
    expect(auditLines(a)).toEqual([ROW.registered('Phone'), ROW.canceled]);
  });

  it('AUD-03: the passkey is written as "Security key"', () => {
    const a = start(scenario({
      tenant: {
        authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'fido2', 'temporaryAccessPass'] },
        conditionalAccess: [{ name: 'phishing-resistant', grant: { authenticationStrength: 'phishingResistant' } }],
      },
      user: { tap: true },
    }));
    send(a, 'TAP_ACCEPTED', 'NEXT', 'NEXT', 'WEBAUTHN_SUCCESS', 'NEXT', 'DONE');
    expect(auditLines(a)).toEqual([ROW.registered('Security key'), ROW.registeredAll]);
  });

  it('INT-11: only registering writes rows: skip, blank page, MFA denied, dead end and no interruption write none', () => {
    const skipped = start(scenario({
      tenant: { authenticationMethods: { enabled: ['mobilePhone', 'email'] }, sspr: { enabledFor: 'all', requireRegistration: true } },
    }));
    send(skipped, 'SKIP');
    const denied = start(scenario({ user: { methods: ['mobilePhone'], defaultMethod: 'mobilePhoneText' } }));
    send(denied, 'MFA_DENIED');
    const deadEnd = start(scenario({
      tenant: {
        authenticationMethods: { enabled: ['mobilePhone', 'fido2'] },
        conditionalAccess: [{ name: 'phishing-resistant', grant: { authenticationStrength: 'phishingResistant' } }],
      },
    }));
    const notInterrupted = start(scenario({ tenant: { authenticationMethods: { enabled: ['mobilePhone'] } } }));
    const blank = start(scenario({ client: { app: 'ie11' } }));
    for (const [a, state] of [[skipped, 'skipped'], [denied, 'blocked'], [deadEnd, 'deadEnd'], [notInterrupted, 'accessGranted'], [blank, 'blankPage']] as const) {
      expect(stateOf(a)).toBe(state);
      expect(auditLines(a)).toEqual([]);
    }
  });
});
