/**
 * An inspector session: one scenario's machine as a live actor, driven one
 * event at a time, with everything the page shows derived from it — screen,
 * possible events, trace, audit log, the policy decision with its reasons and
 * the rules the active states cite. No I/O and no clock: the state is a pure
 * function of the scenario and the events sent, so undo replays all but the
 * last event from scratch and lands exactly where the user was before.
 */
import { createActor, type AnyActorRef, type AnyMachineSnapshot, type InspectionEvent } from 'xstate';
import { screenText } from '../../machines/catalogue/index.ts';
import { machineFor } from '../../machines/index.ts';
import { isEventType, isMethodEventType, isOptionEventType, type RegsimEvent } from '../../machines/events.ts';
import { DEFAULT_OPTION_IDS, isDefaultOptionId, type DefaultOptionId } from '../domain/defaultOptions.ts';
import { formatAuditRow, type AuditRow } from '../domain/audit.ts';
import { isMethodId } from '../domain/methods.ts';
import type { Decision } from '../domain/policy.ts';
import { RULES, isRuleId, type RuleId } from '../domain/rules.ts';
import { descriptionOf } from '../paths/path.ts';
import { variantLabel, type ExpandedScenario } from '../scenario/matrix.ts';
import { formatEvent, possibleEvents } from '../simulate/events.ts';
import { describeRefusal, explainRefusal } from '../simulate/refusal.ts';
import { defaultShown } from '../simulate/runner.ts';
import { decisionFor } from '../simulate/expectations.ts';
import { snapshotStateId } from '../simulate/stateId.ts';
import { InspectionLog, fanOut, type InspectionObserver, type InspectionSummary } from './inspection.ts';

export interface RuleRef {
  id: RuleId;
  summary: string;
}

export interface ActiveRule extends RuleRef {
  /** The active state that cites it (`wizard.setup`); `''` for the machine's root. */
  state: string;
}

export interface PossibleEvent {
  /** `SELECT_METHOD(email)`. */
  label: string;
  event: RegsimEvent;
}

export interface TraceEntry {
  /** 0 for the initial state, then one per event sent. */
  step: number;
  /** `null` for the initial state. */
  event: string | null;
  send: RegsimEvent | null;
  state: string;
  /** Audit rows written by this step, formatted. */
  audit: string[];
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
  decision: DecisionView;
  /** Rules cited by the active state nodes' meta, outermost first. */
  rules: ActiveRule[];
  /** States visited, in order (the diagram's highlighted path). */
  visited: string[];
  canUndo: boolean;
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

const auditOf = (s: AnyMachineSnapshot): AuditRow[] => (s.context as { audit?: AuditRow[] }).audit ?? [];

const ruleRefs = (ids: readonly string[]): RuleRef[] =>
  ids.filter(isRuleId).map((id) => ({ id, summary: RULES[id].summary }));

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
  readonly file: string;
  readonly scenario: ExpandedScenario;
  private readonly inspectors: readonly InspectionObserver[];
  private readonly listeners = new Set<(state: SessionState) => void>();
  private actor!: AnyActorRef;
  private log!: InspectionLog;
  private sent: RegsimEvent[] = [];
  private trace: TraceEntry[] = [];

  constructor(file: string, scenario: ExpandedScenario, options: SessionOptions = {}) {
    this.file = file;
    this.scenario = scenario;
    this.inspectors = options.inspectors ?? [];
    this.start([]);
  }

  /** The events sent since the start (or the last reset). */
  get events(): readonly RegsimEvent[] {
    return this.sent;
  }

  get snapshot(): AnyMachineSnapshot {
    return this.actor.getSnapshot() as AnyMachineSnapshot;
  }

  /**
   * Sends `event` if the current state accepts it; throws `EventNotPossible`
   * otherwise, and `ActorFailed` when the machine throws on it.
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
      const options = this.possible(snap).map((p) => p.label);
      return `${formatEvent(event)} is not possible in ${snapshotStateId(snap)}; possible: ${options.join(', ') || 'none'}`;
    }
  }

  /** The events possible now; none once a guard throws (the state says why). */
  private possible(snap: AnyMachineSnapshot): PossibleEvent[] {
    try {
      return possibleEvents(snap).map((event) => ({ label: formatEvent(event), event }));
    } catch {
      return [];
    }
  }

