/**
 * Default sign-in options (MTH-04): what a user can make the default MFA
 * method. A default is a sign-in option, not a method: a mobile phone gives
 * two (a call, a text message), and the authenticator apps and hardware
 * tokens share one (a code). The concept article lists the choices [C]; the
 * audit log names them in its own words (AUD-08/09) [T]. Policy data, so it
 * lives here; screens and audit rows read their words from this table.
 */
import type { MethodId } from './methods.ts';
import type { RuleId } from './rules.ts';

export const DEFAULT_OPTION_IDS = [
  'authenticatorNotification',
  'appOrTokenCode',
  'mobilePhoneCall',
  'mobilePhoneText',
  'officePhoneCall',
  'alternateMobilePhoneCall',
] as const;

export type DefaultOptionId = (typeof DEFAULT_OPTION_IDS)[number];

/** What the tenant must allow for the option to work: voice calls, text messages, or nothing more. */
export type OptionChannel = 'app' | 'voice' | 'sms';

export interface DefaultOptionInfo {
  id: DefaultOptionId;
  /** The choice as the concept article lists it [C]. */
  label: string;
  /** The name AUD-08/09 use for it [T]; phones keep the seed's placeholder number. */
  auditName: string;
  /** The methods that give this option, in catalogue order. */
  methods: readonly MethodId[];
  channel: OptionChannel;
}

const row = (info: DefaultOptionInfo): DefaultOptionInfo => info;

/** MTH-04: the catalogue, in the concept article's order. */
export const DEFAULT_OPTIONS: Readonly<Record<DefaultOptionId, DefaultOptionInfo>> = {
  authenticatorNotification: row({
    id: 'authenticatorNotification', label: 'Microsoft Authenticator – push notification or passwordless',
    auditName: 'Authenticator app notification', methods: ['microsoftAuthenticator'], channel: 'app',
  }),
  appOrTokenCode: row({
    id: 'appOrTokenCode', label: 'Authenticator app or hardware token – code',
    auditName: 'A code from my authenticator app or token', methods: ['microsoftAuthenticator', 'softwareOath', 'hardwareOath'], channel: 'app',
  }),
  mobilePhoneCall: row({
    id: 'mobilePhoneCall', label: 'Phone call', auditName: 'Call +X XXXXXXXXXX', methods: ['mobilePhone'], channel: 'voice',
  }),
  mobilePhoneText: row({
    id: 'mobilePhoneText', label: 'Text message', auditName: 'Text a code to +X XXXXXXXXX', methods: ['mobilePhone'], channel: 'sms',
  }),
  officePhoneCall: row({
    id: 'officePhoneCall', label: 'Phone call (office phone)', auditName: 'Call +X XXXXXXXXXX', methods: ['officePhone'], channel: 'voice',
  }),
  alternateMobilePhoneCall: row({
    id: 'alternateMobilePhoneCall', label: 'Phone call (alternate phone)', auditName: 'Call +X XXXXXXXXXX', methods: ['alternateMobilePhone'], channel: 'voice',
  }),
};

export const isDefaultOptionId = (s: string): s is DefaultOptionId =>
  (DEFAULT_OPTION_IDS as readonly string[]).includes(s);

/** MTH-04: the options a method gives, catalogue order; none for email and security questions. */
export const optionsOfMethod = (m: MethodId): DefaultOptionId[] =>
  DEFAULT_OPTION_IDS.filter((o) => DEFAULT_OPTIONS[o].methods.includes(m));

/** MTH-04: a method can be behind the default (never email, security questions, passkeys, app passwords). */
export const givesDefaultOption = (m: MethodId): boolean => optionsOfMethod(m).length > 0;

/**
 * The option a method id stands for where a scenario writes one: only a
 * method with a single option (an office phone: its call) is shorthand. A
 * mobile phone (call or text) or Microsoft Authenticator (notification or
 * code) is ambiguous: `null`, and the options to choose from.
 */
