import { readFileSync, readdirSync } from 'node:fs';
import { type AnyMachineSnapshot, type AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { shownScreen } from '../machines/catalogue/index.ts';
import type { RegsimEvent } from '../machines/events.ts';
import { manageMachine } from '../machines/manage.machine.ts';
import { ssprRefreshMachine, ssprRefreshObserve } from '../machines/ssprRefresh.machine.ts';
import { pageShown, type SecurityInfoContext } from '../machines/fragments/manage.ts';
import * as audit from '../src/domain/audit.ts';
import { refreshEntry, reviewList } from '../src/domain/refresh.ts';
import { isRuleId } from '../src/domain/rules.ts';
import { Scenario, type ScenarioInput } from '../src/scenario/schema.ts';
import { formatEvent, possibleEvents } from '../src/simulate/events.ts';
import { snapshotStateId } from '../src/simulate/stateId.ts';
import { ev, failedWalkChecks, graphSize, walkMachine, words } from './support.ts';

// ─── helpers ────────────────────────────────────────────────────────────────

type Partial2<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };

/** Due for review: SSPR for all, two methods, reconfirm every 180 days, last review 200 days ago. */
function scenario(over: Partial2<ScenarioInput> = {}): Scenario {
  return Scenario.parse({
    name: 'refresh test',
    flow: 'ssprRefresh',
    ...over,
    tenant: {
      authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'email', 'securityQuestions'] },
      sspr: { enabledFor: 'all', methodsRequired: 2, reconfirmDays: 180 },
      ...over.tenant,
    },
    user: { methods: ['email', 'mobilePhone', 'microsoftAuthenticator'], defaultMethod: 'authenticatorNotification', lastReviewedDaysAgo: 200, ...over.user },
  });
}


const walk = (s: Scenario, events: RegsimEvent[] = []): AnyMachineSnapshot => walkMachine(ssprRefreshMachine, s, events);

const state = (s: AnyMachineSnapshot) => snapshotStateId(s);
const ctx = (s: AnyMachineSnapshot) => s.context as SecurityInfoContext;
const rows = (s: AnyMachineSnapshot) => ctx(s).audit.map(audit.formatAuditRow);
const events = (s: AnyMachineSnapshot) => possibleEvents(s).map(formatEvent);
const MFA = ev('MFA_APPROVED');

const REVIEWED = 'User reviewed security info | Success | User successfully reviewed security info.';
const REVIEW_FAILED = 'User reviewed security info | Failure | User failed to review security info.';

// ─── domain ─────────────────────────────────────────────────────────────────

describe('refresh domain (REF-01)', () => {
  it('reviewList: every registered method, MFA methods first, most secure first', () => {
    expect(reviewList(['email', 'securityQuestions', 'mobilePhone', 'hardwareOath', 'microsoftAuthenticator', 'fido2']))
      .toEqual(['fido2', 'microsoftAuthenticator', 'mobilePhone', 'hardwareOath', 'email', 'securityQuestions']);
    expect(reviewList([{ method: 'microsoftAuthenticator', count: 2, virtual: false }, 'email'])).toEqual(['microsoftAuthenticator', 'email']);
    expect(reviewList([])).toEqual([]);
  });

  it('refreshEntry routes by the policy engine\'s decision', () => {
    expect(refreshEntry(scenario())).toBe('mfaFirst');
    expect(refreshEntry(scenario({ user: { lastReviewedDaysAgo: 30 } }))).toBe('notDue');
    expect(refreshEntry(scenario({ client: { app: 'ie11' } }))).toBe('blankPage');
    // REF-01 before GATE-03: a sign-in with no review due is not directed to the page, so no blank page.
    expect(refreshEntry(scenario({ client: { app: 'ie11' }, user: { lastReviewedDaysAgo: 30 } }))).toBe('notDue');
    // only SSPR-only methods held: no MFA method to challenge (GATE-01 applies to MFA-capable users)
    expect(refreshEntry(scenario({ user: { methods: ['email', 'securityQuestions'], defaultMethod: null } }))).toBe('open');
  });
});