  /** Back to the initial state: a new actor, no events. */
  reset(): SessionState {
    this.start([]);
    return this.changed();
  }

  /** Replays all but the last event from scratch; `false` when there is nothing to undo. */
  undo(): boolean {
    if (this.sent.length === 0) return false;
    this.start(this.sent.slice(0, -1));
    this.changed();
    return true;
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
    const decision = decisionFor(s);
    const current = snapshotStateId(snap);
    return {
      scenario: {
        name: s.name, id: s.id, file: this.file, flow: s.flow, flowTitle: entry.title, profile: s.profile,
        description: s.description, variant: Object.keys(s.variant).length ? variantLabel(s.variant) : null,
      },
      state: current,
      screen: descriptionOf(snap) ?? null,
      screenText: screenText(snap) ?? null,
      defaultOption: defaultShown(snap),
      status: snap.status === 'active' ? 'active' : snap.status === 'error' ? 'error' : 'done',
      error: this.failure,
      outcome: snap.status === 'done' ? current : null,
      possible: snap.status === 'active' ? this.possible(snap) : [],
      trace: this.trace.map((t) => ({ ...t, audit: [...t.audit] })),
      audit: auditOf(snap).map((r) => ({ ...r, text: formatAuditRow(r), ruleSummary: RULES[r.rule].summary })),
      decision: {
        interrupted: decision.interrupted, trigger: decision.trigger, gate: decision.gate, wizard: decision.wizard,
        offered: decision.offered, choices: decision.choices, required: decision.required, skippable: decision.skippable,
        url: decision.url, strength: decision.strength,
        reasons: decision.reasons.map((r) => ({ part: r.part, text: r.text, rules: ruleRefs(r.rules) })),
      },
      rules: activeRules(snap),
      visited: this.trace.map((t) => t.state),
      canUndo: this.sent.length > 0,
      inspection: this.log.summary(),
    };
  }

  private start(events: readonly RegsimEvent[]): void {
    this.actor?.stop();
    this.log = new InspectionLog();
    this.sent = [];
    const { machine } = machineFor(this.scenario.flow);
    const inspect: (ev: InspectionEvent) => void = fanOut([this.log.record, ...this.inspectors]);
    this.actor = createActor(machine, { input: this.scenario, inspect });
    // Without an error observer XState rethrows an actor's error outside any call, which would end the process.
    this.actor.subscribe({ error: () => {} });
    this.actor.start();
    const snap = this.snapshot;
    this.trace = [{ step: 0, event: null, send: null, state: snapshotStateId(snap), audit: auditOf(snap).map(formatAuditRow) }];
    for (const e of events) this.apply(e);
  }

  private apply(event: RegsimEvent): void {
    if (this.snapshot.status === 'error') return;
    const before = auditOf(this.snapshot).length;
    this.actor.send(event);
    this.sent.push(event);
    const snap = this.snapshot;
    this.trace.push({
      step: this.sent.length, event: formatEvent(event), send: event, state: snapshotStateId(snap),
      audit: auditOf(snap).slice(before).map(formatAuditRow),
    });
  }

  private changed(): SessionState {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
    return state;
  }
}

/** The rules the active state nodes cite in `meta.rules`, outermost first, each once. */
export function activeRules(s: AnyMachineSnapshot): ActiveRule[] {
  const rootId = s.machine.root.id;
  const out: ActiveRule[] = [];
  const seen = new Set<string>();
  for (const [nodeId, meta] of Object.entries(s.getMeta() as Record<string, { rules?: unknown } | undefined>)) {
    const rules = Array.isArray(meta?.rules) ? (meta.rules as unknown[]).filter((r): r is string => typeof r === 'string') : [];
    const state = nodeId === rootId ? '' : nodeId.startsWith(`${rootId}.`) ? nodeId.slice(rootId.length + 1) : nodeId;
    for (const ref of ruleRefs(rules)) {
      if (seen.has(ref.id)) continue;
      seen.add(ref.id);
      out.push({ ...ref, state });
    }
  }
  return out;
}
