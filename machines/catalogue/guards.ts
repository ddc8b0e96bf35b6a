/**
 * When an eventless transition is taken, in words: a diagram's dashed edge
 * reads "when the user signs in with a Temporary Access Pass", not "when
 * signsInWithTap". Only the guards of eventless transitions need words (an
 * event's own label says what happens); a test fails when one has none.
 */
import { METHODS, isMethodId } from '../../src/domain/methods.ts';

const PLAIN: Readonly<Record<string, string>> = {
  showsBlankPage: 'the client shows a blank page',
  blockedByConditionalAccess: 'Conditional Access blocks the sign-in',
  combinedRegistrationOff: 'combined registration is turned off',
  notInterrupted: 'nothing asks for registration',
  reviewDue: 'an SSPR review is due instead',
  strengthDeadEnd: 'the strength leaves nothing to register',
  mfaFirst: 'MFA comes first',
  signsInWithTap: 'the user signs in with a Temporary Access Pass',
  rolledBack: "the user's MFA methods were rolled back",
  resourceBlocksGuests: 'the resource tenant blocks guests',
  resourceAsksNothing: 'the resource tenant asks guests for nothing',
  homeClaimAccepted: "the home tenant's MFA is accepted",
  trustsHomeMfa: "the resource tenant trusts the home tenant's MFA",
  satisfiesResource: "the guest's methods meet the resource's requirement",
  passkeyAllowed: 'passkeys are enabled, with self-service setup',
};

/** The legacy SSPR page's MFA prompt reads as the gate's. */
const SAME_AS: Readonly<Record<string, string>> = { legacyNeedsMfa: 'mfaFirst' };
const plain = (name: string): string | undefined => PLAIN[SAME_AS[name] ?? name];

/** What a gate (the `entryIs` guard's parameter) stands for: the same words as the guard of that name. */
const ENTRY: Readonly<Record<string, string | undefined>> = {
  blankPage: PLAIN.showsBlankPage,
  blocked: PLAIN.blockedByConditionalAccess,
  notDue: 'no review is due',
  legacy: PLAIN.combinedRegistrationOff,
  mfaFirst: PLAIN.mfaFirst,
  tap: PLAIN.signsInWithTap,
};

const WITH_PARAMS: Readonly<Record<string, (params: Record<string, unknown>) => string | undefined>> = {
  settingUp: ({ method }) => (typeof method === 'string' && isMethodId(method) ? `setting up ${METHODS[method].label}` : undefined),
  entryIs: ({ entry }) => (typeof entry === 'string' ? ENTRY[entry] : undefined),
};

/** A guard, as a machine writes it (`'mfaFirst'` or `{ type, params }`), in words; undefined when the catalogue has none. */
export function guardWords(guard: unknown): string | undefined {
  if (typeof guard === 'string') return plain(guard);
  if (guard && typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: unknown; params?: unknown };
    if (typeof type !== 'string') return undefined;
    if (params && typeof params === 'object') return WITH_PARAMS[type]?.(params as Record<string, unknown>);
    return plain(type);
  }
  return undefined;
}