// ─── the gate ───────────────────────────────────────────────────────────────

describe('ssprRefresh: the gate (GATE-01..03, REF-01)', () => {
  it('"Users must perform multifactor authentication to access this page"', () => {
    const s = walk(scenario());
    expect(state(s)).toBe('mfaChallenge');
    expect(shownScreen(s)).toBe('mfaChallenge');
    expect(state(walk(scenario(), [MFA]))).toBe('review');
    expect(state(walk(scenario(), [ev('MFA_DENIED')]))).toBe('blocked');
  });

  it('a sign-in that is not a refresh ends in noReviewDue', () => {
    const notYet = walk(scenario({ user: { lastReviewedDaysAgo: 10 } }));
    expect(state(notYet)).toBe('noReviewDue');
    expect(notYet.status).toBe('done');
    // SSPR still needs a second method: registration, not a review, applies
    expect(state(walk(scenario({ tenant: { sspr: { enabledFor: 'all', methodsRequired: 2, reconfirmDays: 180, requireRegistration: true } }, user: { methods: ['microsoftAuthenticator'] } } as Partial2<ScenarioInput>)))).toBe('noReviewDue');
    expect(state(walk(scenario({ tenant: { sspr: { enabledFor: 'all', methodsRequired: 2, reconfirmDays: 0 } } } as Partial2<ScenarioInput>)))).toBe('noReviewDue');
  });

  it('legacy clients show a blank page; a TAP satisfies the gate', () => {
    expect(state(walk(scenario({ client: { app: 'adalLegacyWebView' } })))).toBe('blankPage');
    const tap = scenario({ user: { methods: ['email', 'securityQuestions'], defaultMethod: null, tap: true } });
    expect(state(walk(tap))).toBe('tapSignIn');
    expect(state(walk(tap, [ev('TAP_ACCEPTED')]))).toBe('review');
  });
});

// ─── the review ─────────────────────────────────────────────────────────────

describe('ssprRefresh: review (REF-01, REF-02)', () => {
  it('the review offers Looks good and Edit', () => {
    const s = walk(scenario(), [MFA]);
    expect(events(s)).toEqual(['LOOKS_GOOD', 'EDIT']);
    expect(reviewList(pageShown(ctx(s)).methods)).toEqual(['microsoftAuthenticator', 'mobilePhone', 'email']);
  });

  it('Looks good + backend OK writes AUD-04 and grants access', () => {
    const s = walk(scenario(), [MFA, ev('LOOKS_GOOD'), ev('BACKEND_OK')]);
    expect(state(s)).toBe('accessGranted');
    expect(s.status).toBe('done');
    expect(ctx(s).audit).toEqual([audit.reviewed()]);
    expect(rows(s)).toEqual([REVIEWED]);
  });

  it('a backend failure writes AUD-05; the user must retry from the review to continue', () => {
    const failed = walk(scenario(), [MFA, ev('LOOKS_GOOD'), ev('BACKEND_FAILED')]);
    expect(state(failed)).toBe('reviewFailed');
    expect(events(failed)).toEqual(['RETRY']);
    expect(rows(failed)).toEqual([REVIEW_FAILED]);
    const retried = walk(scenario(), [MFA, ev('LOOKS_GOOD'), ev('BACKEND_FAILED'), ev('RETRY'), ev('LOOKS_GOOD'), ev('BACKEND_OK')]);
    expect(state(retried)).toBe('accessGranted');
    expect(rows(retried)).toEqual([REVIEW_FAILED, REVIEWED]);
  });
});

