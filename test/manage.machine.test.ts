import { readFileSync, readdirSync } from 'node:fs';
import { type AnyMachineSnapshot, type AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RegsimEvent } from '../machines/events.ts';
import { manageMachine, manageObserve } from '../machines/manage.machine.ts';
import { observeSecurityInfo, pageShown, type SecurityInfoContext } from '../machines/fragments/manage.ts';
import * as audit from '../src/domain/audit.ts';
import { addList, addableNow, defaultOf, openSecurityInfo, withAdded, withDeleted } from '../src/domain/manage.ts';
import type { MethodId } from '../src/domain/methods.ts';
import { isRuleId } from '../src/domain/rules.ts';
import { Scenario, type ScenarioInput } from '../src/scenario/schema.ts';
import { formatEvent, possibleEvents } from '../src/simulate/events.ts';
import { snapshotStateId } from '../src/simulate/stateId.ts';
import { ev, failedWalkChecks, graphSize, pick, walkMachine, words } from './support.ts';

// ─── helpers ────────────────────────────────────────────────────────────────

type Partial2<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };

/** A manage scenario: Authenticator, phone, email enabled; the user holds Authenticator (default). */
function scenario(over: Partial2<ScenarioInput> = {}): Scenario {
  return Scenario.parse({
    name: 'manage test',
    flow: 'manage',
    ...over,
    tenant: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'email'] }, sspr: { enabledFor: 'all' }, ...over.tenant },
    user: { methods: ['microsoftAuthenticator'], defaultMethod: 'authenticatorNotification', ...over.user },
  });
}


const walk = (s: Scenario, events: RegsimEvent[] = []): AnyMachineSnapshot => walkMachine(manageMachine, s, events);

const state = (s: AnyMachineSnapshot) => snapshotStateId(s);
const ctx = (s: AnyMachineSnapshot) => s.context as SecurityInfoContext;
const rows = (s: AnyMachineSnapshot) => ctx(s).audit.map(audit.formatAuditRow);
const events = (s: AnyMachineSnapshot) => possibleEvents(s).map(formatEvent);
const held = (s: AnyMachineSnapshot) => pageShown(ctx(s)).methods.map((h) => `${h.method}:${h.count}`);

const MFA = ev('MFA_APPROVED');

// ─── the gate ───────────────────────────────────────────────────────────────

describe('manage: the gate (GATE-01..03, MNG-01)', () => {
  it('a user with an MFA method completes MFA first, then sees the page', () => {
    const s = walk(scenario());
    expect(state(s)).toBe('mfaChallenge');
    expect(events(s)).toEqual(['MFA_APPROVED', 'MFA_DENIED']);
    expect(state(walk(scenario(), [MFA]))).toBe('overview');
    const denied = walk(scenario(), [ev('MFA_DENIED')]);
    expect(state(denied)).toBe('blocked');
    expect(denied.status).toBe('done');
  });

  it('a greenfield user goes straight to the page; a TAP user signs in with the pass', () => {
    expect(state(walk(scenario({ user: { methods: [], defaultMethod: null } })))).toBe('overview');
    const tap = scenario({ user: { methods: [], defaultMethod: null, tap: true } });
    expect(state(walk(tap))).toBe('tapSignIn');
    expect(state(walk(tap, [ev('TAP_ACCEPTED')]))).toBe('overview');
    expect(state(walk(tap, [ev('TAP_REJECTED')]))).toBe('blocked');
  });

  it('a legacy client shows a blank page; Conditional Access on the user action blocks', () => {
    expect(state(walk(scenario({ client: { app: 'adalLegacyWebView' } })))).toBe('blankPage');
    const ca = scenario({
      location: 'untrusted',
      tenant: { conditionalAccess: [{ name: 'Register only from trusted locations', target: 'registerSecurityInfo', grant: 'block', exceptTrustedLocations: true }] },
    } as Partial2<ScenarioInput>);
    expect(state(walk(ca))).toBe('blocked');
  });
});

