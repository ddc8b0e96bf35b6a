/**
 * An inspector session: one scenario's machine as a live actor, driven one
 * event at a time, with everything the page shows derived from it — screen,
 * possible events (with their words, kind and tooltip), trace, audit log,
 * the policy decisions with their reasons, the rules the active states cite
 * and the snapshot. No I/O and no clock: the state is a pure function of the
 * scenario and the events sent, so time travel replays from scratch.
 *
 * The session keeps a history (the events of the current branch) and a
 * cursor into it: going to step k replays the first k events; Undo and Redo
 * move the cursor by one; sending an event before the end forks the
 * history there. Playing a generated path loads its events as the history,
 * with the cursor at the start.
 */
import { createActor, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine, type InspectionEvent } from 'xstate';
import { activeScreens, screenText } from '../../machines/catalogue/index.ts';
import { machineFor } from '../../machines/index.ts';
import { isEventType, isMethodEventType, isOptionEventType, type RegsimEvent } from '../../machines/events.ts';
import { DEFAULT_OPTION_IDS, isDefaultOptionId, type DefaultOptionId } from '../domain/defaultOptions.ts';
import { formatAuditRow, type AuditRow } from '../domain/audit.ts';
import { isMethodId } from '../domain/methods.ts';
import { guestTenantAt } from '../domain/b2b.ts';
import { evaluate, evaluateHome, type Decision } from '../domain/policy.ts';
import { eventKind, eventLabel, eventTooltip, stateLabel, type EventKind, type LabelState } from '../export/labels.ts';
import { inertScope } from '../paths/graph.ts';
import { transitionKey } from '../paths/transitions.ts';
import { RULES, isRuleId, type RuleId } from '../domain/rules.ts';
import { descriptionOf } from '../paths/path.ts';
import { variantLabel, type ExpandedScenario } from '../scenario/matrix.ts';
import { formatEvent, possibleEvents } from '../simulate/events.ts';
import { auditLogOf } from '../simulate/auditLog.ts';
import { describeRefusal, explainRefusal } from '../simulate/refusal.ts';
import { defaultShown } from '../simulate/runner.ts';
import { decisionFor } from '../simulate/expectations.ts';
import { activeLeaf, activeNodes, snapshotStateId } from '../simulate/stateId.ts';
import { InspectionLog, fanOut, type InspectionObserver, type InspectionSummary } from './inspection.ts';

export interface RuleRef {
  id: RuleId;
  summary: string;
}

export interface ActiveRule extends RuleRef {
  /** The active state that cites it (`wizard.setup`); `''` for the machine's root. */
  state: string;
  /** Cited by the current state itself, not inherited from a state around it. */
  own: boolean;
}

export interface PossibleEvent {
  /** The words on its button (the catalogue's label). */
  label: string;
  /** `SELECT_METHOD(email)`: as traces and `POST /send` write it. */
  id: string;
  event: RegsimEvent;
  kind: EventKind;
  /** What it does, its guard, where it leads, the rules it cites. */
  tooltip: string;
  /** The machine transitions it takes here (ids), which the diagram draws as enabled. */
  transitions: string[];
}

export interface TraceEntry {
  /** 0 for the initial state, then one per event sent. */
  step: number;
  /** `SELECT_METHOD(email)`; `null` for the initial state. */
  event: string | null;
  /** The event's words; `null` for the initial state. */
  label: string | null;
  kind: EventKind | null;
  send: RegsimEvent | null;
  state: string;
  /** The state's words (its screen's name). */
  stateLabel: string;
  /** Audit rows written by this step, formatted. */
  audit: string[];
  /** B2B: whose pages the guest is on after this step. */
  tenant: 'home' | 'resource' | null;
}

/** One tenant's decision: the one tenant, or for a B2B guest the resource tenant's and the home tenant's. */
export interface TenantDecision {
  tenant: string;
  role: 'tenant' | 'resource' | 'home';
  decision: DecisionView;
}