export function shorthandOption(m: MethodId): { option: DefaultOptionId | null; candidates: DefaultOptionId[] } {
  const candidates = optionsOfMethod(m);
  return { option: candidates.length === 1 ? candidates[0]! : null, candidates };
}

/** A default as a scenario writes it (an option id, or an unambiguous method id) as an option; `null` if neither. */
export function asDefaultOption(value: string | null): DefaultOptionId | null {
  if (value === null) return null;
  if (isDefaultOptionId(value)) return value;
  return shorthandOption(value as MethodId).option;
}

/** A held method as the options see it: which method, and whether it is a virtual number (MTH-06). */
export interface OptionSource {
  method: MethodId;
  virtual?: boolean;
}

/** What the Authentication methods policy in force allows the options to use. */
export interface Channels {
  voiceCalls: boolean;
  sms: boolean;
}

const channelOpen = (c: OptionChannel, channels: Channels): boolean =>
  c === 'app' || (c === 'voice' ? channels.voiceCalls : channels.sms);

/**
 * MTH-04, MTH-06: the default options the methods held give, catalogue order.
 * A virtual number gives neither a call nor a text [C: "Virtual phone numbers
 * aren't supported for Voice calls or SMS messages"]; a call needs voice
 * calls enabled, a text needs text messages enabled [A].
 */
export function optionsGiven(held: readonly OptionSource[], channels: Channels): DefaultOptionId[] {
  const usable = new Set(held.filter((h) => !h.virtual).map((h) => h.method));
  return DEFAULT_OPTION_IDS.filter((o) =>
    DEFAULT_OPTIONS[o].methods.some((m) => usable.has(m)) && channelOpen(DEFAULT_OPTIONS[o].channel, channels));
}

/** Why an option is not among `optionsGiven`, and the rules behind it: for the refusal messages. */
export function whyNotGiven(option: DefaultOptionId, held: readonly OptionSource[], channels: Channels): { text: string; rules: RuleId[] } {
  const info = DEFAULT_OPTIONS[option];
  const holders = held.filter((h) => info.methods.includes(h.method));
  if (holders.length === 0) return { text: `"${info.label}" needs ${info.methods.join(' or ')}, which the user does not hold`, rules: ['MTH-04'] };
  if (holders.every((h) => h.virtual)) return { text: `"${info.label}" is not available for a virtual number`, rules: ['MTH-04', 'MTH-06'] };
  if (!channelOpen(info.channel, channels)) {
    return { text: `"${info.label}" needs ${info.channel === 'voice' ? 'voice calls' : 'text messages'} enabled in the Authentication methods policy`, rules: ['MTH-04'] };
  }
  return { text: `"${info.label}" is available`, rules: [] };
}

/**
 * INT-09 [A]: the default the review at the end of the wizard shows. The
 * user's default while a method held still gives it; otherwise the first
 * option, most secure method first (MTH-05), of what the user now holds — so
 * a greenfield user who set up Authenticator and a phone sees
 * "Authenticator app notification". `null` when nothing held can be a
 * default (only email or security questions).
 */
export function reviewDefault(before: DefaultOptionId | null, heldInSecurityOrder: readonly OptionSource[], channels: Channels): DefaultOptionId | null {
  const given = optionsGiven(heldInSecurityOrder, channels);
  if (before !== null && given.includes(before)) return before;
  for (const h of heldInSecurityOrder) {
    const first = optionsGiven([h], channels).find((o) => o === primaryOption(h.method)) ?? optionsGiven([h], channels)[0];
    if (first) return first;
  }
  return null;
}

/**
 * The option a method's setup verified, which the review proposes [A]: the
 * wizard verifies a mobile phone by text message, Authenticator by a
 * notification; otherwise the method's only option.
 */
function primaryOption(m: MethodId): DefaultOptionId | undefined {
  if (m === 'mobilePhone') return 'mobilePhoneText';
  if (m === 'microsoftAuthenticator') return 'authenticatorNotification';
  return optionsOfMethod(m)[0];
}
