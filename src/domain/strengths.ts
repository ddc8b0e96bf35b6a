/**
 * Conditional Access authentication strengths (STR-05): the built-in ones and
 * the tenant's custom ones, and which combinations of authentication modes
 * satisfy each.
 */
import { AUTH_METHOD_BITS, type AuthMode } from './authMethods.ts';
import type { AuthenticationStrengthDefinition } from '../scenario/tenantSchema.ts';

export const STRENGTH_IDS = ['multifactor', 'passwordless', 'phishingResistant'] as const;
export type StrengthId = (typeof STRENGTH_IDS)[number];

export interface Strength {
  /** A built-in id, or a custom strength's id. */
  id: string;
  label: string;
  /** Each entry is one combination: every mode in it must be present. */
  combinations: readonly (readonly AuthMode[])[];
  /** STR-06: registering a method for this strength itself requires MFA. */
  phishingResistant: boolean;
}

const SECOND_FACTORS: readonly AuthMode[] = ['microsoftAuthenticatorPush', 'softwareOath', 'hardwareOath', 'sms', 'voice'];

/** STR-05: the strength table of DOMAIN (Microsoft Graph authenticationMethodModes). */
export const STRENGTHS: Readonly<Record<StrengthId, Strength>> = {
  multifactor: {
    id: 'multifactor',
    label: 'Multifactor authentication',
    phishingResistant: false,
    combinations: [
      ['windowsHelloForBusiness'], ['fido2'], ['x509CertificateMultiFactor'], ['deviceBasedPush'],
      ['temporaryAccessPassOneTime'], ['temporaryAccessPassMultiUse'],
      ...SECOND_FACTORS.map((f) => ['password', f] as const),
      ['federatedMultiFactor'],
      ...SECOND_FACTORS.map((f) => ['federatedSingleFactor', f] as const),
    ],
  },
  passwordless: {
    id: 'passwordless',
    label: 'Passwordless MFA',
    phishingResistant: false,
    combinations: [['windowsHelloForBusiness'], ['fido2'], ['x509CertificateMultiFactor'], ['deviceBasedPush']],
  },
  phishingResistant: {
    id: 'phishingResistant',
    label: 'Phishing-resistant MFA',
    phishingResistant: true,
    combinations: [['windowsHelloForBusiness'], ['fido2'], ['x509CertificateMultiFactor']],
  },
};

const strengthOf = (s: StrengthId | Strength): Strength => (typeof s === 'string' ? STRENGTHS[s] : s);

/** STR-05: true when some combination is fully present in `modes`. */
export function satisfiesStrength(strength: StrengthId | Strength, modes: ReadonlySet<AuthMode>): boolean {
  return strengthOf(strength).combinations.some((combo) => combo.every((m) => modes.has(m)));
}

/** Every mode that appears in some combination of the strength, without repeats. */
export function strengthModes(strength: StrengthId | Strength): AuthMode[] {
  const out: AuthMode[] = [];
  for (const combo of strengthOf(strength).combinations) for (const m of combo) if (!out.includes(m)) out.push(m);
  return out;
}

// ─── custom strengths (issue 11) ────────────────────────────────────────────

/** Graph's ids of the built-in strengths (authenticationStrengthPolicy, policyType builtIn). */
export const BUILT_IN_STRENGTH_IDS: Readonly<Record<string, StrengthId>> = {
  '00000000-0000-0000-0000-000000000002': 'multifactor',
  '00000000-0000-0000-0000-000000000003': 'passwordless',
  '00000000-0000-0000-0000-000000000004': 'phishingResistant',
};

/** STR-06: the modes of the phishing-resistant built-in strength. */
const PHISHING_RESISTANT_MODES: ReadonlySet<string> = new Set(strengthModes('phishingResistant'));

const isAuthMode = (m: string): m is AuthMode => Object.hasOwn(AUTH_METHOD_BITS, m);

/** A combination as Graph writes it: modes joined by commas, with or without a space after each. */
export const parseCombination = (combination: string): string[] =>
  combination.split(',').map((m) => m.trim()).filter((m) => m !== '');

/** Modes in a combination that regsim does not know (e.g. a newer Graph mode such as qrCodePin). */
export const unknownModes = (combination: string): string[] => parseCombination(combination).filter((m) => !isAuthMode(m));

/**
 * STR-05 for a custom strength: its allowed combinations. A combination
 * naming a mode regsim does not know can never be met here, so it is left
 * out (the import report and `validate` say so). STR-06: the strength is
 * phishing-resistant when every combination is made of phishing-resistant modes.
 */
export function customStrength(def: AuthenticationStrengthDefinition): Strength {
  const combinations = def.allowedCombinations
    .filter((c) => unknownModes(c).length === 0)
    .map((c) => parseCombination(c) as AuthMode[]);
  const phishingResistant = combinations.length > 0 && combinations.every((c) => c.every((m) => PHISHING_RESISTANT_MODES.has(m)));
  return { id: def.id, label: def.name, combinations, phishingResistant };
}

/** STR-05: a grant's strength by built-in id, Graph id, or a custom strength's id or name. */
export function resolveStrength(ref: string, custom: readonly AuthenticationStrengthDefinition[]): Strength | null {
  if (Object.hasOwn(STRENGTHS, ref)) return STRENGTHS[ref as StrengthId];
  const builtIn = BUILT_IN_STRENGTH_IDS[ref];
  if (builtIn) return STRENGTHS[builtIn];
  const def = custom.find((d) => d.id === ref || d.name === ref);
  return def ? customStrength(def) : null;
}

const comboKey = (c: readonly AuthMode[]): string => [...c].sort().join(',');

/**
 * STR-05 [A]: several applicable policies each ask for a strength, and the
 * user must meet them all. When one strength's combinations are among
 * another's, it is the narrower and decides (so phishing-resistant outranks
 * passwordless outranks multifactor); otherwise only the combinations common
 * to all meet every policy.
 */
export function combineStrengths(strengths: readonly Strength[]): Strength | null {
  if (strengths.length === 0) return null;
  return strengths.slice(1).reduce((a, b) => {
    const keysA = new Set(a.combinations.map(comboKey));
    const keysB = new Set(b.combinations.map(comboKey));
    if ([...keysA].every((k) => keysB.has(k))) return a;
    if ([...keysB].every((k) => keysA.has(k))) return b;
    const combinations = a.combinations.filter((c) => keysB.has(comboKey(c)));
    return {
      id: `${a.id}+${b.id}`, label: `${a.label} and ${b.label}`, combinations,
      phishingResistant: combinations.length > 0 && combinations.every((c) => c.every((m) => PHISHING_RESISTANT_MODES.has(m))),
    };
  }, strengths[0]!);
}