export interface AuditEntry extends AuditRow {
  /** `Activity | Status | Reason`. */
  text: string;
  /** The AUD rule's summary. */
  ruleSummary: string;
}

export interface DecisionView {
  interrupted: boolean;
  trigger: Decision['trigger'];
  gate: Decision['gate'];
  wizard: Decision['wizard'];
  offered: Decision['offered'];
  choices: Decision['choices'];
  required: number;
  skippable: boolean;
  url: string | null;
  strength: Decision['strength'];
  reasons: Array<{ part: string; text: string; rules: RuleRef[] }>;
}

/** What `GET /state` returns and `/events` pushes. */
export interface SessionState {
  scenario: {
    name: string;
    /** Name plus the matrix variant. */
    id: string;
    file: string;
    flow: string;
    flowTitle: string;
    profile: string;
    description: string;
    /** `client.app=browser, client.os=macos`; `null` without a matrix. */
    variant: string | null;
  };
  state: string;
  /** The current state's words (its screen's name, from the labels). */
  stateLabel: string;
  /** The active state's description (meta.description). */
  screen: string | null;
  /** The text the user sees there, where the seeds give it verbatim (the catalogue's screen text). */
  screenText: string | null;
  /** MTH-04, INT-09: the default sign-in option the screen shows (the Security info page, or the wizard's review). */
  defaultOption: DefaultOptionId | null;
  /** `error`: the machine threw (a bug in regsim); Undo or Reset goes on from before it. */
  status: 'active' | 'done' | 'error';
  /** What the machine threw, when `status` is `error`. */
  error: string | null;
  /** The final state once the flow is done. */
  outcome: string | null;
  possible: PossibleEvent[];
  trace: TraceEntry[];
  audit: AuditEntry[];
  /** The decision that shapes the wizard shown (for a B2B guest with trust: the home tenant's). */
  decision: DecisionView;
  /** Every tenant's decision, with the tenant's name. */
  decisions: TenantDecision[];
  /** Rules cited by the active state nodes' meta, outermost first. */
  rules: ActiveRule[];
  /** States visited up to the cursor, in order (the diagram's highlighted path). */
  visited: string[];
  /** The step shown: `trace[cursor]` (trace may go on past it: Redo, or a played path). */
  cursor: number;
  canUndo: boolean;
  canRedo: boolean;
  /** The snapshot at the cursor, as JSON: value, status and context. */
  snapshot: { value: unknown; status: string; context: unknown };
  /** The path being played, when one was loaded. */
  playing: { criterion: string; id: string; description: string } | null;
  inspection: InspectionSummary;
}

export class EventNotPossible extends Error {}

/**
 * The actor failed: a guard or action threw. That is a bug in regsim (what
 * validates must run), but it must not take the server down: the session
 * keeps the failed step, says what was thrown, and Undo or Reset go on.
 */
export class ActorFailed extends Error {}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const ruleRefs = (ids: readonly string[]): RuleRef[] =>
  ids.filter(isRuleId).map((id) => ({ id, summary: RULES[id].summary }));

const decisionView = (decision: Decision): DecisionView => ({
  interrupted: decision.interrupted, trigger: decision.trigger, gate: decision.gate, wizard: decision.wizard,
  offered: decision.offered, choices: decision.choices, required: decision.required, skippable: decision.skippable,
  url: decision.url, strength: decision.strength,
  reasons: decision.reasons.map((r) => ({ part: r.part, text: r.text, rules: ruleRefs(r.rules) })),
});

/** B2B: which tenant's pages the guest is on. */
const tenantOf = (flow: string, state: string): TraceEntry['tenant'] => (flow !== 'b2bMfaTrust' ? null : guestTenantAt(state));