// ─── the page ───────────────────────────────────────────────────────────────

describe('manage: the Security info page (MNG-01)', () => {
  it('possibleEvents lists the concrete events the overview offers', () => {
    const s = walk(scenario({ user: { methods: ['microsoftAuthenticator', 'mobilePhone', 'email'] } }), [MFA]);
    expect(state(s)).toBe('overview');
    expect(events(s)).toEqual([
      'ADD_METHOD', 'CHANGE_DEFAULT', 'SIGN_OUT',
      'CHANGE(mobilePhone)', 'CHANGE(email)',
      'DELETE(microsoftAuthenticator)', 'DELETE(mobilePhone)', 'DELETE(email)',
    ]);
  });

  it('SIGN_OUT ends the flow in signedOut', () => {
    const s = walk(scenario(), [MFA, ev('SIGN_OUT')]);
    expect(state(s)).toBe('signedOut');
    expect(s.status).toBe('done');
  });
});

describe('manage: add a method (MNG-02, MTH-01, MTH-02, AUD-03)', () => {
  it('adds a phone with the wizard\'s setup screens and writes AUD-03', () => {
    const s0 = walk(scenario(), [MFA, ev('ADD_METHOD')]);
    expect(state(s0)).toBe('addPicker');
    expect(events(s0)).toEqual(['BACK', 'SELECT_METHOD(microsoftAuthenticator)', 'SELECT_METHOD(mobilePhone)', 'SELECT_METHOD(email)']);
    const s = walk(scenario(), [MFA, ev('ADD_METHOD'), ev('SELECT_METHOD', 'mobilePhone'), ev('ENTER_NUMBER'), ev('CODE_CORRECT')]);
    expect(state(s)).toBe('overview');
    expect(held(s)).toEqual(['microsoftAuthenticator:1', 'mobilePhone:1']);
    expect(ctx(s).current).toBeNull();
    expect(ctx(s).audit).toEqual([audit.methodRegistered('mobilePhone')]);
    expect(rows(s)).toEqual(['User registered security info | Success | User registered Phone.']);
  });

  it('cannot add a disabled method', () => {
    const s = walk(scenario(), [MFA, ev('ADD_METHOD')]);
    expect(s.can(ev('SELECT_METHOD', 'softwareOath'))).toBe(false);
    expect(s.can(ev('SELECT_METHOD', 'fido2'))).toBe(false);
  });

  it('stops offering a method at its maximum (MTH-02) and offers it again after a delete', () => {
    const atMax = scenario({ user: { methods: [{ method: 'microsoftAuthenticator', count: 5 }] } } as Partial2<ScenarioInput>);
    expect(walk(atMax, [MFA, ev('ADD_METHOD')]).can(ev('SELECT_METHOD', 'microsoftAuthenticator'))).toBe(false);
    const after = walk(atMax, [MFA, ev('DELETE', 'microsoftAuthenticator'), ev('CONFIRM'), ev('BACKEND_OK'), ev('ADD_METHOD')]);
    expect(held(after)).toEqual(['microsoftAuthenticator:4']);
    expect(after.can(ev('SELECT_METHOD', 'microsoftAuthenticator'))).toBe(true);
    // the fifth Authenticator reaches the max again
    const fifth = walk(atMax, [MFA, ev('DELETE', 'microsoftAuthenticator'), ev('CONFIRM'), ev('BACKEND_OK'), ev('ADD_METHOD'),
      ev('SELECT_METHOD', 'microsoftAuthenticator'), ev('NEXT'), ev('QR_SCANNED'), ev('NOTIFICATION_APPROVED'), ev('ADD_METHOD')]);
    expect(held(fifth)).toEqual(['microsoftAuthenticator:5']);
    expect(fifth.can(ev('SELECT_METHOD', 'microsoftAuthenticator'))).toBe(false);
  });

  it('counts registrations as the rules read them [A]: from one, an add makes several and the next one reaches the maximum (MTH-02)', () => {
    const add = [ev('ADD_METHOD'), ev('SELECT_METHOD', 'microsoftAuthenticator'), ev('NEXT'), ev('QR_SCANNED'), ev('NOTIFICATION_APPROVED')];
    const several = walk(scenario(), [MFA, ...add, ev('ADD_METHOD')]);
    expect(several.can(ev('SELECT_METHOD', 'microsoftAuthenticator'))).toBe(true);
    const full = walk(scenario(), [MFA, ...add, ...add, ev('ADD_METHOD')]);
    expect(full.can(ev('SELECT_METHOD', 'microsoftAuthenticator'))).toBe(false);
    // ...and each saved registration still writes its own AUD-03 row.
    expect(rows(full)).toEqual([audit.methodRegistered('microsoftAuthenticator'), audit.methodRegistered('microsoftAuthenticator')].map(audit.formatAuditRow));
    // Deleting one of several leaves one listed (MNG-04); deleting that one removes it and the default.
    const del = [ev('DELETE', 'microsoftAuthenticator'), ev('CONFIRM'), ev('BACKEND_OK')];
    const one = walk(scenario(), [MFA, ...add, ...del]);
    expect(held(one)).toEqual(['microsoftAuthenticator:1']);
    const none = walk(scenario(), [MFA, ...add, ...del, ...del]);
    expect(held(none)).toEqual([]);
    expect(defaultOf(pageShown(ctx(none)))).toBeNull();
  });

  it('alternate phone needs voice calls; office phone needs no business phone here', () => {
    const enabled: MethodId[] = ['microsoftAuthenticator', 'alternateMobilePhone', 'officePhone'];
    const on = walk(scenario({ tenant: { authenticationMethods: { enabled } } } as Partial2<ScenarioInput>), [MFA, ev('ADD_METHOD')]);
    expect(on.can(ev('SELECT_METHOD', 'alternateMobilePhone'))).toBe(true);
    expect(on.can(ev('SELECT_METHOD', 'officePhone'))).toBe(true);
    const off = walk(scenario({ tenant: { authenticationMethods: { enabled, voiceCalls: false } } } as Partial2<ScenarioInput>), [MFA, ev('ADD_METHOD')]);
    expect(off.can(ev('SELECT_METHOD', 'alternateMobilePhone'))).toBe(false);
  });

  it('MNG-02: with no business phone to call, the office phone\'s number is typed in first (a virtual one refused), then called', () => {
    const s = scenario({ tenant: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'officePhone'] } } } as Partial2<ScenarioInput>);
    const picked = walk(s, [MFA, ev('ADD_METHOD'), ev('SELECT_METHOD', 'officePhone')]);
    expect(state(picked)).toBe('adding.officePhone.enterNumber');
    expect(picked.can(ev('CALL_ANSWERED'))).toBe(false);
    expect(state(walk(s, [MFA, ev('ADD_METHOD'), ev('SELECT_METHOD', 'officePhone'), ev('ENTER_VIRTUAL_NUMBER')]))).toBe('adding.officePhone.numberRejected');
    const saved = walk(s, [MFA, ev('ADD_METHOD'), ev('SELECT_METHOD', 'officePhone'), ev('ENTER_NUMBER'), ev('CALL_ANSWERED')]);
    expect(state(saved)).toBe('overview');
    expect(held(saved)).toContain('officePhone:1');
  });

  it('app passwords only for per-user-MFA-enforced users', () => {
    const t = { authenticationMethods: { enabled: ['microsoftAuthenticator', 'appPassword'] as MethodId[] } };
    const enforced = walk(scenario({ tenant: t, user: { perUserMfa: 'enforced' } } as Partial2<ScenarioInput>), [MFA, ev('ADD_METHOD')]);
    expect(enforced.can(ev('SELECT_METHOD', 'appPassword'))).toBe(true);
    const caUser = walk(scenario({ tenant: t, user: { perUserMfa: 'disabled' } } as Partial2<ScenarioInput>), [MFA, ev('ADD_METHOD')]);
    expect(caUser.can(ev('SELECT_METHOD', 'appPassword'))).toBe(false);
  });

  it('CANCEL leaves the setup screens without saving; CHOOSE_DIFFERENT_METHOD returns to the Add list', () => {
    const s = walk(scenario(), [MFA, ev('ADD_METHOD'), ev('SELECT_METHOD', 'email'), ev('CANCEL')]);
    expect(state(s)).toBe('overview');
    expect(held(s)).toEqual(['microsoftAuthenticator:1']);
    expect(ctx(s).audit).toEqual([]);
    const back = walk(scenario(), [MFA, ev('ADD_METHOD'), ev('SELECT_METHOD', 'email'), ev('CHOOSE_DIFFERENT_METHOD')]);
    expect(state(back)).toBe('addPicker');
    expect(ctx(back).current).toBeNull();
  });

  it('a FIDO2 key: the browser ceremony saves it; the Windows App on macOS hangs (PK-03)', () => {
    const t = { authenticationMethods: { enabled: ['microsoftAuthenticator', 'fido2'] as MethodId[] } };
    const key = [MFA, ev('ADD_METHOD'), ev('SELECT_METHOD', 'fido2'), ev('NEXT')];
    const ok = walk(scenario({ tenant: t } as Partial2<ScenarioInput>), [...key, ev('WEBAUTHN_SUCCESS')]);
    expect(state(ok)).toBe('overview');
    expect(rows(ok)).toEqual(['User registered security info | Success | User registered Security key.']);
    const mac = walk(scenario({ tenant: t, client: { app: 'windowsApp', os: 'macos' } } as Partial2<ScenarioInput>), key);
    expect(state(mac)).toBe('stuck');
    expect(mac.status).toBe('done');
    const timeout = walk(scenario({ tenant: t } as Partial2<ScenarioInput>), [...key, ev('WEBAUTHN_TIMEOUT')]);
    expect(state(timeout)).toBe('adding.fido2.error');
    expect(events(timeout)).toEqual(['CANCEL', 'CHOOSE_DIFFERENT_METHOD', 'RETRY']);
  });
});