describe('ssprRefresh: edit (REF-03: changes follow the MNG rules)', () => {
  it('nests the same Security info page as manage mode, not a copy', () => {
    const editing = ssprRefreshMachine.root.states.editing!;
    const pageStates = Object.keys(editing.states);
    // Manage's own entry (the gate and the ADM-01 legacy SSPR page route) and finals are not the page.
    const entry = ['start', 'legacySsprSetup', 'legacyMfaChallenge', 'legacySsprPage', 'gate', 'mfaChallenge', 'tapSignIn', 'signedOut', 'blocked', 'blankPage', 'stuck'];
    const manageStates = Object.keys(manageMachine.root.states).filter((k) => !entry.includes(k));
    expect(pageStates).toEqual(manageStates);
    const setupScreens = (n: AnyStateNode) => Object.keys(n.states.adding!.states);
    expect(setupScreens(editing)).toEqual(setupScreens(manageMachine.root));
  });

  it('the MNG guards apply: cannot change Authenticator, cannot make email default, cannot add a disabled method', () => {
    const page = walk(scenario(), [MFA, ev('EDIT')]);
    expect(state(page)).toBe('editing.overview');
    expect(page.can(ev('CHANGE', 'microsoftAuthenticator'))).toBe(false);
    expect(page.can(ev('CHANGE', 'mobilePhone'))).toBe(true);
    const def = walk(scenario(), [MFA, ev('EDIT'), ev('CHANGE_DEFAULT')]);
    // MTH-04: the options of the methods held, bar the default (Authenticator notification); never email.
    expect(events(def)).toEqual(['BACK', 'SELECT_DEFAULT(appOrTokenCode)', 'SELECT_DEFAULT(mobilePhoneCall)', 'SELECT_DEFAULT(mobilePhoneText)']);
    const add = walk(scenario(), [MFA, ev('EDIT'), ev('ADD_METHOD')]);
    expect(add.can(ev('SELECT_METHOD', 'softwareOath'))).toBe(false);
    expect(add.can(ev('SELECT_METHOD', 'securityQuestions'))).toBe(true);
  });

  it('the page in the review has DONE instead of SIGN_OUT, and no Switch directory', () => {
    const overview = ssprRefreshMachine.root.states.editing!.states.overview!;
    const handled = [...overview.transitions.keys()];
    expect(handled).toContain('DONE');
    expect(handled).not.toContain('SIGN_OUT');
    expect(handled).not.toContain('SWITCH_DIRECTORY');
    const page = walk(scenario(), [MFA, ev('EDIT')]);
    expect(events(page)).toEqual([
      'DONE', 'ADD_METHOD', 'CHANGE_DEFAULT',
      'CHANGE(mobilePhone)', 'CHANGE(email)',
      'DELETE(microsoftAuthenticator)', 'DELETE(mobilePhone)', 'DELETE(email)',
    ]);
    // DONE is the page's own; mid-setup it does not abandon the screens
    expect(walk(scenario(), [MFA, ev('EDIT'), ev('ADD_METHOD'), ev('SELECT_METHOD', 'securityQuestions')]).can(ev('DONE'))).toBe(false);
  });

  it('a guest is not due for review in the resource tenant [A: guests reset at home]', () => {
    const guest = scenario({
      user: { type: 'guest', home: { authenticationMethods: { enabled: ['microsoftAuthenticator'] }, methods: ['microsoftAuthenticator'] } },
    } as Partial2<ScenarioInput>);
    expect(state(walk(guest))).toBe('noReviewDue');
  });

  it('edits are recorded (AUD-03, AUD-06), the review lists them, then Looks good writes AUD-04', () => {
    const edited = walk(scenario(), [
      MFA, ev('EDIT'),
      ev('DELETE', 'email'), ev('CONFIRM'), ev('BACKEND_OK'),
      ev('ADD_METHOD'), ev('SELECT_METHOD', 'securityQuestions'), ev('SUBMIT_ANSWERS'),
      ev('DONE'),
    ]);
    expect(state(edited)).toBe('review');
    expect(reviewList(pageShown(ctx(edited)).methods)).toEqual(['microsoftAuthenticator', 'mobilePhone', 'securityQuestions']);
    const done = walk(scenario(), [
      MFA, ev('EDIT'),
      ev('DELETE', 'email'), ev('CONFIRM'), ev('BACKEND_OK'),
      ev('ADD_METHOD'), ev('SELECT_METHOD', 'securityQuestions'), ev('SUBMIT_ANSWERS'),
      ev('DONE'), ev('LOOKS_GOOD'), ev('BACKEND_OK'),
    ]);
    expect(state(done)).toBe('accessGranted');
    expect(rows(done)).toEqual([
      'User deleted security info | Success | User deleted Email.',
      'User registered security info | Success | User registered Security questions.',
      REVIEWED,
    ]);
  });

  it('a hung passkey ceremony while editing ends in stuck (PK-03)', () => {
    const mac = scenario({
      tenant: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'email', 'fido2'] } },
      client: { app: 'windowsApp', os: 'macos' },
    } as Partial2<ScenarioInput>);
    const s = walk(mac, [MFA, ev('EDIT'), ev('ADD_METHOD'), ev('SELECT_METHOD', 'fido2'), ev('NEXT')]);
    expect(state(s)).toBe('stuck');
  });
});