/** The transitions `event` takes from `snap` (the first microstep's; eventless ones after it are XState's to follow). */
function transitionsFor(snap: AnyMachineSnapshot, event: RegsimEvent): Array<{ id: string; guard?: string; rules: RuleId[]; description?: string }> {
  const machine = snap.machine as AnyStateMachine;
  return machine.getTransitionData(snap as never, event as never).map((t) => {
    const meta = (t as { meta?: { rules?: string[]; description?: string } }).meta;
    const guard = (t as { guard?: unknown }).guard;
    return {
      id: transitionKey(t as never),
      guard: typeof guard === 'string' ? guard : typeof guard === 'object' && guard !== null && 'type' in guard ? String((guard as { type: unknown }).type) : undefined,
      rules: (meta?.rules ?? []).filter(isRuleId),
      description: meta?.description,
    };
  });
}

/** Where a button's tooltip looks ahead from: no side effects, no actor started. */
const PEEK = inertScope();

/** The snapshot `event` leads to, or undefined when the machine throws on it. */
function peek(snap: AnyMachineSnapshot, event: RegsimEvent): AnyMachineSnapshot | undefined {
  try {
    return (snap.machine as AnyStateMachine).transition(snap, event, PEEK) as AnyMachineSnapshot;
  } catch {
    return undefined;
  }
}

/** The active leaf (a final state included), as the labels read a state. */
function leafOf(s: AnyMachineSnapshot): LabelState {
  const node = activeLeaf(s) ?? activeNodes(s).at(-1)!;
  const meta = node.meta as { description?: string; screen?: string } | undefined;
  return { key: node.key, path: node.path.join('.'), description: meta?.description, screen: meta?.screen, kind: node.type };
}

/** A context as JSON the page can show: the scenario (the session's input) is left out; it is shown elsewhere. */
function contextJson(context: unknown): unknown {
  if (typeof context !== 'object' || context === null) return context;
  const { scenario: _input, ...rest } = context as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest));
}

/**
 * `{ type: 'SELECT_METHOD', method: 'email' }`, or the printed form
 * `SELECT_METHOD(email)`, to an event; a message saying what is wrong otherwise.
 */
export function parseEvent(input: unknown): RegsimEvent | { error: string } {
  let type: unknown;
  let payload: unknown;
  if (typeof input === 'string') {
    const m = /^\s*([A-Z_]+)\s*(?:\(\s*([A-Za-z0-9]+)\s*\))?\s*$/.exec(input);
    if (!m) return { error: `cannot read "${input}" as an event; write NEXT, SELECT_METHOD(email) or SELECT_DEFAULT(mobilePhoneCall)` };
    [type, payload] = [m[1], m[2]];
  } else if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const o = input as { type?: unknown; method?: unknown; option?: unknown };
    type = o.type;
    payload = o.method ?? o.option;
  } else {
    return { error: 'event must be an object { "type": "NEXT" } or a string "SELECT_METHOD(email)"' };
  }
  if (typeof type !== 'string' || !isEventType(type)) return { error: `unknown event type ${JSON.stringify(type)}` };
  if (isMethodEventType(type)) {
    if (typeof payload !== 'string' || !isMethodId(payload)) return { error: `${type} needs a method (got ${JSON.stringify(payload ?? null)})` };
    return { type, method: payload };
  }
  if (isOptionEventType(type)) {
    if (typeof payload !== 'string' || !isDefaultOptionId(payload)) {
      return { error: `${type} needs a default sign-in option, one of ${DEFAULT_OPTION_IDS.join(', ')} (got ${JSON.stringify(payload ?? null)})` };
    }
    return { type, option: payload };
  }
  if (payload !== undefined && payload !== null) {
    const key = typeof input === 'object' && input !== null && 'option' in input && !('method' in input) ? 'option' : 'method';
    return { error: `${type} takes no ${key}` };
  }
  return { type } as RegsimEvent;
}

export interface SessionOptions {
  /** More observers of the actor's inspection events (e.g. a websocket inspector). */
  inspectors?: readonly InspectionObserver[];
}

export class InspectorSession {
  file: string;
  scenario: ExpandedScenario;
  private readonly inspectors: readonly InspectionObserver[];
  private readonly listeners = new Set<(state: SessionState) => void>();
  private actor!: AnyActorRef;
  private log!: InspectionLog;
  /** The events of the current branch; the first `cursor` of them are applied. */
  private history: RegsimEvent[] = [];
  private cursor = 0;
  /** One entry per step of the branch that ran (a step the machine failed on ends it). */
  private trace: TraceEntry[] = [];
  private playing: SessionState['playing'] = null;