describe('manage: change (MNG-03)', () => {
  const s0 = scenario({ user: { methods: ['microsoftAuthenticator', 'mobilePhone', 'email', 'securityQuestions'] } });

  it('cannot CHANGE Authenticator or security questions; can change phone and email', () => {
    const s = walk(s0, [MFA]);
    expect(s.can(ev('CHANGE', 'microsoftAuthenticator'))).toBe(false);
    expect(s.can(ev('CHANGE', 'securityQuestions'))).toBe(false);
    expect(s.can(ev('CHANGE', 'mobilePhone'))).toBe(true);
    expect(s.can(ev('CHANGE', 'email'))).toBe(true);
    expect(s.can(ev('CHANGE', 'officePhone'))).toBe(false); // not held
  });

  it('a saved change returns to the page; a failed one shows the failure screen, then back', () => {
    const ok = walk(s0, [MFA, ev('CHANGE', 'mobilePhone'), ev('BACKEND_OK')]);
    expect(state(ok)).toBe('overview');
    expect(ctx(ok).current).toBeNull();
    const failed = walk(s0, [MFA, ev('CHANGE', 'mobilePhone'), ev('BACKEND_FAILED')]);
    expect(state(failed)).toBe('changeFailed');
    expect(events(failed)).toEqual(['BACK']);
    expect(state(walk(s0, [MFA, ev('CHANGE', 'mobilePhone'), ev('BACKEND_FAILED'), ev('BACK')]))).toBe('overview');
  });
});

