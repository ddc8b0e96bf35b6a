/**
 * The WebAuthn ceremony (PK-*), defined once: the standalone `passkey`
 * machine is this fragment alone; `interrupt`, `manage` and the B2B home
 * wizard nest it as the FIDO2 setup step. Nesting (not invoking) keeps every
 * path through the composition visible to path generation.
 */
import type { Exit, StateFragment } from './types.ts';
import { ceremonyBehaviour } from '../../src/domain/passkey.ts';
import type { SetupContext } from '../context.ts';

export interface CeremonyExits {
  registered: Exit;
  stuck: Exit;
  /** PK-06: where "cancel" and "another method" go from the error; the host handles them when absent. */
  fromError?: { CANCEL: Exit; CHOOSE_DIFFERENT_METHOD: Exit };
}

type Args = { context: Pick<SetupContext, 'scenario'> };

/** Guards the host machine must register (spread into `setup({ guards })`). */
export const passkeyGuards = {
  /** PK-03: Windows App on macOS. */
  passkeyHangsAfterNext: ({ context }: Args) => ceremonyBehaviour(context.scenario.client) === 'hangsAfterNext',
  /** PK-02: only a normal browser window completes the ceremony. */
  passkeyCanComplete: ({ context }: Args) => ceremonyBehaviour(context.scenario.client) === 'completes',
  /** PK-04, PK-05: the client itself makes WebAuthn fail. */
  passkeyFailsInClient: ({ context }: Args) => {
    const b = ceremonyBehaviour(context.scenario.client);
    return b === 'fails' || b === 'failsOrHangs';
  },
  /** PK-03: "I've seen this on Windows as well" [B]. */
  passkeyMayHang: ({ context }: Args) => ceremonyBehaviour(context.scenario.client) === 'failsOrHangs',
};

/**
 * The page's own controls around a setup step, which the hosts handle on an
 * enclosing state: the wizard's Cancel and Skip, and "I want to set up a
 * different method". While the passkey prompt is open it covers the page, so
 * none of them can be used; the prompt ends only in success, the error or a
 * hang (PK-05: a cancelled request ends in the error; PK-06: cancelling and
 * choosing another method come after it). A forbidden transition (no target,
 * no actions) keeps an enclosing state from taking them; `can()` refuses them
 * and `transitionsOf` leaves them out of coverage.
 */
export const COVERED_BY_PROMPT = ['CANCEL', 'SKIP', 'CHOOSE_DIFFERENT_METHOD'] as const;
const forbiddenUnderPrompt = Object.fromEntries(COVERED_BY_PROMPT.map((type) => [type, {
  meta: { rules: ['PK-05', 'PK-06'], description: 'The passkey prompt covers the page, so its controls wait until the prompt ends' },
}]));

export function passkeyCeremony(exits: CeremonyExits): StateFragment {
  return {
    initial: 'intro',
    meta: { screen: 'passkey', description: 'The passkey / security key ceremony.', rules: ['PK-01'] },
    states: {
      intro: {
        meta: { screen: 'passkey.intro', description: 'Set up a passkey: the user chooses Next to start WebAuthn.', rules: ['PK-01'] },
        on: {
          NEXT: [
            { guard: 'passkeyHangsAfterNext', ...exits.stuck, meta: { rules: ['PK-03'], description: 'Windows App on macOS: the wizard hangs after Next' } },
            { target: 'webAuthn' },
          ],
        },
      },
      webAuthn: {
        meta: { screen: 'passkey.webAuthn', description: 'The client runs the WebAuthn create request: it ends in success, the passkey error or a hang.' },
        on: {
          WEBAUTHN_SUCCESS: { guard: 'passkeyCanComplete', ...exits.registered, meta: { rules: ['PK-02'] } },
          WEBAUTHN_FAILED: { guard: 'passkeyFailsInClient', target: 'error', meta: { rules: ['PK-04', 'PK-05'] } },
          WEBAUTHN_TIMEOUT: { target: 'error', meta: { rules: ['PK-05'] } },
          WEBAUTHN_CANCELED: { target: 'error', meta: { rules: ['PK-05'] } },
          WIZARD_HANGS: { guard: 'passkeyMayHang', ...exits.stuck, meta: { rules: ['PK-03'] } },
          ...forbiddenUnderPrompt,
        },
      },
      error: {
        meta: { screen: 'passkey.error', description: 'The passkey error; the user may retry, pick another method or cancel.', rules: ['PK-04', 'PK-05', 'PK-06'] },
        on: {
          RETRY: { target: 'intro', meta: { rules: ['PK-06'] } },
          ...(exits.fromError ?? {}),
        },
      },
    },
  };
}