  constructor(file: string, scenario: ExpandedScenario, options: SessionOptions = {}) {
    this.file = file;
    this.scenario = scenario;
    this.inspectors = options.inspectors ?? [];
    this.rebuild([], 0);
  }

  /** The events sent to reach the step shown. */
  get events(): readonly RegsimEvent[] {
    return this.history.slice(0, this.cursor);
  }

  get snapshot(): AnyMachineSnapshot {
    return this.actor.getSnapshot() as AnyMachineSnapshot;
  }

  /**
   * Sends `event` if the current state accepts it; throws `EventNotPossible`
   * otherwise, and `ActorFailed` when the machine throws on it. Sent from a
   * step before the end of the history, it forks the history there.
   */
  send(event: RegsimEvent): SessionState {
    const snap = this.snapshot;
    if (snap.status === 'error') {
      throw new EventNotPossible(`${formatEvent(event)} is not possible: the flow failed (${this.failure}); Undo or Reset to go on`);
    }
    if (snap.status !== 'active') {
      throw new EventNotPossible(`${formatEvent(event)} is not possible: the flow has ended in ${snapshotStateId(snap)}`);
    }
    let can: boolean;
    try {
      can = snap.can(event);
    } catch (e) {
      throw new ActorFailed(`checking ${formatEvent(event)} in ${snapshotStateId(snap)} failed: ${messageOf(e)}`);
    }
    if (!can) throw new EventNotPossible(this.whyNot(snap, event));
    if (this.cursor < this.history.length) {
      // A fork: what came after this step is another history now.
      this.history = this.history.slice(0, this.cursor);
      this.trace = this.trace.slice(0, this.cursor + 1);
      this.playing = null;
    }
    this.history.push(event);
    this.cursor += 1;
    this.apply(event);
    const state = this.changed();
    if (state.status === 'error') throw new ActorFailed(`${formatEvent(event)} failed in ${this.trace.at(-2)?.state ?? state.state}: ${state.error}`);
    return state;
  }

  /** What the actor threw, once it has failed. */
  private get failure(): string | null {
    const snap = this.snapshot;
    return snap.status === 'error' ? messageOf((snap as { error?: unknown }).error) : null;
  }

  /** Why `snap` refuses `event`: the guard and the rule; the events possible, should explaining it throw. */
  private whyNot(snap: AnyMachineSnapshot, event: RegsimEvent): string {
    try {
      return describeRefusal(event, snapshotStateId(snap), explainRefusal(snap, event));
    } catch {
      const options = this.possible(snap).map((p) => p.id);
      return `${formatEvent(event)} is not possible in ${snapshotStateId(snap)}; possible: ${options.join(', ') || 'none'}`;
    }
  }

  /** The events possible now, with their words and the transitions they take; none once a guard throws (the state says why). */
  private possible(snap: AnyMachineSnapshot): PossibleEvent[] {
    try {
      return possibleEvents(snap).map((event) => {
        const taken = transitionsFor(snap, event);
        const first = taken[0];
        const at = activeScreens(snap);
        // Where the event really leads, eventless steps included, in words: a transition's own target may be a compound state (`wizard.setup`).
        // A step that throws is still offered: sending it shows the error where the user asked for it.
        const next = peek(snap, event);
        return {
          label: eventLabel(event), id: formatEvent(event), event, kind: eventKind(event.type),
          tooltip: eventTooltip(event, { guard: first?.guard, rules: [...new Set(taken.flatMap((t) => t.rules))], description: first?.description, target: next && stateLabel(leafOf(next)), at }),
          transitions: taken.map((t) => t.id),
        };
      });
    } catch {
      return [];
    }
  }

  /** Back to the initial state: a new actor, no history. */
  reset(): SessionState {
    this.playing = null;
    this.rebuild([], 0);
    return this.changed();
  }

