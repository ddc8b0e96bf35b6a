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
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { DEFAULT_OPTION_IDS } from '../domain/defaultOptions.ts';
import { METHOD_IDS } from '../domain/methods.ts';
import {
  METHOD_EVENT_TYPES, OPTION_EVENT_TYPES, PLAIN_EVENT_TYPES, eventPayload, isMethodEventType, isOptionEventType, type RegsimEvent,
} from '../../machines/events.ts';
import { activeLeaf, activeNodes } from './stateId.ts';

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

/** Candidates by active leaf: the machines have no parallel states, so the leaf names the configuration. */
const candidatesByLeaf = new WeakMap<AnyStateNode, readonly RegsimEvent[]>();

/**
 * The concrete events some active state node handles, in a stable order
 * (catalogue order, then method or option order): those `snapshot` accepts
 * and those a guard refuses now.
 */
function candidateEvents(snapshot: AnyMachineSnapshot): readonly RegsimEvent[] {
  if (snapshot.status !== 'active') return [];
  const leaf = activeLeaf(snapshot);
  const cached = leaf && candidatesByLeaf.get(leaf);
  if (cached) return cached;
  const nodes = activeNodes(snapshot);
  const own = new Set(nodes.flatMap((n) => n.ownEvents));
  // A wildcard or partial descriptor matches events by pattern: then every type is a candidate.
  const types = [...own].every((t) => CATALOGUED.has(t)) ? CATALOGUE_ORDER.filter((t) => own.has(t)) : eventTypesOf(snapshot.machine);
  const events = types.flatMap((type) => eventsOfType(type));
  if (leaf) candidatesByLeaf.set(leaf, events);
  return events;
}

/**
 * The events exploring tries in `snapshot`: every concrete event some active
 * state node handles, accepted or not, in the order `possibleEvents` gives
 * them. Exploring asks XState for each one's next snapshot and keeps those
 * that changed (a refused event returns the very same snapshot), so it does
 * not also ask `can()`, which would select each accepted event's transitions twice.
 */
export const eventsToTry = (snapshot: AnyMachineSnapshot): readonly RegsimEvent[] => candidateEvents(snapshot);

/** `eventsToTry` among those `keep` allows. */
export const eventsToTryAmong = (snapshot: AnyMachineSnapshot, keep: (e: RegsimEvent) => boolean): RegsimEvent[] =>
  candidateEvents(snapshot).filter(keep);

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
