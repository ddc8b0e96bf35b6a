/**
 * `--stately`: Stately's websocket inspector, wired to the session's actor
 * through the same `inspect` hook that feeds the page's inspection log —
 * only when `@statelyai/inspect` is installed. regsim does not depend on it:
 * its web UI is served from the internet, which a machine running regsim may
 * not reach. Install it (`npm install -D @statelyai/inspect`) and run a
 * websocket relay at `url` that the Stately Inspector connects to.
 */
import type { InspectionEvent } from 'xstate';
import type { InspectionObserver } from './inspection.ts';

export const STATELY_PACKAGE = '@statelyai/inspect';
export const STATELY_DEFAULT_URL = 'ws://localhost:8080';

export type StatelyHook =
  | { ok: true; observer: InspectionObserver; url: string; stop(): void }
  | { ok: false; message: string };

/** What `createWebSocketInspector` returns, as far as regsim uses it. */
interface StatelyInspector {
  inspect: ((ev: InspectionEvent) => void) | { next?: (ev: InspectionEvent) => void };
  stop?: () => void;
}

interface StatelyModule {
  createWebSocketInspector?: (options: { url: string }) => StatelyInspector;
}

/** Loads `@statelyai/inspect` if it is installed and creates its websocket inspector. */
export async function statelyHook(url = STATELY_DEFAULT_URL, load: (name: string) => Promise<unknown> = (name) => import(name)): Promise<StatelyHook> {
  let mod: StatelyModule;
  try {
    mod = (await load(STATELY_PACKAGE)) as StatelyModule;
  } catch {
    return { ok: false, message: `--stately needs ${STATELY_PACKAGE}, which is not installed (npm install -D ${STATELY_PACKAGE}); the local page shows the inspection events` };
  }
  if (typeof mod.createWebSocketInspector !== 'function') {
    return { ok: false, message: `--stately: this version of ${STATELY_PACKAGE} has no createWebSocketInspector` };
  }
  const inspector = mod.createWebSocketInspector({ url });
  const { inspect } = inspector;
  const observer: InspectionObserver = typeof inspect === 'function' ? inspect : (ev) => inspect.next?.(ev);
  return { ok: true, observer, url, stop: () => inspector.stop?.() };
}
