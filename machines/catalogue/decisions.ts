/**
 * The policy decision in words: which wizard, what triggered it, what stands
 * in front of the page, and how a flow ends. `whatif` and `diff` speak to
 * administrators, who read "Conditional Access", not `conditionalAccess`;
 * JSON keeps the ids.
 */
import type { AuthMode, MODE_REGISTERED_AS } from '../../src/domain/authMethods.ts';
import type { AskingPolicy, Gate, Trigger, Wizard } from '../../src/domain/policy.ts';
import { METHOD_IDS } from '../../src/domain/methods.ts';
import { PAYLOAD_WORDS, outcomeScreen } from './index.ts';
import { SCREENS } from './screens.ts';

export const WIZARD_WORDS: Readonly<Record<Wizard, string>> = {
  combined: 'combined registration wizard',
  ssprOnly: 'SSPR methods only',
  strength: 'authentication strength wizard',
  refresh: 'SSPR review',
  none: 'no wizard',
  blocked: 'security info blocked',
  blankPage: 'blank page',
  deadEnd: 'nothing it can register (dead end)',
  legacy: 'legacy registration pages',
};

/** Why the strength wizard sets up no method for a mode (`regsim decode-url`): where that credential comes from instead. */
export const NOT_IN_WIZARD_WORDS: Readonly<Record<Exclude<AuthMode, keyof typeof MODE_REGISTERED_AS>, string>> = {
  password: 'the account\'s password, not a method set up here',
  hardwareOath: 'a hardware token, which an admin uploads and assigns',
  windowsHelloForBusiness: 'set up on a Windows device',
  temporaryAccessPassOneTime: 'issued by an admin',
  temporaryAccessPassMultiUse: 'issued by an admin',
  x509CertificateSingleFactor: 'a certificate, issued by the organization\'s certificate authority',
  x509CertificateMultiFactor: 'a certificate, issued by the organization\'s certificate authority',
  federatedSingleFactor: 'a federated identity provider\'s sign-in',
  federatedMultiFactor: 'a federated identity provider\'s sign-in',
};

/** STR-06, PK-01: what `decode-url` cannot know from a URL — who may register the passkey it allows; `whatif` knows. */
export const PASSKEY_CONDITION_WORDS = 'Security key or passkey: offered only to a user who can already do MFA or holds a Temporary Access Pass (STR-06), '
  + 'where the passkey policy allows self-service setup (PK-01); `regsim whatif` shows who gets it in a tenant';

/** STR-06: a mask that allows the passkey alone: what everyone else meets. */
export const PASSKEY_ONLY_WORDS = 'Anyone else (no MFA method and no Temporary Access Pass yet) is offered nothing: a dead end (STR-06)';

export const TRIGGER_WORDS: Readonly<Record<Trigger, string>> = {
  identityProtection: 'Identity Protection MFA registration policy',
  perUserMfa: 'per-user MFA',
  conditionalAccess: 'Conditional Access MFA grant',
  authenticationStrength: 'Conditional Access authentication strength',
  ssprRegistration: 'SSPR registration',
  ssprRefresh: 'SSPR review due',
};

export const GATE_WORDS: Readonly<Record<Gate, string>> = {
  open: 'nothing asked first',
  mfaFirst: 'MFA first',
  tap: 'Temporary Access Pass first',
  blocked: 'blocked',
  blankPage: 'blank page',
};

/**
 * The decision of a row in a few words: the wizard and what asked for it; for
 * a blocked one, what blocked it (GATE-02: a policy on registering, which is
 * not the policy that asked for registration), where the reasons say.
 */
export function decisionWords(d: {
  interrupted: boolean; wizard: Wizard; trigger: Trigger | null; askedBy?: readonly AskingPolicy[];
  reasons?: ReadonlyArray<{ part: string; rules: readonly string[]; text: string }>;
}): string {
  if (!d.interrupted) return 'not interrupted';
  const gate = d.wizard === 'blocked' ? d.reasons?.find((r) => r.part === 'gate') : undefined;
  if (gate) return `${WIZARD_WORDS.blocked}: ${gate.text} (${gate.rules.join(', ')})`;
  return `${WIZARD_WORDS[d.wizard]}${d.trigger ? ` (${triggerWords(d.trigger, d.askedBy)})` : ''}`;
}

/**
 * What interrupted the user, with the policies that asked where Conditional
 * Access did: `Conditional Access MFA grant: "CA001: …"`. `whatif` and `diff`
 * read the admin's own tenant, so only a guest's home tenant's policy says whose it is.
 */
export function triggerWords(t: Trigger | null, askedBy: readonly AskingPolicy[] = []): string {
  if (!t) return 'not interrupted';
  // The strength wizard is the strength's: an MFA grant beside it is in the reasons, not in its name.
  const named = t === 'authenticationStrength' ? askedBy.filter((a) => a.requires === 'strength') : askedBy;
  return `${TRIGGER_WORDS[t]}${named.length ? `: ${named.map((a) => `${a.home ? "the home tenant's " : ''}"${a.policy}"`).join(', ')}` : ''}`;
}

/** A method's name, as the Security info page shows it: the catalogue's word for a `method` payload. */
export const methodWords = (m: string): string => PAYLOAD_WORDS.method!(m);

/**
 * The ids a policy reason is written with (for the inspector's engineers),
 * each with the words `diff` shows an administrator. Only the ids that are
 * no English word: `email` or `combined` stay as they are, since a reason's
 * own prose uses those words too.
 */
const ID_WORDS: ReadonlyMap<string, string> = new Map([
  ...METHOD_IDS.map((m) => [m, methodWords(m)] as const),
  ...Object.entries(TRIGGER_WORDS),
  ...Object.entries(WIZARD_WORDS),
].filter(([id]) => /[A-Z0-9]/.test(id)));
const ID_PATTERN = new RegExp(`\\b(${[...ID_WORDS.keys()].join('|')})\\b`, 'g');

/** A policy reason's text in words: "shown by default, most secure first: Microsoft Authenticator, Phone". */
export const reasonWords = (text: string): string => text.replace(ID_PATTERN, (id) => ID_WORDS.get(id)!);

/** An outcome only a user who strips the strength wizard's URL reaches (STR-04): not one the policy gives. */
export const byStrippingUrlWords = (outcome: string): string => `${outcomeWords(outcome)} (only if the user strips the URL's query, STR-04)`;

/**
 * How a flow can end, by the screen it ends on: a final state's outcome, or
 * the passkey error, which `whatif` reports though the user can go on from it.
 */
export function outcomeWords(outcome: string): string {
  if (outcome === 'passkeyError') return SCREENS['passkey.error'].name;
  const key = outcomeScreen(outcome);
  if (!key) throw new Error(`no catalogue entry for the outcome "${outcome}"`);
  return SCREENS[key].name;
}
