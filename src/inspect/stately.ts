/**
 * `--stately`: the session's actor in the Stately Inspector.
 *
 * `@statelyai/inspect` turns XState's inspection events into the ones the
 * Stately Inspector reads (`createInspector` with an adapter of ours); this
 * relay keeps them and hands them to the inspector's own 127.0.0.1 server,
 * which serves `/stately`: a page that embeds the Stately Inspector and posts
 * it each event, as the library's browser bridge does. The library's Node
 * relay (`@statelyai/inspect/server`) would listen on every interface and on
 * a second port; this keeps the one local origin, with its Host and Origin
 * checks. The Stately Inspector UI itself is served from the internet.
 */
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import type { InspectionObserver } from './inspection.ts';

export const STATELY_INSPECTOR_URL = 'https://stately.ai/inspect';

/** One converted event, numbered so a reconnecting page asks only for what it missed. */
export interface StatelyEntry {
  seq: number;
  /** The event as JSON, ready for the page. */
  data: string;
}

export class StatelyRelay {
  /** The Stately Inspector UI the `/stately` page embeds. */
  readonly inspectorUrl: string;
  /** The `inspect` callback for `createActor`. */
  readonly observer: InspectionObserver;
  private seq = 0;
  private readonly kept: StatelyEntry[] = [];
  private readonly listeners = new Set<(entry: StatelyEntry) => void>();

  /** `keep` bounds memory on a long session; the newest events are kept (the library's own relays keep 200). */
  constructor(inspectorUrl: string = STATELY_INSPECTOR_URL, private readonly keep = 1000) {
    const url = new URL(inspectorUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`the Stately Inspector URL must be http(s) (got ${inspectorUrl})`);
    this.inspectorUrl = url.href;
    const inspector = createInspector({ send: (event) => this.push(event) });
    this.observer = (ev) => inspector.inspect.next?.(ev);
  }

  /** The kept events after `afterSeq` (all of them for 0). */
  since(afterSeq: number): StatelyEntry[] {
    return this.kept.filter((e) => e.seq > afterSeq);
  }

  /** Calls `listener` with every event from now on; returns the unsubscribe. */
  subscribe(listener: (entry: StatelyEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private push(event: StatelyInspectionEvent): void {
    let data: string;
    try {
      data = JSON.stringify(event);
    } catch {
      // A snapshot that cannot be serialised is left out of the view; the simulation goes on.
      return;
    }
    this.seq += 1;
    const entry = { seq: this.seq, data };
    this.kept.push(entry);
    if (this.kept.length > this.keep) this.kept.shift();
    for (const listener of this.listeners) listener(entry);
  }
}