describe('manage: delete (MNG-04, AUD-06, AUD-07)', () => {
  const s0 = scenario({ user: { methods: ['microsoftAuthenticator', 'mobilePhone', 'email'] } });
  const del = (m: MethodId) => [ev('DELETE', m), ev('CONFIRM')];

  it('success removes the method and writes AUD-06', () => {
    const s = walk(s0, [MFA, ...del('email'), ev('BACKEND_OK')]);
    expect(state(s)).toBe('overview');
    expect(held(s)).toEqual(['microsoftAuthenticator:1', 'mobilePhone:1']);
    expect(ctx(s).audit).toEqual([audit.methodDeleted('email')]);
    expect(rows(s)).toEqual(['User deleted security info | Success | User deleted Email.']);
  });

  it('a backend failure keeps the method and writes AUD-07', () => {
    const s = walk(s0, [MFA, ...del('email'), ev('BACKEND_FAILED')]);
    expect(state(s)).toBe('deleteFailed');
    expect(rows(s)).toEqual(['User deleted security info | Failure | User failed to delete Email.']);
    const back = walk(s0, [MFA, ...del('email'), ev('BACKEND_FAILED'), ev('BACK')]);
    expect(held(back)).toEqual(['microsoftAuthenticator:1', 'mobilePhone:1', 'email:1']);
  });

  it('CANCEL on the confirmation keeps the method; deleting the default leaves none [A]', () => {
    const kept = walk(s0, [MFA, ev('DELETE', 'email'), ev('CANCEL')]);
    expect(state(kept)).toBe('overview');
    expect(held(kept)).toHaveLength(3);
    const s = walk(s0, [MFA, ...del('microsoftAuthenticator'), ev('BACKEND_OK')]);
    expect(pageShown(ctx(s)).defaultOption).toBeNull();
    expect(rows(s)).toEqual(['User deleted security info | Success | User deleted Authenticator app.']);
  });

  it('a hardware token can be deleted but never added; a TAP is not the user\'s to delete', () => {
    const s = walk(scenario({ user: { methods: ['hardwareOath', 'temporaryAccessPass'], defaultMethod: 'appOrTokenCode' } }), [MFA]);
    expect(s.can(ev('DELETE', 'hardwareOath'))).toBe(true);
    expect(s.can(ev('DELETE', 'temporaryAccessPass'))).toBe(false);
  });
});

