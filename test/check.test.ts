/**
 * `regsim check`: the model checker. Every invariant is shown to fail — on a
 * machine broken on purpose (`machine.provide` with a wrong guard or action),
 * a hand-made graph, or a scenario the machines get wrong (that every one
 * holds on every shipped scenario is in shippedScenarios.test.ts); the
 * command's output is deterministic apart from its `timing`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { assign, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { b2bMfaTrustMachine } from '../machines/b2bMfaTrust.machine.ts';
import { poolNow, type RegistrationContext } from '../machines/context.ts';
import type { RegsimEvent } from '../machines/events.ts';
import { manageActions, manageGuards } from '../machines/fragments/manage.ts';
import { machineFor, snapshotKey } from '../machines/index.ts';
import { interruptMachine } from '../machines/interrupt.machine.ts';
import { manageMachine } from '../machines/manage.machine.ts';
import { passkeyMachine } from '../machines/passkey.machine.ts';
import { ssprRefreshMachine } from '../machines/ssprRefresh.machine.ts';
import { checkGraph, checkScenario, type Violation } from '../src/check/checker.ts';
import { graphStepOf, stepsOf, type Step } from '../src/check/facts.ts';
import { INVARIANTS, type GraphPredicate, type Invariant } from '../src/check/invariants.ts';
import { checkCommand, checkCommandWith, formatRules, type CheckReport } from '../src/cli/check.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { UsageError } from '../src/cli/output.ts';
import * as audit from '../src/domain/audit.ts';
import { isRuleId } from '../src/domain/rules.ts';
import { exploreScenario, type GraphEdge, type GraphNode, type StateGraph } from '../src/paths/graph.ts';
import type { ExpandedScenario } from '../src/scenario/matrix.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import { formatEvent, possibleEvents } from '../src/simulate/events.ts';
import { auditLogOf } from '../src/simulate/auditLog.ts';
import { snapshotStateId } from '../src/simulate/stateId.ts';
import { captured, regsimIn, type Captured } from './regsimInProcess.ts';

// ─── fixtures ───────────────────────────────────────────────────────────────

/** The scenarios of one shipped file, matrix expanded. */
function shipped(name: string): ExpandedScenario[] {
  const loaded = loadAll([`scenarios/${name}.yaml`]);
  expect(loaded.errors).toEqual([]);
  return loaded.scenarios.map((s) => s.scenario);
}
const one = (name: string, match?: string): ExpandedScenario => {
  const all = shipped(name);
  const s = match === undefined ? all[0] : all.find((x) => x.id.includes(match));
  if (!s) throw new Error(`no variant of ${name} matches ${match}`);
  return s;
};

/** A scenario written to the temporary directory by `beforeAll`. */
const fixture = (name: string): ExpandedScenario => loadAll([join(dir, `${name}.yaml`)]).scenarios[0]!.scenario;

/** The state graph of a scenario under `machine` (a broken copy of its flow's machine), as `exploreScenario` builds it. */
function exploreWith(machine: AnyStateMachine, scenario: Scenario): StateGraph {
  const entry = { ...machineFor(scenario.flow), machine };
  const adjacency = getAdjacencyMap(machine, {
    input: scenario,
    events: (s) => possibleEvents(s as AnyMachineSnapshot),
    serializeState: (s) => snapshotKey(entry, s as AnyMachineSnapshot),
    limit: 50_000,
  });
  const nodes: GraphNode[] = [];
  const byKey = new Map<string, number>();
  for (const [key, { state }] of Object.entries(adjacency)) {
    const snapshot = state as AnyMachineSnapshot;
    byKey.set(key, nodes.length);
    nodes.push({ index: nodes.length, key, state: snapshotStateId(snapshot), final: snapshot.status === 'done', snapshot, rules: [] });
  }
  const edges: GraphEdge[] = [];
  const out: GraphEdge[][] = nodes.map(() => []);
  for (const [key, { transitions }] of Object.entries(adjacency)) {
    const from = byKey.get(key)!;
    for (const { event, state } of Object.values(transitions) as Array<{ event: RegsimEvent; state: AnyMachineSnapshot }>) {
      const to = byKey.get(snapshotKey(entry, state))!;
      const written = auditLogOf(state).slice(auditLogOf(nodes[from]!.snapshot).length);
      const edge: GraphEdge = { index: edges.length, from, to, event, label: formatEvent(event), transitions: [], audit: written };
      edges.push(edge);
      out[from]!.push(edge);
    }
  }
  return { machine, nodes, edges, out, initialTransitions: [] };
}

const violationsWith = (machine: AnyStateMachine, scenario: Scenario): Violation[] => checkGraph(scenario, exploreWith(machine, scenario));
const ids = (vs: readonly Violation[]) => [...new Set(vs.map((v) => v.invariant))];
const first = (vs: readonly Violation[], id: string): Violation => {
  const v = vs.find((x) => x.invariant === id);
  if (!v) throw new Error(`no ${id} violation; found ${ids(vs).join(', ') || 'none'}`);
  return v;
};

