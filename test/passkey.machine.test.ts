/**
 * The passkey ceremony per client (PK-01..06), standalone and nested as the
 * FIDO2 step of the interrupt wizard — blog 004, caveat 3: a browser
 * registers, the Windows App on macOS hangs after Next, the Windows App on
 * Windows ends in the passkey error (or hangs), a private window errors.
 */
import { createActor, type AnyActor, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { interruptMachine } from '../machines/interrupt.machine.ts';
import { MACHINES } from '../machines/index.ts';
import { passkeyMachine } from '../machines/passkey.machine.ts';
import { COVERED_BY_PROMPT } from '../machines/fragments/passkeyCeremony.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { machineModel } from '../src/export/model.ts';
import { exploreScenario, inertScope, type StateGraph } from '../src/paths/graph.ts';
import { generatePaths, planScenario } from '../src/paths/generate.ts';
import { transitionsOf } from '../src/paths/transitions.ts';
import { METHOD_EVENT_TYPES, PLAIN_EVENT_TYPES, type RegsimEvent } from '../machines/events.ts';
import { formatAuditRow } from '../src/domain/audit.ts';
import { METHOD_IDS, type MethodId } from '../src/domain/methods.ts';
import { PASSKEY_ERROR } from '../src/domain/passkey.ts';
import { screenText } from '../machines/catalogue/index.ts';
import { evaluate } from '../src/domain/policy.ts';
import { Scenario, type ScenarioInput } from '../src/scenario/schema.ts';
import { eventTypesOf, eventsOfType, formatEvent, possibleEvents } from '../src/simulate/events.ts';
import { explainRefusal } from '../src/simulate/refusal.ts';
import { snapshotStateId } from '../src/simulate/stateId.ts';

/** The blog's error text, verbatim. */
const BLOG_ERROR = 'Passkey not registered. This might be due to a timeout, a canceled request or a private browsing window.';

type ClientInput = NonNullable<ScenarioInput['client']>;
const BROWSER: ClientInput = { app: 'browser', os: 'windows' };
const PRIVATE: ClientInput = { app: 'browser', os: 'windows', privateWindow: true };
const APP_MACOS: ClientInput = { app: 'windowsApp', os: 'macos' };
const APP_WINDOWS: ClientInput = { app: 'windowsApp', os: 'windows' };

/** Blog 004's passkey settings: enabled for all users, self-service yes, attestation no, key restrictions no. */
const PASSKEY_TENANT = (selfServiceSetup = true): ScenarioInput['tenant'] => ({
  authenticationMethods: {
    enabled: ['microsoftAuthenticator', 'mobilePhone', 'fido2', 'temporaryAccessPass'],
    passkey: { selfServiceSetup, enforceAttestation: false, keyRestrictions: false },
  },
  conditionalAccess: [{ name: 'Require phishing-resistant MFA', grant: { authenticationStrength: 'phishingResistant' } }],
});

const scenario = (flow: 'passkey' | 'interrupt', client: ClientInput, over: Partial<ScenarioInput> = {}): Scenario =>
  Scenario.parse({ name: `${flow} test`, flow, profile: 'observed', tenant: PASSKEY_TENANT(), user: { tap: true }, client, ...over });

function ceremony(client: ClientInput) {
  const a = createActor(passkeyMachine, { input: scenario('passkey', client) });
  a.start();
  return a;
}

/** The caveat 3 sign-in: TAP, phishing-resistant strength, up to the passkey setup screen. */
function wizardAtPasskey(client: ClientInput, over: Partial<ScenarioInput> = {}) {
  const a = createActor(interruptMachine, { input: scenario('interrupt', client, over) });
  a.start();
  send(a, 'TAP_ACCEPTED', 'NEXT');
  expect(stateOf(a)).toBe('wizard.setup.fido2.intro');
  return a;
}

const stateOf = (a: AnyActor): string => snapshotStateId(a.getSnapshot());
const ev = (type: string): RegsimEvent => ({ type }) as RegsimEvent;
const can = (a: AnyActor, type: string): boolean => a.getSnapshot().can(ev(type));
/** The text the snapshot's screen shows word for word, where the snapshot is in state `id`. */
const screenOf = (a: AnyActor, id: string): string | undefined =>
  (a.getSnapshot() as AnyMachineSnapshot)._nodes.some((n) => n.id === id) ? screenText(a.getSnapshot() as AnyMachineSnapshot) : undefined;
const auditLines = (a: AnyActor): string[] => (a.getSnapshot().context.audit as Parameters<typeof formatAuditRow>[0][]).map(formatAuditRow);

function send(a: AnyActor, ...types: string[]): void {
  for (const type of types) {
    if (!can(a, type)) throw new Error(`${type} is not possible in ${stateOf(a)}; possible: ${possibleEvents(a.getSnapshot()).map(formatEvent).join(', ')}`);
    a.send(ev(type));
  }
}

/** Every concrete event the catalogue knows, payloads included. */
const EVERY_EVENT: RegsimEvent[] = [
  ...PLAIN_EVENT_TYPES.map((type) => ({ type }) as RegsimEvent),
  ...METHOD_EVENT_TYPES.flatMap((type) => METHOD_IDS.map((method: MethodId) => ({ type, method }) as RegsimEvent)),
];

const ROW = {
  securityKey: 'User registered security info | Success | User registered Security key.',
  registeredAll: 'User registered all required security info | Success | User registered all required security info.',
  canceled: 'User registered all required security info | Failure | User canceled security info registration.',
};

describe('PK-01: passkey policy settings', () => {
  it('PK-01: with self-service set up on, the TAP user under a phishing-resistant strength is asked for a passkey', () => {
    const d = evaluate(scenario('interrupt', BROWSER));
    expect(d.wizard).toBe('strength');
    expect(d.offered).toEqual(['fido2']);
    expect(d.choices).toEqual(['fido2']);
  });

  it('PK-01: with self-service set up off, no passkey can be registered: the strength wizard is a dead end', () => {
    const input = scenario('interrupt', BROWSER, { tenant: PASSKEY_TENANT(false) });
    expect(evaluate(input).choices).toEqual([]);
    const a = createActor(interruptMachine, { input });
    a.start();
    expect(stateOf(a)).toBe('deadEnd');
    expect(a.getSnapshot().status).toBe('done');
  });

  it('PK-01: the ceremony opens on the passkey intro; Next starts WebAuthn', () => {
    const a = ceremony(BROWSER);
    expect(stateOf(a)).toBe('ceremony.intro');
    expect(possibleEvents(a.getSnapshot()).map(formatEvent)).toEqual(['NEXT']);
  });
});

describe('PK-02: a browser registers the passkey', () => {
  it('PK-02: standalone, WebAuthn succeeds and writes the AUD-03 row', () => {
    const a = ceremony(BROWSER);
    send(a, 'NEXT');
    expect(stateOf(a)).toBe('ceremony.webAuthn');
    expect(can(a, 'WEBAUTHN_FAILED')).toBe(false);
    expect(can(a, 'WIZARD_HANGS')).toBe(false);
    send(a, 'WEBAUTHN_SUCCESS');
    expect(stateOf(a)).toBe('registered');
    expect(a.getSnapshot().status).toBe('done');
    expect(a.getSnapshot().context.audit).toEqual([
      { rule: 'AUD-03', service: 'Authentication Methods', activity: 'User registered security info', status: 'Success', reason: 'User registered Security key.' },
    ]);
  });

  it('PK-02: in the interrupt wizard the browser completes registration (AUD-03 then AUD-01)', () => {
    const a = wizardAtPasskey(BROWSER);
    send(a, 'NEXT', 'WEBAUTHN_SUCCESS', 'NEXT', 'DONE');
    expect(stateOf(a)).toBe('registrationComplete');
    expect(auditLines(a)).toEqual([ROW.securityKey, ROW.registeredAll]);
  });

  it('PK-02 on macOS: a browser on macOS also completes (the hang is the Windows App\'s)', () => {
    const a = ceremony({ app: 'browser', os: 'macos' });
    send(a, 'NEXT', 'WEBAUTHN_SUCCESS');
    expect(stateOf(a)).toBe('registered');
  });
});

describe('PK-03: the Windows App on macOS is stuck after Next', () => {
  /** Stuck is final: no event of the whole catalogue is possible, and nothing was written. */
  const expectStuckForGood = (a: AnyActor) => {
    expect(stateOf(a)).toBe('stuck');
    const snap = a.getSnapshot();
    expect(snap.status).toBe('done');
    expect(possibleEvents(snap)).toEqual([]);
    for (const e of EVERY_EVENT) expect(snap.can(e), formatEvent(e)).toBe(false);
    expect(auditLines(a)).toEqual([]);
  };

  it('PK-03: standalone, Next leads to stuck and from stuck no event is possible', () => {
    const a = ceremony(APP_MACOS);
    send(a, 'NEXT');
    expectStuckForGood(a);
  });

  it('PK-03: in the interrupt wizard the passkey is offered, then Next hangs: no event, nothing written', () => {
    const a = wizardAtPasskey(APP_MACOS);
    send(a, 'NEXT');
    expectStuckForGood(a);
  });

  it('PK-03: "seen on Windows as well": the Windows App on Windows may hang once WebAuthn started', () => {
    const a = ceremony(APP_WINDOWS);
    send(a, 'NEXT', 'WIZARD_HANGS');
    expect(stateOf(a)).toBe('stuck');
    expect(possibleEvents(a.getSnapshot())).toEqual([]);
  });

  it('PK-03: only the Windows App hangs: a browser cannot', () => {
    for (const client of [BROWSER, PRIVATE]) {
      const a = ceremony(client);
      send(a, 'NEXT');
      expect(can(a, 'WIZARD_HANGS')).toBe(false);
    }
  });
});

describe('PK-04: the Windows App on Windows ends with the passkey error', () => {
  it('PK-04: WebAuthn cannot succeed; it fails with the blog\'s exact error text', () => {
    const a = ceremony(APP_WINDOWS);
    send(a, 'NEXT');
    expect(stateOf(a)).toBe('ceremony.webAuthn');
    expect(can(a, 'WEBAUTHN_SUCCESS')).toBe(false);
    send(a, 'WEBAUTHN_FAILED');
    expect(stateOf(a)).toBe('ceremony.error');
    expect(PASSKEY_ERROR).toBe(BLOG_ERROR);
    expect(screenOf(a, 'passkey.ceremony.error')).toBe(BLOG_ERROR);
  });

  it('PK-04: nested in the wizard, the error screen is wizard.setup.fido2.error with the same text', () => {
    const a = wizardAtPasskey(APP_WINDOWS);
    send(a, 'NEXT', 'WEBAUTHN_FAILED');
    expect(stateOf(a)).toBe('wizard.setup.fido2.error');
    expect(screenOf(a, 'interrupt.wizard.setup.fido2.error')).toBe(BLOG_ERROR);
  });

  it('PK-04: retrying in the Windows App fails again: registration is impossible', () => {
    const a = wizardAtPasskey(APP_WINDOWS);
    send(a, 'NEXT', 'WEBAUTHN_FAILED', 'RETRY', 'NEXT');
    expect(can(a, 'WEBAUTHN_SUCCESS')).toBe(false);
    send(a, 'WEBAUTHN_FAILED');
    expect(stateOf(a)).toBe('wizard.setup.fido2.error');
  });
});

describe('PK-05: timeout, canceled request, private window', () => {
  it('PK-05: a private window fails WebAuthn with the error and cannot succeed', () => {
    const a = ceremony(PRIVATE);
    send(a, 'NEXT');
    expect(can(a, 'WEBAUTHN_SUCCESS')).toBe(false);
    send(a, 'WEBAUTHN_FAILED');
    expect(stateOf(a)).toBe('ceremony.error');
  });

  it.each([
    ['browser', BROWSER], ['private window', PRIVATE], ['Windows App on Windows', APP_WINDOWS],
  ] as const)('PK-05: a timeout or a canceled request leads to the error in the %s', (_, client) => {
    for (const failure of ['WEBAUTHN_TIMEOUT', 'WEBAUTHN_CANCELED']) {
      const a = ceremony(client);
      send(a, 'NEXT', failure);
      expect(stateOf(a)).toBe('ceremony.error');
    }
  });
});

describe('PK-06: after the error the user may retry, choose another method or cancel', () => {
  const atError = () => {
    const a = ceremony(BROWSER);
    send(a, 'NEXT', 'WEBAUTHN_TIMEOUT');
    return a;
  };

  it('PK-06: standalone, the error offers exactly retry, another method and cancel', () => {
    expect(possibleEvents(atError().getSnapshot()).map(formatEvent).sort())
      .toEqual(['CANCEL', 'CHOOSE_DIFFERENT_METHOD', 'RETRY']);
  });

  it('PK-06: retry returns to the intro and a browser then registers', () => {
    const a = atError();
    send(a, 'RETRY');
    expect(stateOf(a)).toBe('ceremony.intro');
    send(a, 'NEXT', 'WEBAUTHN_SUCCESS');
    expect(stateOf(a)).toBe('registered');
    expect(auditLines(a)).toEqual([ROW.securityKey]);
  });

  it('PK-06: another method and cancel end the ceremony without a row', () => {
    const other = atError();
    send(other, 'CHOOSE_DIFFERENT_METHOD');
    expect(stateOf(other)).toBe('otherMethod');
    const canceled = atError();
    send(canceled, 'CANCEL');
    expect(stateOf(canceled)).toBe('canceled');
    for (const a of [other, canceled]) {
      expect(a.getSnapshot().status).toBe('done');
      expect(auditLines(a)).toEqual([]);
    }
  });

  it('PK-06, INT-10: in the wizard, cancel from the error writes AUD-02', () => {
    const a = wizardAtPasskey(APP_WINDOWS);
    send(a, 'NEXT', 'WEBAUTHN_FAILED', 'CANCEL');
    expect(stateOf(a)).toBe('canceled');
    expect(auditLines(a)).toEqual([ROW.canceled]);
  });

  it('PK-06, INT-07: in the wizard, another method is possible only when the policy allows one', () => {
    // Caveat 3's phishing-resistant strength: the passkey is the only choice.
    const only = wizardAtPasskey(APP_WINDOWS);
    send(only, 'NEXT', 'WEBAUTHN_FAILED');
    expect(can(only, 'CHOOSE_DIFFERENT_METHOD')).toBe(false);
    expect(possibleEvents(only.getSnapshot()).map(formatEvent).sort()).toEqual(['CANCEL', 'RETRY']);

    // A legacy "require MFA" grant: TAP onboarding offers the passkey first, with alternatives.
    const withAlternatives = wizardAtPasskey(APP_WINDOWS, {
      tenant: { ...PASSKEY_TENANT(), conditionalAccess: [{ name: 'Require MFA', grant: 'mfa' }] },
    });
    send(withAlternatives, 'NEXT', 'WEBAUTHN_FAILED', 'CHOOSE_DIFFERENT_METHOD');
    expect(stateOf(withAlternatives)).toBe('wizard.chooser');
    expect(possibleEvents(withAlternatives.getSnapshot()).filter((e) => e.type === 'SELECT_METHOD').map(formatEvent))
      .toEqual(['SELECT_METHOD(microsoftAuthenticator)', 'SELECT_METHOD(mobilePhone)']);
  });
});

describe('PK-05, PK-06: the open passkey prompt covers the page', () => {
  // One shipped scenario per host the ceremony is nested in: the wizard (a passkey with alternatives), the Security info page, the B2B home wizard.
  const HOSTS = [
    'scenarios/caveat3-browser-passkey-registered.yaml', 'scenarios/cover-manage-add-passkey-per-client.yaml', 'scenarios/b2b-phishing-resistant-legacy-mfa-at-home-passkey.yaml',
  ];
  const graphs = HOSTS.map((file) => ({ file, graph: exploreScenario(loadAll([file]).scenarios[0]!.scenario) }));
  const eventsFrom = (graph: StateGraph, node: number) => graph.edges.filter((e) => e.from === node).map((e) => e.event.type);

  it.each(graphs)('$file: in the prompt none of the page\'s controls is offered, or taken; on the screen before it the host offers them', ({ graph }) => {
    const prompts = graph.nodes.filter((n) => n.state.endsWith('fido2.webAuthn'));
    expect(prompts.length).toBeGreaterThan(0);
    for (const n of prompts) {
      expect(eventsFrom(graph, n.index).filter((t) => (COVERED_BY_PROMPT as readonly string[]).includes(t)), n.state).toEqual([]);
      for (const type of COVERED_BY_PROMPT) {
        expect(n.snapshot.can(ev(type)), type).toBe(false);
        // Sent anyway, the event changes nothing: the prompt stays open.
        expect(snapshotStateId(graph.machine.transition(n.snapshot, ev(type), inertScope()) as AnyMachineSnapshot), type).toBe(n.state);
      }
    }
    // The forbidding matters: before the prompt (the passkey intro) the host offers at least one of them.
    const intros = graph.nodes.filter((n) => n.state.endsWith('fido2.intro'));
    expect(intros.some((n) => eventsFrom(graph, n.index).some((t) => (COVERED_BY_PROMPT as readonly string[]).includes(t)))).toBe(true);
  });

  it.each(graphs)('$file: the events offered are exactly those XState accepts, in every state (can() asked of every event)', ({ graph }) => {
    const every = eventTypesOf(graph.machine).flatMap((t) => eventsOfType(t));
    for (const n of graph.nodes) {
      expect(possibleEvents(n.snapshot).map(formatEvent), n.state).toEqual(every.filter((e) => n.snapshot.can(e)).map(formatEvent));
    }
  });

  it('asked why, the prompt says it covers the page, with its rules, not a host\'s guard', () => {
    const { graph } = graphs[0]!;
    const prompt = graph.nodes.find((n) => n.state.endsWith('fido2.webAuthn'))!;
    for (const type of COVERED_BY_PROMPT) {
      const r = explainRefusal(prompt.snapshot, ev(type));
      expect(r.text, type).toBe('the passkey prompt covers the page, so its controls wait until the prompt ends');
      expect(r.rules).toEqual(['PK-05', 'PK-06']);
      expect(r.guard).toBeNull();
    }
  });

  it.each(HOSTS)('%s: a path is credited with PK-05 or PK-06 only where it shows the passkey error', (file) => {
    const plan = planScenario(loadAll([file]).scenarios[0]!.scenario);
    let credited = 0;
    for (const p of generatePaths(plan, { criterion: 'transitions' })) {
      const states = [p.start, ...p.steps.map((x) => x.state)];
      const showsError = states.some((st) => st.endsWith('fido2.error'));
      for (const rule of ['PK-05', 'PK-06'] as const) if (p.rules.includes(rule)) { credited++; expect(showsError, `${p.id} ${rule}: ${states.join(' > ')}`).toBe(true); }
    }
    expect(credited).toBeGreaterThan(0);
  });

  it('the forbidden transitions are no transitions to cover or draw', () => {
    for (const { machine } of Object.values(MACHINES)) {
      const ids = transitionsOf(machine).map((t) => t.id);
      const drawn = machineModel(machine).transitions.map((t) => t.id);
      for (const list of [ids, drawn]) {
        for (const type of COVERED_BY_PROMPT) expect(list.filter((id) => id.includes('webAuthn:') && id.includes(`:${type}`)), machine.id).toEqual([]);
      }
      // The prompt's real transitions are still there: only the forbidden ones are left out.
      if (ids.some((id) => id.includes('webAuthn:'))) expect(ids.filter((id) => id.includes('webAuthn:WEBAUTHN_'))).toHaveLength(4 * ids.filter((id) => id.endsWith('webAuthn:WEBAUTHN_SUCCESS')).length);
    }
  });
});

describe('caveat 3: outcomes differ per client exactly as the blog reports', () => {
  it.each([
    ['browser', BROWSER, 'registrationComplete'],
    ['Windows App on macOS', APP_MACOS, 'stuck'],
    ['Windows App on Windows', APP_WINDOWS, 'wizard.setup.fido2.error'],
    ['private window', PRIVATE, 'wizard.setup.fido2.error'],
  ] as const)('PK-02..05: %s → %s', (_, client, outcome) => {
    const a = wizardAtPasskey(client);
    // Next, then whatever the client lets WebAuthn do: succeed, or fail.
    send(a, 'NEXT');
    if (stateOf(a) === 'wizard.setup.fido2.webAuthn') send(a, can(a, 'WEBAUTHN_SUCCESS') ? 'WEBAUTHN_SUCCESS' : 'WEBAUTHN_FAILED');
    if (stateOf(a) === 'wizard.methodDone') send(a, 'NEXT', 'DONE');
    expect(stateOf(a)).toBe(outcome);
  });
});