describe('manage: change the default (MNG-05, MTH-04, AUD-08, AUD-09)', () => {
  const s0 = scenario({ user: { methods: ['microsoftAuthenticator', 'mobilePhone', 'email', 'securityQuestions'] } });

  it('offers the sign-in options of the methods held, other than the current default: never email or security questions', () => {
    const s = walk(s0, [MFA, ev('CHANGE_DEFAULT')]);
    expect(state(s)).toBe('defaultPicker');
    // MTH-04 [C]: the Authenticator's code, and the phone's call and text; its notification is the default already.
    expect(events(s)).toEqual(['BACK', 'SELECT_DEFAULT(appOrTokenCode)', 'SELECT_DEFAULT(mobilePhoneCall)', 'SELECT_DEFAULT(mobilePhoneText)']);
    expect(s.can(ev('SELECT_METHOD', 'email'))).toBe(false);
    expect(s.can(pick('authenticatorNotification'))).toBe(false);
    expect(s.can(pick('officePhoneCall'))).toBe(false);
  });

  it('a mobile phone can be made the default by call: AUD-08 names "Call +X XXXXXXXXXX" [T]', () => {
    const ok = walk(s0, [MFA, ev('CHANGE_DEFAULT'), pick('mobilePhoneCall'), ev('BACKEND_OK')]);
    expect(state(ok)).toBe('overview');
    expect(pageShown(ctx(ok)).defaultOption).toBe('mobilePhoneCall');
    expect(rows(ok)).toEqual(['User changed default security info | Success | User changed the default security info for Call +X XXXXXXXXXX.']);
  });

  it('success sets the default and writes AUD-08; failure keeps it and writes AUD-09', () => {
    const ok = walk(s0, [MFA, ev('CHANGE_DEFAULT'), pick('mobilePhoneText'), ev('BACKEND_OK')]);
    expect(state(ok)).toBe('overview');
    expect(pageShown(ctx(ok)).defaultOption).toBe('mobilePhoneText');
    expect(ctx(ok).audit).toEqual([audit.defaultChanged('mobilePhoneText')]);
    expect(rows(ok)[0]).toMatch(/^User changed default security info \| Success \| User changed the default security info for .+\.$/);
    const failed = walk(s0, [MFA, ev('CHANGE_DEFAULT'), pick('mobilePhoneText'), ev('BACKEND_FAILED')]);
    expect(state(failed)).toBe('defaultFailed');
    expect(pageShown(ctx(failed)).defaultOption).toBe('authenticatorNotification');
    expect(ctx(failed).audit).toEqual([audit.defaultChangeFailed('mobilePhoneText')]);
  });

  it('CHANGE_DEFAULT is not offered when nothing held gives another option', () => {
    const s = walk(scenario({ user: { methods: ['softwareOath', 'email'], defaultMethod: 'appOrTokenCode' } }), [MFA]);
    expect(s.can(ev('CHANGE_DEFAULT'))).toBe(false);
  });

  it('deleting one of two code-giving apps keeps the code default; deleting the last clears it', () => {
    const two = scenario({ tenant: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'softwareOath'] } }, user: { methods: ['microsoftAuthenticator', 'softwareOath'], defaultMethod: 'appOrTokenCode' } });
    const del = (m: MethodId) => [ev('DELETE', m), ev('CONFIRM'), ev('BACKEND_OK')];
    const one = walk(two, [MFA, ...del('softwareOath')]);
    expect(pageShown(ctx(one)).defaultOption).toBe('appOrTokenCode');
    expect(pageShown(ctx(walk(two, [MFA, ...del('softwareOath'), ...del('microsoftAuthenticator')]))).defaultOption).toBeNull();
  });

  it('voice calls off: no "Phone call" option (MTH-04 [A]); a virtual number gives no option (MTH-06)', () => {
    const noVoice = scenario({ tenant: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone'], voiceCalls: false } }, user: { methods: ['microsoftAuthenticator', 'mobilePhone'] } });
    expect(events(walk(noVoice, [MFA, ev('CHANGE_DEFAULT')]))).toEqual(['BACK', 'SELECT_DEFAULT(appOrTokenCode)', 'SELECT_DEFAULT(mobilePhoneText)']);
    const virtual = scenario({ user: { methods: ['microsoftAuthenticator', { method: 'mobilePhone', virtual: true }] } });
    expect(events(walk(virtual, [MFA, ev('CHANGE_DEFAULT')]))).toEqual(['BACK', 'SELECT_DEFAULT(appOrTokenCode)']);
  });
});