/** A hand-made graph: nodes with a state id and a context, edges between them. */
function handMade(
  scenario: Scenario,
  nodes: Array<{ state: string; final?: boolean; context?: object; machine?: string }>,
  edges: Array<[from: number, to: number, event: RegsimEvent]>,
): { graph: StateGraph; steps: Step[] } {
  const gn: GraphNode[] = nodes.map((n, index) => ({
    index, key: String(index), state: n.state, final: n.final ?? false, rules: [],
    snapshot: {
      value: n.state, status: n.final ? 'done' : 'active', machine: { id: n.machine ?? 'interrupt' },
      context: { scenario, current: null, audit: [], ...n.context },
    } as unknown as AnyMachineSnapshot,
  }));
  const ge: GraphEdge[] = edges.map(([from, to, event], index) => ({ index, from, to, event, label: formatEvent(event), transitions: [], audit: [] }));
  const out = gn.map((n) => ge.filter((e) => e.from === n.index));
  const graph: StateGraph = { machine: interruptMachine, nodes: gn, edges: ge, out, initialTransitions: [] };
  const steps = ge.map((edge) => ({ edge, from: gn[edge.from]!, to: gn[edge.to]!, before: gn[edge.from]!.snapshot, after: gn[edge.to]!.snapshot }));
  return { graph, steps };
}

const only = (id: string): Invariant[] => INVARIANTS.filter((i) => i.id === id);

/** The invariants some test below has seen fail. */
const proven = new Set<string>();
const proves = (vs: readonly Violation[], id: string): Violation => {
  const v = first(vs, id);
  proven.add(id);
  return v;
};

type Args = { context: RegistrationContext; event: RegsimEvent };
const next = { type: 'NEXT' } as RegsimEvent;

// ─── capturing the command's output ─────────────────────────────────────────

const run = (paths: string[], opts: { json: boolean; maxStates?: number }): Promise<Captured> => captured(() => checkCommand(paths, opts));
afterEach(() => vi.restoreAllMocks());

const withoutTiming = (json: string): Omit<CheckReport, 'timing'> => {
  const { timing, ...rest } = JSON.parse(json) as CheckReport;
  expect(Object.keys(timing).sort()).toEqual(['ms', 'statesPerSecond', 'transitionsPerSecond']);
  return rest;
};
/** The human summary ends with "(1.23s, 4567 states/s)": the only wall-clock part. */
const stripTiming = (text: string): string => text.replace(/\(\d+\.\d\ds, \d+ states\/s\)/g, '(timing)');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'regsim-check-'));
  // MTH-06: the user's only MFA method is a phone whose number the scenario marks virtual.
  writeFileSync(join(dir, 'virtual-held.yaml'), `name: "MTH-06: the only MFA method held is a virtual number"
flow: interrupt
tenant:
  authenticationMethods:
    enabled: [microsoftAuthenticator, mobilePhone, email]
  sspr: { enabledFor: all, methodsRequired: 2, requireRegistration: true }
user:
  methods: [{ method: mobilePhone, virtual: true }]
`);
  writeFileSync(join(dir, 'broken.yaml'), 'name: broken\nflow: nowhere\n');
  // Small Security info pages, so broken machines explore in a blink.
  const page = (name: string, enabled: string, methods: string, defaultMethod: string) => writeFileSync(join(dir, `${name}.yaml`), `name: "${name}"
flow: manage
tenant:
  authenticationMethods:
    enabled: ${enabled}
user:
  methods: ${methods}
  defaultMethod: ${defaultMethod}
`);
  page('page-phone-email', '[mobilePhone, email]', '[mobilePhone, email]', 'mobilePhoneText');
  page('page-two-phones', '[mobilePhone, officePhone, email]', '[mobilePhone, officePhone, email]', 'mobilePhoneText');
  page('page-virtual-phone', '[mobilePhone, officePhone]', '[{ method: mobilePhone, virtual: true }, officePhone]', 'null');
  page('page-at-max', '[microsoftAuthenticator]', '[{ method: microsoftAuthenticator, count: 5 }]', 'authenticatorNotification');
  page('page-authenticator', '[microsoftAuthenticator, email]', '[microsoftAuthenticator]', 'authenticatorNotification');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ─── the catalogue ──────────────────────────────────────────────────────────

describe('the invariant catalogue', () => {
  it('gives each invariant a unique id, a description and known DOMAIN rule IDs', () => {
    expect(new Set(INVARIANTS.map((i) => i.id)).size).toBe(INVARIANTS.length);
    for (const inv of INVARIANTS) {
      expect(inv.description.length).toBeGreaterThan(10);
      expect(inv.rules.length).toBeGreaterThan(0);
      for (const r of inv.rules) expect(isRuleId(r), `${inv.id} cites ${r}`).toBe(true);
    }
  });

  it('collapses consecutive rule ids for display', () => {
    expect(formatRules(['AUD-01', 'AUD-02', 'AUD-03', 'INT-10', 'INT-11', 'MNG-04'])).toBe('AUD-01..03, INT-10..11, MNG-04');
    expect(formatRules(['GATE-01'])).toBe('GATE-01');
  });

  it('replays each edge from its source snapshot to a snapshot with the key of its target', () => {
    const s = one('walk-manage-delete-failure');
    const g = exploreScenario(s);
    const entry = machineFor(s.flow);
    for (const step of stepsOf(g)) expect(snapshotKey(entry, step.after)).toBe(step.to.key);
  });
});

