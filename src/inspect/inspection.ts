/**
 * The inspection log: what XState's `inspect` hook reports about the
 * session's actor (`@xstate.actor`, `@xstate.event`, `@xstate.snapshot`,
 * `@xstate.microstep`, `@xstate.action`, …), counted per type and kept as a
 * short log for the page. Entries carry a sequence number, never a time and
 * never XState's global session ids, so the same events give the same log.
 *
 * The same hook is where a websocket inspector (Stately's) would be attached:
 * `fanOut` sends every inspection event to each observer.
 */
import type { AnyEventObject, InspectionEvent } from 'xstate';
import { stateIdOf } from '../simulate/stateId.ts';

export type InspectionObserver = (event: InspectionEvent) => void;

export interface InspectionEntry {
  /** 1-based, in the order XState reported them. */
  seq: number;
  type: string;
  /** `NEXT`, `wizard.intro`, `appendAudit`: what the event is about, in a few words. */
  text: string;
}

export interface InspectionSummary {
  total: number;
  /** Per inspection event type, in the order the types first appeared. */
  counts: Record<string, number>;
  /** The last `limit` entries, oldest first. */
  log: InspectionEntry[];
}

function eventLabel(e: AnyEventObject): string {
  const o = e as { method?: unknown; option?: unknown };
  const payload = o.method ?? o.option;
  return typeof payload === 'string' ? `${e.type}(${payload})` : e.type;
}

function stateOfSnapshot(snapshot: unknown): string {
  const value = (snapshot as { value?: unknown } | undefined)?.value;
  if (typeof value === 'string' || (typeof value === 'object' && value !== null)) return stateIdOf(value as never);
  const status = (snapshot as { status?: unknown } | undefined)?.status;
  return typeof status === 'string' ? status : '';
}

/** A few words about one inspection event. */
export function describeInspection(ev: InspectionEvent): string {
  switch (ev.type) {
    case '@xstate.actor':
      return ev.actorRef.sessionId === ev.rootId ? 'root actor registered' : 'child actor registered';
    case '@xstate.event':
      return eventLabel(ev.event);
    case '@xstate.snapshot':
    case '@xstate.transition':
      return `${stateOfSnapshot(ev.snapshot)} (after ${eventLabel(ev.event)})`;
    case '@xstate.microstep':
      return `${stateOfSnapshot(ev.snapshot)} (${ev._transitions.length} transition${ev._transitions.length === 1 ? '' : 's'})`;
    case '@xstate.action':
      return ev.action.type;
    default:
      return '';
  }
}

/** Counts and a bounded log of inspection events. */
export class InspectionLog {
  private total = 0;
  private readonly counts = new Map<string, number>();
  private readonly entries: InspectionEntry[] = [];

  constructor(private readonly limit = 100) {}

  /** The `inspect` callback: pass it to `createActor(machine, { inspect })`. */
  readonly record: InspectionObserver = (ev) => {
    this.total += 1;
    this.counts.set(ev.type, (this.counts.get(ev.type) ?? 0) + 1);
    this.entries.push({ seq: this.total, type: ev.type, text: describeInspection(ev) });
    if (this.entries.length > this.limit) this.entries.shift();
  };

  summary(): InspectionSummary {
    return { total: this.total, counts: Object.fromEntries(this.counts), log: this.entries.map((e) => ({ ...e })) };
  }
}

/** One `inspect` callback that feeds several observers; one failing observer never breaks the others. */
export function fanOut(observers: readonly InspectionObserver[]): InspectionObserver {
  return (ev) => {
    for (const observe of observers) {
      try {
        observe(ev);
      } catch {
        // An external inspector (a websocket that went away) must not stop the simulation.
      }
    }
  };
}