  /** Shows step `step` of the history (0: the initial state); `false` when there is no such step. */
  goto(step: number): boolean {
    if (!Number.isInteger(step) || step < 0 || step >= this.trace.length) return false;
    if (step === this.cursor) return true;
    this.rebuild(this.history, step);
    this.changed();
    return true;
  }

  /** One step back; `false` at the start. */
  undo(): boolean {
    return this.cursor > 0 && this.goto(this.cursor - 1);
  }

  /** One step forward along the history; `false` at its end. */
  redo(): boolean {
    return this.cursor + 1 < this.trace.length && this.goto(this.cursor + 1);
  }

  /** Loads a path's events as the history, at its start; Redo steps through it. */
  play(events: readonly RegsimEvent[], playing: NonNullable<SessionState['playing']>): SessionState {
    this.playing = playing;
    this.rebuild([...events], 0);
    return this.changed();
  }

  /** Another scenario (or variant) in the same session: a fresh history. */
  load(file: string, scenario: ExpandedScenario): SessionState {
    this.file = file;
    this.scenario = scenario;
    this.playing = null;
    this.rebuild([], 0);
    return this.changed();
  }

  /** Called with the new state after every change. */
  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.actor.stop();
    this.listeners.clear();
  }

  state(): SessionState {
    const s = this.scenario;
    const snap = this.snapshot;
    const entry = machineFor(s.flow);
    const current = snapshotStateId(snap);
    return {
      scenario: {
        name: s.name, id: s.id, file: this.file, flow: s.flow, flowTitle: entry.title, profile: s.profile,
        description: s.description, variant: Object.keys(s.variant).length ? variantLabel(s.variant) : null,
      },
      state: current,
      stateLabel: stateLabel(leafOf(snap)),
      screen: descriptionOf(snap) ?? null,
      screenText: screenText(snap) ?? null,
      defaultOption: defaultShown(snap),
      status: snap.status === 'active' ? 'active' : snap.status === 'error' ? 'error' : 'done',
      error: this.failure,
      outcome: snap.status === 'done' ? current : null,
      possible: snap.status === 'active' ? this.possible(snap) : [],
      trace: this.trace.map((t) => ({ ...t, audit: [...t.audit] })),
      audit: auditLogOf(snap).map((r) => ({ ...r, text: formatAuditRow(r), ruleSummary: RULES[r.rule].summary })),
      decision: decisionView(decisionFor(s)),
      decisions: tenantDecisions(s),
      rules: activeRules(snap),
      visited: this.trace.slice(0, this.cursor + 1).map((t) => t.state),
      cursor: this.cursor,
      canUndo: this.cursor > 0,
      canRedo: this.cursor + 1 < this.trace.length,
      snapshot: { value: snap.value, status: snap.status, context: contextJson(snap.context) },
      playing: this.playing,
      inspection: this.log.summary(),
    };
  }

  /**
   * Replays `history` from scratch: every step for the trace (a throwaway
   * actor), then a live actor up to `cursor` — observed by the inspectors,
   * so they see the session as the user does.
   */
  private rebuild(history: readonly RegsimEvent[], cursor: number): void {
    this.history = [...history];
    this.trace = this.replay(history);
    // The machine failed on a step: the history ends there.
    this.history = this.history.slice(0, this.trace.length - 1);
    this.cursor = Math.min(cursor, this.trace.length - 1);
    this.actor?.stop();
    this.log = new InspectionLog();
    const inspect: (ev: InspectionEvent) => void = fanOut([this.log.record, ...this.inspectors]);
    this.actor = this.startActor(inspect);
    for (const e of this.history.slice(0, this.cursor)) {
      if (this.snapshot.status === 'error') break;
      this.actor.send(e);
    }
  }

  private startActor(inspect?: (ev: InspectionEvent) => void): AnyActorRef {
    const { machine } = machineFor(this.scenario.flow);
    const actor = createActor(machine, { input: this.scenario, inspect });
    // Without an error observer XState rethrows an actor's error outside any call, which would end the process.
    actor.subscribe({ error: () => {} });
    actor.start();
    return actor;
  }

  /** The trace of `history` on a fresh actor; it stops after a step the machine fails on, or one not possible. */
  private replay(history: readonly RegsimEvent[]): TraceEntry[] {
    const actor = this.startActor();
    const flow = this.scenario.flow;
    const snap0 = actor.getSnapshot() as AnyMachineSnapshot;
    const state0 = snapshotStateId(snap0);
    const trace: TraceEntry[] = [{
      step: 0, event: null, label: null, kind: null, send: null, state: state0, stateLabel: stateLabel(leafOf(snap0)),
      audit: auditLogOf(snap0).map(formatAuditRow), tenant: tenantOf(flow, state0),
    }];
    for (const event of history) {
      const before = actor.getSnapshot() as AnyMachineSnapshot;
      if (before.status !== 'active') break;
      let can = false;
      try { can = before.can(event); } catch { can = true; /* the step fails below, and the trace shows it */ }
      if (!can) break;
      actor.send(event);
      const after = actor.getSnapshot() as AnyMachineSnapshot;
      const state = snapshotStateId(after);
      trace.push({
        step: trace.length, event: formatEvent(event), label: eventLabel(event), kind: eventKind(event.type), send: event, state,
        stateLabel: stateLabel(leafOf(after)), audit: auditLogOf(after).slice(auditLogOf(before).length).map(formatAuditRow), tenant: tenantOf(flow, state),
      });
      if (after.status === 'error') break;
    }
    actor.stop();
    return trace;
  }

  /** Sends one event on the live actor and adds its step to the trace. */
  private apply(event: RegsimEvent): void {
    if (this.snapshot.status === 'error') return;
    const before = auditLogOf(this.snapshot).length;
    this.actor.send(event);
    const snap = this.snapshot;
    const state = snapshotStateId(snap);
    this.trace.push({
      step: this.cursor, event: formatEvent(event), label: eventLabel(event), kind: eventKind(event.type), send: event, state,
      stateLabel: stateLabel(leafOf(snap)), audit: auditLogOf(snap).slice(before).map(formatAuditRow), tenant: tenantOf(this.scenario.flow, state),
    });
  }

  private changed(): SessionState {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
    return state;
  }
}