describe('manage: policy propagation (GATE-04, MNG-07)', () => {
  const pending = scenario({
    tenant: {
      authenticationMethods: { enabled: ['microsoftAuthenticator', 'softwareOath', 'mobilePhone'] },
      propagation: { changedMinutesAgo: 20, windowMinutes: 60, previous: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone'] } } },
    },
  } as Partial2<ScenarioInput>);

  it('the Add list follows the previous policy until WAIT_FOR_PROPAGATION moves the simulated clock', () => {
    const before = walk(pending, [MFA, ev('ADD_METHOD')]);
    expect(before.can(ev('SELECT_METHOD', 'softwareOath'))).toBe(false);
    const overview = walk(pending, [MFA]);
    expect(events(overview)).toContain('WAIT_FOR_PROPAGATION');
    const after = walk(pending, [MFA, ev('WAIT_FOR_PROPAGATION')]);
    expect(state(after)).toBe('overview');
    expect(ctx(after).page.minutesElapsed).toBe(40);
    expect(events(after)).not.toContain('WAIT_FOR_PROPAGATION');
    const picker = walk(pending, [MFA, ev('WAIT_FOR_PROPAGATION'), ev('ADD_METHOD')]);
    expect(picker.can(ev('SELECT_METHOD', 'softwareOath'))).toBe(true);
  });

  it('WAIT_FOR_PROPAGATION is not offered when nothing is propagating', () => {
    expect(walk(scenario(), [MFA]).can(ev('WAIT_FOR_PROPAGATION'))).toBe(false);
  });

  it('addList: the options arg asks with the window passed; the default call is unchanged', () => {
    expect(addList(pending, pending.user.methods).addable).toEqual(['microsoftAuthenticator', 'mobilePhone']);
    expect(addList(pending, pending.user.methods).missing).toContainEqual(expect.objectContaining({ method: 'softwareOath', cause: 'notPropagated' }));
    expect(addList(pending, pending.user.methods, { propagated: true }).addable).toEqual(['microsoftAuthenticator', 'softwareOath', 'mobilePhone']);
    expect(addList(pending, pending.user.methods, { elapsedMinutes: 39 }).addable).not.toContain('softwareOath');
    expect(addList(pending, pending.user.methods, { elapsedMinutes: 40 }).addable).toContain('softwareOath');
  });
});

describe('manage: switch directory (MNG-06)', () => {
  const guest = scenario({
    tenant: { name: 'fabrikam', authenticationMethods: { enabled: ['mobilePhone'] } },
    user: {
      type: 'guest', methods: ['mobilePhone'], defaultMethod: 'mobilePhoneText',
      home: { name: 'contoso', authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'softwareOath'] }, methods: ['microsoftAuthenticator', 'mobilePhone'] },
    },
  } as Partial2<ScenarioInput>);

  it('each tenant keeps its own list: deleting the phone at home leaves it in the resource tenant', () => {
    const home = walk(guest, [MFA, ev('SWITCH_DIRECTORY')]);
    expect(ctx(home).page.directory).toBe('home');
    expect(held(home)).toEqual(['microsoftAuthenticator:1', 'mobilePhone:1']);
    const deleted = walk(guest, [MFA, ev('SWITCH_DIRECTORY'), ev('DELETE', 'mobilePhone'), ev('CONFIRM'), ev('BACKEND_OK')]);
    expect(held(deleted)).toEqual(['microsoftAuthenticator:1']);
    const back = walk(guest, [MFA, ev('SWITCH_DIRECTORY'), ev('DELETE', 'mobilePhone'), ev('CONFIRM'), ev('BACKEND_OK'), ev('SWITCH_DIRECTORY')]);
    expect(ctx(back).page.directory).toBe('resource');
    expect(held(back)).toEqual(['mobilePhone:1']);
    expect(pageShown(ctx(back)).defaultOption).toBe('mobilePhoneText');
    expect(ctx(back).page.home?.methods.map((h) => h.method)).toEqual(['microsoftAuthenticator']);
  });

  it('the Add list follows the tenant shown', () => {
    const resource = walk(guest, [MFA, ev('ADD_METHOD')]);
    expect(resource.can(ev('SELECT_METHOD', 'softwareOath'))).toBe(false);
    const home = walk(guest, [MFA, ev('SWITCH_DIRECTORY'), ev('ADD_METHOD')]);
    expect(home.can(ev('SELECT_METHOD', 'softwareOath'))).toBe(true);
    expect(addableNow(guest, { ...openSecurityInfo(guest), directory: 'home' })).toEqual(['microsoftAuthenticator', 'softwareOath']);
  });

  it('members cannot switch directory', () => {
    expect(walk(scenario(), [MFA]).can(ev('SWITCH_DIRECTORY'))).toBe(false);
    expect(events(walk(guest, [MFA]))).toContain('SWITCH_DIRECTORY');
  });
});

