/**
 * The concrete events a snapshot accepts now, payloads included (one
 * SELECT_METHOD per method the guards allow). Path generation and the
 * inspector both use it, so nobody lists events per scenario by hand.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { DEFAULT_OPTION_IDS } from '../domain/defaultOptions.ts';
import { METHOD_IDS } from '../domain/methods.ts';
import {
  METHOD_EVENT_TYPES, OPTION_EVENT_TYPES, PLAIN_EVENT_TYPES, eventPayload, isMethodEventType, isOptionEventType, type RegsimEvent,
} from '../../machines/events.ts';

const CATALOGUE_ORDER: readonly string[] = [...PLAIN_EVENT_TYPES, ...METHOD_EVENT_TYPES, ...OPTION_EVENT_TYPES];

/** Every concrete event of a type: one per method or option it can name. */
export function eventsOfType(type: string): RegsimEvent[] {
  if (isMethodEventType(type)) return METHOD_IDS.map((method) => ({ type, method }));
  if (isOptionEventType(type)) return DEFAULT_OPTION_IDS.map((option) => ({ type, option }));
  return [{ type } as RegsimEvent];
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

/** Every concrete event `snapshot` accepts, in a stable order. */
export function possibleEvents(snapshot: AnyMachineSnapshot): RegsimEvent[] {
  if (snapshot.status !== 'active') return [];
  const out: RegsimEvent[] = [];
  for (const type of eventTypesOf(snapshot.machine)) {
    for (const e of eventsOfType(type)) if (snapshot.can(e)) out.push(e);
  }
  return out;
}

/** `SELECT_METHOD(email)` / `SELECT_DEFAULT(mobilePhoneCall)` / `NEXT`: how traces, paths and docs print an event. */
export function formatEvent(e: RegsimEvent): string {
  const payload = eventPayload(e);
  return payload === null ? e.type : `${e.type}(${payload})`;
}