/** The decisions of every tenant the scenario involves, named. */
export function tenantDecisions(s: ExpandedScenario): TenantDecision[] {
  if (s.flow === 'b2bMfaTrust' && s.user.home) {
    return [
      { tenant: s.tenant.name, role: 'resource', decision: decisionView(evaluate(s)) },
      { tenant: s.user.home.name, role: 'home', decision: decisionView(evaluateHome(s)) },
    ];
  }
  return [{ tenant: s.tenant.name, role: 'tenant', decision: decisionView(decisionFor(s)) }];
}

/**
 * The rules the active state nodes cite in `meta.rules`, outermost first,
 * each once; `own` marks those the current state cites itself.
 */
export function activeRules(s: AnyMachineSnapshot): ActiveRule[] {
  const rootId = s.machine.root.id;
  const leaf = snapshotStateId(s);
  const metas = s.getMeta() as Record<string, { rules?: unknown } | undefined>;
  const leafMeta = metas[`${rootId}.${leaf}`];
  const own = new Set(Array.isArray(leafMeta?.rules) ? leafMeta.rules as string[] : []);
  const out: ActiveRule[] = [];
  const seen = new Set<string>();
  for (const [nodeId, meta] of Object.entries(metas)) {
    const rules = Array.isArray(meta?.rules) ? (meta.rules as unknown[]).filter((r): r is string => typeof r === 'string') : [];
    const state = nodeId === rootId ? '' : nodeId.startsWith(`${rootId}.`) ? nodeId.slice(rootId.length + 1) : nodeId;
    for (const ref of ruleRefs(rules)) {
      if (seen.has(ref.id)) continue;
      seen.add(ref.id);
      out.push({ ...ref, state: own.has(ref.id) ? leaf : state, own: own.has(ref.id) });
    }
  }
  return out;
}