// ─── the page as a value ────────────────────────────────────────────────────

describe('manage: pure page updates', () => {
  it('counts add up and come down per method; the list stays in page order', () => {
    const s = scenario({ user: { methods: ['email', 'microsoftAuthenticator'], defaultMethod: null } });
    let p = openSecurityInfo(s);
    expect(p.resource.methods.map((h) => h.method)).toEqual(['microsoftAuthenticator', 'email']);
    p = withAdded(withAdded(p, 'microsoftAuthenticator'), 'mobilePhone');
    expect(p.resource.methods.map((h) => `${h.method}:${h.count}`)).toEqual(['microsoftAuthenticator:2', 'mobilePhone:1', 'email:1']);
    p = withDeleted(p, 'microsoftAuthenticator');
    expect(p.resource.methods.map((h) => `${h.method}:${h.count}`)).toEqual(['microsoftAuthenticator:1', 'mobilePhone:1', 'email:1']);
  });
});

// ─── structure and state space ──────────────────────────────────────────────

function allNodes(root: AnyStateNode): AnyStateNode[] {
  return Object.values(root.states as Record<string, AnyStateNode>).flatMap((n) => [n, ...allNodes(n)]);
}

describe('manage: definition', () => {
  it('every state has a one-sentence description; every rule cited exists', () => {
    for (const node of allNodes(manageMachine.root)) {
      const meta = node.meta as { description?: string; rules?: string[] } | undefined;
      expect(meta?.description, node.id).toBeTruthy();
      for (const r of meta?.rules ?? []) expect(isRuleId(r), `${node.id}: ${r}`).toBe(true);
      for (const ts of node.transitions.values()) for (const t of ts) {
        for (const r of ((t as { meta?: { rules?: string[] } }).meta?.rules ?? [])) expect(isRuleId(r), `${node.id}: ${r}`).toBe(true);
      }
    }
  });

  it('the observed context never includes the audit log, and lists are in page order', () => {
    const s = walk(scenario(), [MFA, ev('ADD_METHOD'), ev('SELECT_METHOD', 'email'), ev('ENTER_EMAIL'), ev('CODE_CORRECT')]);
    const o = words(manageObserve, ctx(s));
    // The same page with another audit log is the same key.
    expect(ctx(s).audit.length).toBeGreaterThan(0);
    expect(words(manageObserve, { ...ctx(s), audit: [] })).toEqual(o);
    expect(o).toEqual(words(observeSecurityInfo, ctx(s)));
    expect(o).toBe('- - resource | microsoftAuthenticator, email; default authenticatorNotification');
  });
});

