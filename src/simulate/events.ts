/**
 * The concrete events a snapshot accepts now, payloads included (one
 * SELECT_METHOD per method the guards allow). Path generation and the
 * inspector both use it, so nobody lists events per scenario by hand.
 *
 * Only the events some active state node handles are tried (XState's
 * `ownEvents`, the same list `xstate/graph` starts from): asking `can()` of
 * every event everywhere cost sixty guard evaluations a state for the three
 * events that exist.
 */
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { DEFAULT_OPTION_IDS } from '../domain/defaultOptions.ts';
import { METHOD_IDS } from '../domain/methods.ts';
import {
  METHOD_EVENT_TYPES, OPTION_EVENT_TYPES, PLAIN_EVENT_TYPES, eventPayload, isMethodEventType, isOptionEventType, type RegsimEvent,
} from '../../machines/events.ts';
import { activeLeaf, activeNodes, deepestFirst } from './stateId.ts';
import { isForbidden } from '../paths/transitions.ts';

const CATALOGUE_ORDER: readonly string[] = [...PLAIN_EVENT_TYPES, ...METHOD_EVENT_TYPES, ...OPTION_EVENT_TYPES];
const CATALOGUED = new Set(CATALOGUE_ORDER);

const ofType = new Map<string, readonly RegsimEvent[]>();

/** Every concrete event of a type: one per method or option it can name (the same objects every time). */
export function eventsOfType(type: string): readonly RegsimEvent[] {
  let events = ofType.get(type);
  if (!events) {
    events = isMethodEventType(type) ? METHOD_IDS.map((method) => ({ type, method }))
      : isOptionEventType(type) ? DEFAULT_OPTION_IDS.map((option) => ({ type, option }))
      : [{ type } as RegsimEvent];
    ofType.set(type, events);
  }
  return events;
}

const knownTypes = new WeakMap<AnyStateMachine, string[]>();

/** The event types a machine handles anywhere, in catalogue order. */
export function eventTypesOf(machine: AnyStateMachine): string[] {
  let types = knownTypes.get(machine);
  if (!types) {
    const used = new Set(machine.root.events.map(String));
    types = CATALOGUE_ORDER.filter((t) => used.has(t));
    knownTypes.set(machine, types);
  }
  return types;
}

/**
 * A configuration's candidates: the concrete events some active state node
 * handles, and the event types a guard may refuse there (every type, where a
 * wildcard or partial descriptor matches events by pattern).
 */
interface Candidates { events: readonly RegsimEvent[]; guarded: ReadonlySet<string> | 'all' }

/**
 * The forbidden transition that blocks `type` here, if any: the deepest of
 * `nodes` that handles `type` has only forbidden, unguarded transitions for
 * it (a guarded one may let the event fall through to a parent).
 */
export function forbiddingTransition(nodes: readonly AnyStateNode[], type: string): AnyTransitionDefinition | undefined {
  const defs = deepestFirst(nodes).map((n) => n.transitions.get(type)).find((d) => d?.length);
  return defs && defs.every((t) => isForbidden(t) && t.guard === undefined) ? defs[0] : undefined;
}

/** Candidates by active leaf: the machines have no parallel states, so the leaf names the configuration. */
const candidatesByLeaf = new WeakMap<AnyStateNode, Candidates>();
const NO_CANDIDATES: Candidates = { events: [], guarded: new Set() };

function candidatesOf(snapshot: AnyMachineSnapshot): Candidates {
  if (snapshot.status !== 'active') return NO_CANDIDATES;
  const leaf = activeLeaf(snapshot);
  const cached = leaf && candidatesByLeaf.get(leaf);
  if (cached) return cached;
  const nodes = activeNodes(snapshot);
  // An event the deepest state handling it forbids is no candidate: no enclosing state takes it.
  const own = new Set(nodes.flatMap((n) => n.ownEvents).filter((t) => !forbiddingTransition(nodes, t)));
  const exact = [...own].every((t) => CATALOGUED.has(t));
  const types = exact ? CATALOGUE_ORDER.filter((t) => own.has(t)) : eventTypesOf(snapshot.machine);
  const guarded = exact
    ? new Set(types.filter((t) => nodes.some((n) => (n.transitions.get(t) ?? []).some((tr) => tr.guard !== undefined))))
    : 'all' as const;
  const c: Candidates = { events: types.flatMap((type) => eventsOfType(type)), guarded };
  if (leaf) candidatesByLeaf.set(leaf, c);
  return c;
}

/**
 * The concrete events some active state node handles, in a stable order
 * (catalogue order, then method or option order): those `snapshot` accepts
 * and those a guard refuses now.
 */
const candidateEvents = (snapshot: AnyMachineSnapshot): readonly RegsimEvent[] => candidatesOf(snapshot).events;

/** Whether a guard may refuse `e` in the configuration `c` describes. */
const mayRefuse = (c: Candidates, e: RegsimEvent): boolean => c.guarded === 'all' || c.guarded.has(e.type);

/**
 * The events exploring tries in `snapshot`, in the order `possibleEvents`
 * gives them: every concrete event some active state node handles, `can()`
 * asked only of those a guard may refuse. Exploring asks XState for each
 * one's next snapshot and keeps those that changed (a refused event returns
 * the very same snapshot); `can()` of an event no guard can refuse would
 * only select its transitions twice, while a refused event costs it less than a whole step.
 */
export const eventsToTry = (snapshot: AnyMachineSnapshot): readonly RegsimEvent[] => eventsToTryAmong(snapshot, () => true);

/** `eventsToTry` among those `keep` allows. */
export function eventsToTryAmong(snapshot: AnyMachineSnapshot, keep: (e: RegsimEvent) => boolean): RegsimEvent[] {
  const c = candidatesOf(snapshot);
  return c.events.filter((e) => keep(e) && (!mayRefuse(c, e) || snapshot.can(e)));
}

/** Every concrete event `snapshot` accepts, in a stable order (catalogue order, then method or option order). */
export const possibleEvents = (snapshot: AnyMachineSnapshot): RegsimEvent[] => candidateEvents(snapshot).filter((e) => snapshot.can(e));

/** The events `snapshot` accepts among those `keep` allows: `keep` asked first, so `can()` is not asked of the rest. */
export const possibleEventsAmong = (snapshot: AnyMachineSnapshot, keep: (e: RegsimEvent) => boolean): RegsimEvent[] =>
  candidateEvents(snapshot).filter((e) => keep(e) && snapshot.can(e));

/** `SELECT_METHOD(email)` / `SELECT_DEFAULT(mobilePhoneCall)` / `NEXT`: how traces, paths and docs print an event. */
export function formatEvent(e: RegsimEvent): string {
  const payload = eventPayload(e);
  return payload === null ? e.type : `${e.type}(${payload})`;
}

/** The event type of a label `formatEvent` wrote: `SELECT_METHOD(mobilePhone)` → `SELECT_METHOD`. */
export const eventTypeOfLabel = (label: string): string => label.replace(/\(.*$/, '');
