/**
 * Every event the machines accept. User actions are verbs the UI offers;
 * environment outcomes (a code right or wrong, the backend failing, WebAuthn
 * timing out) are events too, so generated paths cover both branches.
 */
import type { DefaultOptionId } from '../src/domain/defaultOptions.ts';
import type { MethodId } from '../src/domain/methods.ts';

/** Events that name a method; the event lister expands them over the methods. */
export const METHOD_EVENT_TYPES = ['SELECT_METHOD', 'CHANGE', 'DELETE'] as const;
export type MethodEventType = (typeof METHOD_EVENT_TYPES)[number];
export type MethodEvent = { type: MethodEventType; method: MethodId };

/** Events that name a default sign-in option (MTH-04); the event lister expands them over the options. */
export const OPTION_EVENT_TYPES = ['SELECT_DEFAULT'] as const;
export type OptionEventType = (typeof OPTION_EVENT_TYPES)[number];
export type OptionEvent = { type: OptionEventType; option: DefaultOptionId };

export const PLAIN_EVENT_TYPES = [
  // navigation
  'NEXT', 'BACK', 'SKIP', 'CANCEL', 'DONE', 'CHOOSE_DIFFERENT_METHOD', 'CONFIRM',
  // gate
  'MFA_APPROVED', 'MFA_DENIED', 'TAP_ACCEPTED', 'TAP_REJECTED',
  // method setup
  'QR_SCANNED', 'NOTIFICATION_APPROVED', 'NOTIFICATION_DENIED',
  'ENTER_NUMBER', 'ENTER_VIRTUAL_NUMBER', 'ENTER_EMAIL',
  'CODE_CORRECT', 'CODE_WRONG', 'RETRY', 'CALL_ANSWERED', 'CALL_MISSED', 'SUBMIT_ANSWERS',
  // passkey ceremony
  'WEBAUTHN_SUCCESS', 'WEBAUTHN_TIMEOUT', 'WEBAUTHN_CANCELED', 'WEBAUTHN_FAILED', 'WIZARD_HANGS',
  // manage mode and review
  'ADD_METHOD', 'CHANGE_DEFAULT', 'BACKEND_OK', 'BACKEND_FAILED', 'SWITCH_DIRECTORY',
  'WAIT_FOR_PROPAGATION', 'SIGN_OUT', 'LOOKS_GOOD', 'EDIT',
  // the strength wizard's URL (STR-04)
  'STRIP_URL',
  // B2B
  'REDIRECT_HOME', 'RETURN_TO_RESOURCE',
] as const;
export type PlainEventType = (typeof PLAIN_EVENT_TYPES)[number];
export type PlainEvent = { type: PlainEventType };

export type RegsimEvent = PlainEvent | MethodEvent | OptionEvent;
export type EventType = RegsimEvent['type'];

export const isMethodEventType = (t: string): t is MethodEventType =>
  (METHOD_EVENT_TYPES as readonly string[]).includes(t);
export const isOptionEventType = (t: string): t is OptionEventType =>
  (OPTION_EVENT_TYPES as readonly string[]).includes(t);
export const isEventType = (t: string): t is EventType =>
  isMethodEventType(t) || isOptionEventType(t) || (PLAIN_EVENT_TYPES as readonly string[]).includes(t);

/** The method an event names, if any. */
export const eventMethod = (e: RegsimEvent): MethodId | null => ('method' in e ? e.method : null);

/** The default sign-in option an event names, if any. */
export const eventOption = (e: RegsimEvent): DefaultOptionId | null => ('option' in e ? e.option : null);

/** What an event names in parentheses when printed: its method or option. */
export const eventPayload = (e: RegsimEvent): string | null => eventMethod(e) ?? eventOption(e);

/** Meta on states and transitions: one sentence for docs, the rules implemented. */
export interface RegsimMeta {
  description?: string;
  rules?: readonly import('../src/domain/rules.ts').RuleId[];
  /** The screen the state shows, by its catalogue key (`machines/catalogue/screens.ts`); a final state shows `outcome.<name>`. */
  screen?: import('./catalogue/screens.ts').ScreenKey;
}