const SCENARIOS = new URL('../scenarios/', import.meta.url);
const walkFiles = readdirSync(SCENARIOS).filter((f) => /^walk-manage-.*\.yaml$/.test(f)).sort();
const loadYaml = (f: string): Scenario => Scenario.parse(parse(readFileSync(new URL(f, SCENARIOS), 'utf8')));

describe('manage: walk scenarios', () => {
  it('ships the five walk-manage scenarios', () => {
    expect(walkFiles).toEqual([
      'walk-manage-add-phone-success.yaml', 'walk-manage-change-default.yaml', 'walk-manage-delete-failure.yaml',
      'walk-manage-guest-switch-directory.yaml', 'walk-manage-policy-propagation.yaml',
    ]);
  });

  it.each(walkFiles)('%s walks its steps to its expected final state and audit rows', (f) => {
    const s = loadYaml(f);
    expect(s.flow).toBe('manage');
    expect(s.expect.final).toBeDefined();
    expect(failedWalkChecks(s)).toEqual([]);
  });

  it.each(walkFiles)('%s: the reachable graph is finite and modest, and reaches signedOut', (f) => {
    const { nodes, edges, finals } = graphSize(loadYaml(f));
    console.log(`[graph] manage ${f}: ${nodes} nodes, ${edges} edges`);
    expect(nodes).toBeGreaterThan(10);
    // Each directory's default is one of the sign-in options its methods give (MTH-04), so a
    // guest's two lists with a call and a text each make the largest of these graphs.
    expect(nodes).toBeLessThan(8000);
    expect(finals.has('signedOut')).toBe(true);
  });
});
