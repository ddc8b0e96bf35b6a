/**
 * The catalogue of clients a user signs in with, as regsim's scenarios
 * describe them (`client`): where GATE-03's blank page and PK-02..05's
 * passkey ceremonies differ. `whatif` evaluates every population in each.
 */
import type { Client } from '../scenario/schema.ts';

export interface ClientEntry {
  id: string;
  label: string;
  client: Pick<Client, 'app' | 'os' | 'privateWindow'>;
}

/**
 * Whether the client is a browser (a modern one or IE11): Conditional
 * Access's "Browser" client app type, and a window with an address bar. The
 * Windows App and a sign-in web view embed the page without one.
 */
export const isBrowser = (c: Pick<Client, 'app'>): boolean => c.app === 'browser' || c.app === 'ie11';

export const CLIENT_CATALOGUE: readonly ClientEntry[] = [
  { id: 'browser', label: 'browser', client: { app: 'browser', os: 'windows', privateWindow: false } },
  { id: 'privateWindow', label: 'private window', client: { app: 'browser', os: 'windows', privateWindow: true } },
  { id: 'windowsAppWindows', label: 'Windows App (Windows)', client: { app: 'windowsApp', os: 'windows', privateWindow: false } },
  { id: 'windowsAppMacos', label: 'Windows App (macOS)', client: { app: 'windowsApp', os: 'macos', privateWindow: false } },
  { id: 'ie11', label: 'IE11', client: { app: 'ie11', os: 'windows', privateWindow: false } },
  { id: 'adalWebView', label: 'ADAL web view', client: { app: 'adalLegacyWebView', os: 'windows', privateWindow: false } },
];