// ─── each invariant can fail ────────────────────────────────────────────────

describe('each invariant fails on a broken machine or a hand-made graph', () => {
  it('wizard-method-allowed: a chooser that accepts any method; a decision that re-offers a held or disabled method', () => {
    const s = one('int08-partial-has-authenticator');
    const broken = interruptMachine.provide({
      guards: { isChoosable: ({ context, event }: Args) => event.type === 'SELECT_METHOD' && event.method !== context.current },
    } as never);
    const vs = violationsWith(broken, s);
    const v = proves(vs, 'wizard-method-allowed');
    expect(v.path.at(-1)).toMatch(/^SELECT_METHOD\(/);
    expect(vs.some((x) => x.message.startsWith('microsoftAuthenticator is set up but is not among the wizard\'s choices'))).toBe(true);
    // The policy engine's own mistakes: a choice the user holds, a choice the policy does not enable.
    const node = (current: string, held: unknown[]) => handMade(s, [{ state: `wizard.setup.${current}.install`, context: {
      current, wizard: { decision: { choices: ['microsoftAuthenticator', 'softwareOath', 'mobilePhone'] }, held, registered: [] },
    } }], []);
    const check = (current: string, held: unknown[]) => checkGraph(s, node(current, held).graph, only('wizard-method-allowed'), []).map((x) => x.message);
    expect(check('microsoftAuthenticator', ['microsoftAuthenticator'])).toEqual(['microsoftAuthenticator is set up although the user already holds it']);
    expect(check('softwareOath', [])).toEqual(['softwareOath is set up but the Authentication methods policy in force does not enable it']);
    // MTH-06: a virtual number is not held, so phone may be set up again.
    expect(check('mobilePhone', [{ method: 'mobilePhone', count: 1, virtual: true }])).toEqual([]);
    expect(check('mobilePhone', [{ method: 'mobilePhone', count: 1, virtual: false }])).toEqual(['mobilePhone is set up although the user already holds it']);
  });

  it('wizard-method-registrable: office phone without a business phone, a passkey in the documented profile', () => {
    const s = one('int12-office-phone-business-phone', 'businessPhone=null, profile=observed');
    const broken = interruptMachine.provide({
      guards: { isChoosable: ({ context, event }: Args) => event.type === 'SELECT_METHOD' && event.method !== context.current },
    } as never);
    const v = proves(violationsWith(broken, s), 'wizard-method-registrable');
    expect(v.message).toBe('office phone is set up in the sign-in wizard without a business phone');
    const documented = { ...s, profile: 'documented' as const };
    const { graph } = handMade(documented, [{ state: 'wizard.setup.fido2.intro', context: { current: 'fido2', wizard: { decision: { choices: ['fido2'] }, held: [], registered: [] } } }], []);
    expect(checkGraph(documented, graph, only('wizard-method-registrable'), [])[0]?.message).toMatch(/documented profile never offers/);
  });

  it('mfa-method-first: a wizard that opens on the last choice sets up email first', () => {
    const s = one('int-06-concept-worked-example', 'profile=observed');
    const broken = interruptMachine.provide({
      actions: { beginStep: assign(({ context }: { context: RegistrationContext }) => ({ current: context.wizard.decision.choices.at(-1) ?? null })) },
    } as never);
    const vs = violationsWith(broken, s);
    const v = proves(vs, 'mfa-method-first');
    expect(v.message).toBe('MFA is needed but the first method set up is email, not an MFA method');
    expect(v.path).toEqual(['NEXT']);
  });

  it('strength-one-mfa-method: a strength wizard that keeps asking registers a second method', () => {
    const s = one('caveat1-c-ca-strength-multifactor-sspr2', 'profile=observed');
    const broken = interruptMachine.provide({
      guards: { moreStepsNeeded: ({ context }: Args) => poolNow(context.wizard).length > 0 },
    } as never);
    const v = proves(violationsWith(broken, s), 'strength-one-mfa-method');
    expect(v.message).toMatch(/^the strength wizard registered 2 methods/);
  });

  it('skip-only-if-skippable: SKIP offered in an MFA-enforced wizard', () => {
    const s = one('int01-per-user-mfa-trigger');
    const broken = interruptMachine.provide({ guards: { canSkip: () => true } } as never);
    const v = proves(violationsWith(broken, s), 'skip-only-if-skippable');
    expect(v.message).toBe('SKIP is taken although the decision is not skippable');
    expect(v.path).toEqual(['SKIP']);
  });

  it('complete-registers-required: a wizard that stops after one of two methods', () => {
    const s = one('int-06-concept-worked-example', 'profile=observed');
    const broken = interruptMachine.provide({ guards: { moreStepsNeeded: () => false } } as never);
    const v = proves(violationsWith(broken, s), 'complete-registers-required');
    expect(v.message).toMatch(/completes with 1 method registered .*; 2 required/);
    expect(v.state).toBe('registrationComplete');
    // A decision that asks too little: one method where SSPR needs two it could have had.
    const decision = { wizard: 'combined', required: 1, mfaNeeded: true, choices: ['microsoftAuthenticator', 'email'], sspr: { enabled: true, methodsRequired: 2, methods: ['microsoftAuthenticator', 'email'] } };
    const wizard = { decision, held: [], registered: ['microsoftAuthenticator'] };
    const { graph, steps } = handMade(s, [{ state: 'wizard.review', context: { wizard } }, { state: 'registrationComplete', final: true, context: { wizard } }], [[0, 1, { type: 'DONE' }]]);
    expect(checkGraph(s, graph, only('complete-registers-required'), steps).map((x) => x.message))
      .toEqual(['the wizard completes with 1 SSPR method (microsoftAuthenticator); SSPR requires 2']);
    // …but a tenant that enables a single SSPR method cannot do better.
    const poor = { ...wizard, decision: { ...decision, choices: ['microsoftAuthenticator'], sspr: { ...decision.sspr, methods: ['microsoftAuthenticator'] } } };
    const ok = handMade(s, [{ state: 'wizard.review', context: { wizard: poor } }, { state: 'registrationComplete', final: true, context: { wizard: poor } }], [[0, 1, { type: 'DONE' }]]);
    expect(checkGraph(s, ok.graph, only('complete-registers-required'), ok.steps)).toEqual([]);
  });

  it('admin-no-security-questions: an administrator allowed to pick security questions', () => {
    const s = one('sspr05-admin-vs-member', 'helpdeskAdministrator');
    const broken = interruptMachine.provide({
      guards: { isChoosable: ({ context, event }: Args) => event.type === 'SELECT_METHOD' && event.method !== context.current },
    } as never);
    const v = proves(violationsWith(broken, s), 'admin-no-security-questions');
    expect(v.message).toBe('helpdeskAdministrator sets up security questions, which the administrator policy never allows');
  });

  it('audit-matches-transition: a save that names the wrong method, a failed delete logged as a success, a failed review logged as good', () => {
    const wrongName = interruptMachine.provide({
      actions: {
        recordRegistration: assign(({ context }: { context: RegistrationContext }) => ({
          current: null,
          wizard: { ...context.wizard, registered: [...context.wizard.registered, context.current!] },
          audit: [...context.audit, audit.methodRegistered('email')],
        })),
      },
    } as never);
    const v = proves(violationsWith(wrongName, one('int01-per-user-mfa-trigger')), 'audit-matches-transition');
    expect(v.message).toBe('NOTIFICATION_APPROVED wrote "User registered security info | Success | User registered Email."; expected "User registered security info | Success | User registered Authenticator app."');

    const deleteOk = manageMachine.provide({
      actions: { auditDeleteFailed: assign(({ context }: { context: { audit: audit.AuditRow[]; current: 'email' } }) => ({ audit: [...context.audit, audit.methodDeleted(context.current)] })) },
    } as never);
    const d = first(violationsWith(deleteOk, fixture('page-phone-email')), 'audit-matches-transition');
    expect(d.path.at(-1)).toBe('BACKEND_FAILED');
    expect(d.message).toContain('| Success |');
    expect(d.message).toContain('expected "User deleted security info | Failure |');

    const reviewOk = ssprRefreshMachine.provide({
      actions: { auditReviewFailed: assign(({ context }: { context: { audit: audit.AuditRow[] } }) => ({ audit: [...context.audit, audit.reviewed()] })) },
    } as never);
    const r = first(violationsWith(reviewOk, one('walk-refresh-backend-failure')), 'audit-matches-transition');
    expect(r.message).toBe(`BACKEND_FAILED wrote "${audit.formatAuditRow(audit.reviewed())}"; expected "${audit.formatAuditRow(audit.reviewFailed())}"`);
  });

  it('audit-append-only: finishing the wizard replaces the log with its last row', () => {
    const broken = interruptMachine.provide({
      actions: { auditRegisteredAll: assign(() => ({ audit: [audit.registeredAll()] })) },
    } as never);
    const v = proves(violationsWith(broken, one('int01-per-user-mfa-trigger')), 'audit-append-only');
    expect(v.message).toBe('DONE rewrote audit row 1');
    expect(v.path.at(-1)).toBe('DONE');
  });

  const countOf = (args: Args, m: string) =>
    ((args.context as unknown as { page: { resource: { methods: Array<{ method: string; count: number }> } } }).page.resource.methods.find((h) => h.method === m)?.count ?? 0);
  /** An Add list that also offers `extra` while fewer than `upTo` are held, whatever the policy says. */
  const addsAlso = (extra: string, upTo: number) => manageMachine.provide({
    guards: {
      isAddable: (args: Args) => manageGuards.isAddable(args as never)
        || (args.event.type === 'SELECT_METHOD' && args.event.method === extra && countOf(args, extra) < upTo),
    },
  } as never);

  it('manage-add-allowed: an Add list that offers a method the policy does not enable', () => {
    const vs = violationsWith(addsAlso('softwareOath', 1), fixture('page-authenticator'));
    const v = proves(vs, 'manage-add-allowed');
    expect(v).toMatchObject({ message: 'softwareOath is being added but the policy in force does not enable it', state: 'adding.softwareOath.scanQr' });
    expect(v.path).toEqual(['MFA_APPROVED', 'ADD_METHOD', 'SELECT_METHOD(softwareOath)']);
  });

  it('max-not-exceeded: an off-by-one Add list and an uncapped count let a sixth Authenticator in past the MTH-02 maximum', () => {
    type Page = { resource: { methods: Array<{ method: string; count: number }> } };
    // The page's own update never counts past the maximum: this one adds one to the raw count.
    const uncapped = assign(({ context }: { context: { current: string | null; page: Page; audit: audit.AuditRow[] } }) => ({
      current: null,
      audit: [...context.audit, audit.methodRegistered(context.current as never)],
      page: { ...context.page, resource: { ...context.page.resource, methods: context.page.resource.methods.map((h) => (h.method === context.current ? { ...h, count: h.count + 1 } : h)) } },
    }));
    const broken = addsAlso('microsoftAuthenticator', 6).provide({ actions: { recordAdded: uncapped } } as never);
    const vs = violationsWith(broken, fixture('page-at-max'));
    const v = proves(vs, 'max-not-exceeded');
    expect(v.message).toBe('NOTIFICATION_APPROVED brings microsoftAuthenticator to 6 in the resource directory; the maximum is 5');
    expect(v.path).toEqual(['MFA_APPROVED', 'ADD_METHOD', 'SELECT_METHOD(microsoftAuthenticator)', 'NEXT', 'QR_SCANNED', 'NOTIFICATION_APPROVED']);
    expect(vs.some((x) => x.invariant === 'manage-add-allowed' && x.message.includes('at its maximum (5 of 5)'))).toBe(true);
  });

  it('page-changes-explained: a failed delete that removes the method anyway', () => {
    const broken = manageMachine.provide({ actions: { auditDeleteFailed: manageActions.recordDeleted } } as never);
    const v = proves(violationsWith(broken, fixture('page-phone-email')), 'page-changes-explained');
    expect(v.message).toMatch(/^BACKEND_FAILED from deleting changed the lists: (mobilePhone|email) -1 \(resource\)$/);
    expect(v.path).toEqual(['MFA_APPROVED', expect.stringMatching(/^DELETE\(/), 'CONFIRM', 'BACKEND_FAILED']);
  });

  it('default-capable, default-option-offered: any option made the default, whatever the user holds', () => {
    const broken = manageMachine.provide({ guards: { isDefaultChoice: ({ event }: Args) => event.type === 'SELECT_DEFAULT' } } as never);
    const vs = violationsWith(broken, fixture('page-two-phones'));
    proves(vs, 'default-capable');
    proves(vs, 'default-option-offered');
    expect(vs.filter((v) => v.invariant === 'default-capable').map((v) => v.message)).toEqual(expect.arrayContaining([
      'authenticatorNotification became the default in the resource directory but no method held there gives it',
      'appOrTokenCode became the default in the resource directory but no method held there gives it',
    ]));
    expect(vs.find((v) => v.message.startsWith('authenticatorNotification became'))!.path)
      .toEqual(['MFA_APPROVED', 'CHANGE_DEFAULT', 'SELECT_DEFAULT(authenticatorNotification)', 'BACKEND_OK']);
    expect(vs.filter((v) => v.invariant === 'default-option-offered').map((v) => v.message)).toEqual(expect.arrayContaining([
      'mobilePhoneText is offered as the default but already is',
      'alternateMobilePhoneCall is offered as the default but no real (non-virtual) method held gives it',
    ]));
  });

  it('default-option-offered: a call to a virtual number offered as the default (MTH-06)', () => {
    const broken = manageMachine.provide({
      guards: { isDefaultChoice: ({ event }: Args) => event.type === 'SELECT_DEFAULT' && event.option === 'mobilePhoneCall' },
    } as never);
    const v = proves(violationsWith(broken, fixture('page-virtual-phone')), 'default-option-offered');
    expect(v.message).toBe('mobilePhoneCall is offered as the default but no real (non-virtual) method held gives it');
    expect(v.path).toEqual(['MFA_APPROVED', 'CHANGE_DEFAULT', 'SELECT_DEFAULT(mobilePhoneCall)']);
  });

  it('no-dead-end: a non-final state without events, a final state with one', () => {
    const s = one('walk-interrupt-code-wrong-retry');
    const { graph } = handMade(s, [{ state: 'wizard.intro' }, { state: 'wizard.limbo' }, { state: 'canceled', final: true }, { state: 'wizard.review' }], [
      [0, 1, next], [0, 2, { type: 'CANCEL' }], [2, 3, { type: 'RETRY' }],
    ]);
    const vs = checkGraph(s, graph, only('no-dead-end'), []);
    proven.add('no-dead-end');
    expect(vs.map((v) => [v.state, v.message, v.path])).toEqual([
      ['canceled', 'final state canceled still accepts RETRY', ['CANCEL']],
      ['wizard.limbo', 'wizard.limbo is not final but accepts no event: a dead end', ['NEXT']],
      ['wizard.review', 'wizard.review is not final but accepts no event: a dead end', ['CANCEL', 'RETRY']],
    ]);
  });

  it('outcome-reachable: a loop with no way to an outcome', () => {
    const s = one('walk-interrupt-code-wrong-retry');
    const { graph } = handMade(s, [{ state: 'wizard.intro' }, { state: 'a' }, { state: 'b' }, { state: 'done', final: true }], [
      [0, 1, next], [1, 2, next], [2, 1, { type: 'BACK' }], [0, 3, { type: 'DONE' }],
    ]);
    const vs = checkGraph(s, graph, only('outcome-reachable'), []);
    proven.add('outcome-reachable');
    expect(vs.map((v) => [v.state, v.path])).toEqual([['a', ['NEXT']], ['b', ['NEXT', 'NEXT']]]);
  });

  it('virtual-number-rejected: a phone saved after a virtual number, with the counterexample path', () => {
    const s = one('walk-interrupt-virtual-number-rejected');
    const wizard = (registered: string[]) => ({ decision: { choices: ['mobilePhone'] }, held: [], registered });
    const { graph, steps } = handMade(s, [
      { state: 'wizard.intro', context: { wizard: wizard([]) } },
      { state: 'wizard.setup.mobilePhone.enterNumber', context: { current: 'mobilePhone', wizard: wizard([]) } },
      { state: 'wizard.setup.mobilePhone.numberRejected', context: { current: 'mobilePhone', wizard: wizard([]) } },
      { state: 'wizard.setup.mobilePhone.enterCode', context: { current: 'mobilePhone', wizard: wizard([]) } },
      { state: 'wizard.methodDone', context: { wizard: wizard(['mobilePhone']), audit: [audit.methodRegistered('mobilePhone')] } },
    ], [
      [0, 1, next], [1, 2, { type: 'ENTER_VIRTUAL_NUMBER' }], [2, 3, { type: 'RETRY' }], [3, 4, { type: 'CODE_CORRECT' }], [1, 3, { type: 'ENTER_NUMBER' }],
    ]);
    const [v, ...rest] = (only('virtual-number-rejected')[0]!.check as GraphPredicate)(s, graph, steps.map(graphStepOf));
    expect(rest).toEqual([]);
    expect(v!.message).toBe('mobilePhone is saved after a virtual number without a real number being entered');
    expect(v!.path!.map((i) => graph.edges[i]!.label)).toEqual(['NEXT', 'ENTER_VIRTUAL_NUMBER', 'RETRY', 'CODE_CORRECT']);
    // Through a real number, the same save is fine.
    const ok = handMade(s, [
      { state: 'wizard.setup.mobilePhone.numberRejected', context: { current: 'mobilePhone', wizard: wizard([]) } },
      { state: 'wizard.setup.mobilePhone.enterCode', context: { current: 'mobilePhone', wizard: wizard([]) } },
      { state: 'wizard.methodDone', context: { wizard: wizard(['mobilePhone']), audit: [audit.methodRegistered('mobilePhone')] } },
    ], [[0, 1, { type: 'ENTER_NUMBER' }], [1, 2, { type: 'CODE_CORRECT' }]]);
    expect(checkGraph(s, ok.graph, only('virtual-number-rejected'), ok.steps)).toEqual([]);
    proven.add('virtual-number-rejected');
  });

  it('virtual-number-rejected: MFA approved with a virtual number as the only MFA method', () => {
    const s = loadAll([join(dir, 'virtual-held.yaml')]).scenarios[0]!.scenario;
    // The shipped machines open the wizard without MFA: the virtual number counts for nothing.
    expect(checkScenario('virtual-held.yaml', s).violations).toEqual([]);
    const broken = interruptMachine.provide({ guards: { mfaFirst: () => true } } as never);
    const v = first(violationsWith(broken, s), 'virtual-number-rejected');
    expect(v).toEqual({
      invariant: 'virtual-number-rejected', rules: ['MTH-06'], state: 'wizard.intro', path: ['MFA_APPROVED'],
      message: "MFA is approved although the user's only MFA methods are virtual numbers (mobilePhone)",
    });
  });

  it('passkey-client: the Windows App on Windows completing the ceremony', () => {
    const broken = passkeyMachine.provide({ guards: { passkeyCanComplete: () => true } } as never);
    const v = proves(violationsWith(broken, one('walk-passkey-windows-app-windows-error')), 'passkey-client');
    expect(v).toMatchObject({ message: 'a passkey is registered in the Windows App on windows', path: ['NEXT', 'WEBAUTHN_SUCCESS'], state: 'registered' });
  });

  it('passkey-client: a passkey registered in a private window of the sign-in wizard', () => {
    const s = one('caveat3-private-window-error');
    const broken = interruptMachine.provide({ guards: { passkeyCanComplete: () => true } } as never);
    const v = first(violationsWith(broken, s), 'passkey-client');
    expect(v.message).toBe('a passkey is registered in a private window');
  });

  it('passkey-stuck-on-mac: the Windows App on macOS getting past Next', () => {
    const broken = passkeyMachine.provide({ guards: { passkeyHangsAfterNext: () => false } } as never);
    const v = proves(violationsWith(broken, one('walk-passkey-windows-app-macos-stuck')), 'passkey-stuck-on-mac');
    expect(v).toMatchObject({ state: 'ceremony.webAuthn', path: ['NEXT'] });
  });

  it('mfa-before-security-info: a gate that lets a user holding a phone in without MFA', () => {
    const broken = interruptMachine.provide({ guards: { mfaFirst: () => false } } as never);
    const v = proves(violationsWith(broken, one('walk-interrupt-mfa-first-approved')), 'mfa-before-security-info');
    expect(v).toMatchObject({ state: 'wizard.intro', path: [], message: 'wizard.intro shows security info without MFA although the user holds mobilePhone' });
  });

  it('mfa-before-security-info: the B2B home wizard skipping the home MFA challenge', () => {
    const s = one('b2b-phishing-resistant-legacy-mfa-at-home-passkey');
    const broken = b2bMfaTrustMachine.provide({ guards: { mfaFirst: () => false } } as never);
    const v = first(violationsWith(broken, s), 'mfa-before-security-info');
    expect(v.path).toEqual(['REDIRECT_HOME']);
    expect(v.state).toBe('home.wizard.intro');
  });

  it('has seen every invariant fail', () => {
    expect([...proven].sort()).toEqual(INVARIANTS.map((i) => i.id).sort());
  });
});

// ─── the command ────────────────────────────────────────────────────────────

describe('regsim check', () => {
  const files = () => ['scenarios/int03-sspr-only-skippable.yaml', 'scenarios/walk-passkey-browser-cancel.yaml', join(dir, 'virtual-held.yaml')];
  /** Test invariants that fail on purpose: every SKIP, and every state of the standalone passkey ceremony. */
  const noSkip: Invariant = { id: 'test-no-skip', kind: 'edge', rules: ['INT-03'], description: 'fails on every SKIP', check: (_, st) => (st.edge.event.type === 'SKIP' ? 'the user skipped' : null) };
  const noPasskey: Invariant = {
    id: 'test-no-passkey', kind: 'node', rules: ['PK-01', 'PK-02'], description: 'fails in every passkey state',
    check: (_, n) => (n.snapshot.machine.id === 'passkey' ? `in ${n.state}` : null),
  };
  const failing = [noSkip, noPasskey];
  const runWith = (invariants: readonly Invariant[], paths: string[], opts: { json: boolean; maxStates?: number }): Promise<Captured> =>
    captured(() => checkCommandWith(invariants, paths, opts));

  it('exits 0 and prints one line per scenario and a summary when every invariant holds', async () => {
    const r = await run(files(), { json: false });
    expect(r.code).toBe(0);
    const lines = stripTiming(r.stdout).split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^✓ +virtual-held +\d+ states +\d+ transitions +0 violations$/),
      expect.stringMatching(/^✓ +int03-sspr-only-skippable \[user\.inSsprGroup=true\] +\d+ states +\d+ transitions +0 violations$/),
      expect.stringMatching(/^✓ +int03-sspr-only-skippable \[user\.inSsprGroup=false\] +1 states +0 transitions +0 violations$/),
      expect.stringMatching(/^✓ +walk-passkey-browser-cancel +6 states +7 transitions +0 violations$/),
      '',
      expect.stringMatching(new RegExp(`^ 4 scenarios, \\d+ states, \\d+ transitions, ${INVARIANTS.length} invariants: no violations \\(timing\\)$`)),
      '',
    ]);
  });

  it('exits 1 on a violation and prints it with the shortest path that reaches it', async () => {
    const r = await runWith(failing, files(), { json: false });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ +int03-sspr-only-skippable \[user\.inSsprGroup=true\] .* 1 violation$/m);
    expect(r.stdout).toMatch(/^✓ +int03-sspr-only-skippable \[user\.inSsprGroup=false\] +1 states +0 transitions +0 violations$/m);
    expect(r.stdout).toMatch(/^✗ +walk-passkey-browser-cancel +6 states +7 transitions +6 violations$/m);
    expect(r.stdout).toContain([
      '    test-no-skip (INT-03)',
      '      the user skipped',
      '      at skipped',
      '      path SKIP',
    ].join('\n'));
    expect(r.stdout).toContain([
      '    test-no-passkey (PK-01..02)',
      '      in ceremony.intro',
      '      at ceremony.intro',
      '      path (initial state)',
      '    test-no-passkey (PK-01..02)',
      '      in ceremony.webAuthn',
      '      at ceremony.webAuthn',
      '      path NEXT',
    ].join('\n'));
    expect(r.stdout).toContain('    … 3 more test-no-passkey (--json lists all)');
    expect(stripTiming(r.stdout.trimEnd().split('\n').at(-1)!)).toMatch(/^ 4 scenarios, \d+ states, \d+ transitions, 2 invariants: 8 violations in 3 scenarios \(timing\)$/);
  });

  it('is deterministic apart from timing, in both formats', async () => {
    const a = await runWith(failing, files(), { json: true });
    const b = await runWith(failing, files(), { json: true });
    expect(a.code).toBe(1);
    expect(withoutTiming(a.stdout)).toEqual(withoutTiming(b.stdout));
    const report = withoutTiming(a.stdout);
    expect(report.summary).toMatchObject({ scenarios: 4, failed: 3, violations: 8, errors: 0, invariants: ['test-no-skip', 'test-no-passkey'] });
    const passkey = report.scenarios.find((x) => x.file.endsWith('walk-passkey-browser-cancel.yaml'))!;
    // Shortest counterexample first, each with the event sequence from the initial state.
    expect(passkey.violations.map((v) => v.path.length)).toEqual([...passkey.violations.map((v) => v.path.length)].sort((x, y) => x - y));
    expect(passkey.violations[0]).toEqual({ invariant: 'test-no-passkey', rules: ['PK-01', 'PK-02'], message: 'in ceremony.intro', path: [], state: 'ceremony.intro' });
    expect(passkey.violations.find((v) => v.state === 'registered')?.path).toEqual(['NEXT', 'WEBAUTHN_SUCCESS']);
    expect(stripTiming((await runWith(failing, files(), { json: false })).stdout)).toBe(stripTiming((await runWith(failing, files(), { json: false })).stdout));
    expect(stripTiming((await run(files(), { json: false })).stdout)).toBe(stripTiming((await run(files(), { json: false })).stdout));
  });

  it('`check scenarios/ --json`, as typed, loads every shipped file and exits 0 with a report that parses (one shard: the whole check is shippedScenarios.test.ts)', async () => {
    const r = await regsimIn('check', 'scenarios/', '--json', '--shard', '1/16');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.summary).toMatchObject({ failed: 0, violations: 0, errors: 0 });
    expect(report.scenarios.length).toBeGreaterThan(10);
    expect(report.scenarios.every((s) => s.states > 0 && s.violations.length === 0)).toBe(true);
  });

  it('checks every other file when one does not load, lists the broken one as failed, and exits 2', async () => {
    const good = 'scenarios/walk-passkey-browser-cancel.yaml';
    const bad = await run([join(dir, 'broken.yaml'), good], { json: false });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken\.yaml:\d+:\d+: error: /);
    const lines = stripTiming(bad.stdout).split('\n');
    expect(lines[0]).toMatch(/^! +broken +does not load: \d+ errors?, first at \d+:\d+: /);
    expect(lines[1]).toMatch(/^✓ +walk-passkey-browser-cancel +6 states +7 transitions +0 violations$/);
    expect(bad.stdout).toMatch(/2 scenarios, 6 states, 7 transitions, \d+ invariants: no violations, 1 scenario not checked/);
    const json = JSON.parse((await run([join(dir, 'broken.yaml'), good], { json: true })).stdout) as CheckReport;
    expect(json.scenarios.map((r) => [r.file.replace(/^.*[\\/]/, ''), r.error?.slice(0, 14) ?? null])).toEqual([['broken.yaml', 'does not load:'], ['walk-passkey-browser-cancel.yaml', null]]);
    expect(json.scenarios[0]!.diagnostics?.[0]).toMatchObject({ severity: 'error', file: join(dir, 'broken.yaml') });
  });

  it('counts states against --max-states: exits 2 one state short, saying how far it got, and passes at the exact count', async () => {
    const file = 'scenarios/walk-interrupt-sspr-only-skip.yaml';
    const whole = await run([file], { json: true });
    const { states } = (JSON.parse(whole.stdout) as CheckReport).scenarios[0]!;
    const short = await run([file], { json: true, maxStates: states - 1 });
    expect(short.code).toBe(2);
    const report = JSON.parse(short.stdout) as CheckReport;
    expect(report.scenarios[0]!.error).toMatch(new RegExp(`more than ${(states - 1).toLocaleString('en')} states \\(stopped at state ${states.toLocaleString('en')}, after [\\d,]+ transitions\\); raise --max-states`));
    expect(report.summary.errors).toBe(1);
    expect((await run([file], { json: true, maxStates: states })).code).toBe(0);
  });

  it('checks a Security info page one state too large whole one part at a time, and says so', async () => {
    const file = 'scenarios/walk-manage-add-phone-success.yaml';
    const whole = (JSON.parse((await run([file], { json: true })).stdout) as CheckReport).scenarios[0]!;
    expect(whole.byParts).toBeUndefined();
    const short = await run([file], { json: true, maxStates: whole.states - 1 });
    expect(short.code).toBe(0);
    const parts = (JSON.parse(short.stdout) as CheckReport).scenarios[0]!;
    expect(parts.byParts).toBe(true);
    expect(parts.states).toBeLessThan(whole.states);
    expect((await run([file], { json: false, maxStates: whole.states - 1 })).stdout).toMatch(/walk-manage-add-phone-success +\d+ states +\d+ transitions, page part by part +0 violations/);
  });

  it('rejects a call without paths or with a bad --max-states', async () => {
    await expect(checkCommand([], { json: false })).rejects.toThrow(UsageError);
    await expect(checkCommand(['scenarios/'], { json: false, maxStates: 0 })).rejects.toThrow(/--max-states/);
  });
});