// ─── structure and state space ──────────────────────────────────────────────

function allNodes(root: AnyStateNode): AnyStateNode[] {
  return Object.values(root.states as Record<string, AnyStateNode>).flatMap((n) => [n, ...allNodes(n)]);
}

describe('ssprRefresh: definition', () => {
  it('every state has a description; every rule cited exists', () => {
    for (const node of allNodes(ssprRefreshMachine.root)) {
      const meta = node.meta as { description?: string; rules?: string[] } | undefined;
      expect(meta?.description, node.id).toBeTruthy();
      for (const r of meta?.rules ?? []) expect(isRuleId(r), `${node.id}: ${r}`).toBe(true);
    }
  });

  it('observe keys on the page, not the audit log', () => {
    const a = walk(scenario(), [MFA, ev('LOOKS_GOOD'), ev('BACKEND_FAILED'), ev('RETRY')]);
    const b = walk(scenario(), [MFA]);
    expect(words(ssprRefreshObserve, ctx(a))).toEqual(words(ssprRefreshObserve, ctx(b)));
    expect(ctx(a).audit).not.toEqual(ctx(b).audit);
  });
});

const SCENARIOS = new URL('../scenarios/', import.meta.url);
const walkFiles = readdirSync(SCENARIOS).filter((f) => /^walk-refresh-.*\.yaml$/.test(f)).sort();
const loadYaml = (f: string): Scenario => Scenario.parse(parse(readFileSync(new URL(f, SCENARIOS), 'utf8')));

describe('ssprRefresh: walk scenarios', () => {
  it('ships the three walk-refresh scenarios', () => {
    expect(walkFiles).toEqual(['walk-refresh-backend-failure.yaml', 'walk-refresh-edit-then-confirm.yaml', 'walk-refresh-looks-good.yaml']);
  });

  it.each(walkFiles)('%s walks its steps to its expected final state and audit rows', (f) => {
    const s = loadYaml(f);
    expect(s.flow).toBe('ssprRefresh');
    expect(s.expect.final).toBeDefined();
    expect(failedWalkChecks(s)).toEqual([]);
  });

  it.each(walkFiles)('%s: the reachable graph is finite and modest, and reaches accessGranted', (f) => {
    const { nodes, edges, finals } = graphSize(loadYaml(f));
    console.log(`[graph] ssprRefresh ${f}: ${nodes} nodes, ${edges} edges`);
    expect(nodes).toBeGreaterThan(10);
    expect(nodes).toBeLessThan(5000);
    expect(finals.has('accessGranted')).toBe(true);
  });
});
