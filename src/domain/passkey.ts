/**
 * Passkeys and the Windows App (PK-*): how the WebAuthn ceremony behaves in
 * each client, as blog 004 observed it.
 */
import type { AuthenticationMethodsPolicy, Client } from '../scenario/schema.ts';

/** PK-04, PK-05: the exact error text. */
export const PASSKEY_ERROR =
  'Passkey not registered. This might be due to a timeout, a canceled request or a private browsing window.';

export type CeremonyBehaviour =
  /** PK-02: a browser completes the ceremony (or times out / is canceled). */
  | 'completes'
  /** PK-03: Windows App on macOS: stuck after Next, nothing leaves but closing the app. */
  | 'hangsAfterNext'
  /** PK-04 (+ PK-03 "seen on Windows as well"): Windows App on Windows: the error, or stuck. */
  | 'failsOrHangs'
  /** PK-05: a private browsing window: the error. */
  | 'fails';

export function ceremonyBehaviour(client: Client): CeremonyBehaviour {
  if (client.app === 'windowsApp') return client.os === 'macos' ? 'hangsAfterNext' : 'failsOrHangs';
  if (client.privateWindow) return 'fails';
  return 'completes';
}

/** PK-01, MTH-01: a user may register a passkey only when it is enabled with self-service setup. */
export const passkeyRegistrationAllowed = (p: AuthenticationMethodsPolicy): boolean =>
  p.enabled.includes('fido2') && p.passkey.selfServiceSetup;
