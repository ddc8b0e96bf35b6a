/**
 * Built-in Conditional Access authentication strengths (STR-05) and which
 * combinations of authentication modes satisfy each.
 */
import type { AuthMode } from './authMethods.ts';

export const STRENGTH_IDS = ['multifactor', 'passwordless', 'phishingResistant'] as const;
export type StrengthId = (typeof STRENGTH_IDS)[number];

export interface Strength {
  id: StrengthId;
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

/** STR-05: true when some combination is fully present in `modes`. */
export function satisfiesStrength(strength: StrengthId, modes: ReadonlySet<AuthMode>): boolean {
  return STRENGTHS[strength].combinations.some((combo) => combo.every((m) => modes.has(m)));
}

/** Every mode that appears in some combination of the strength, without repeats. */
export function strengthModes(strength: StrengthId): AuthMode[] {
  const out: AuthMode[] = [];
  for (const combo of STRENGTHS[strength].combinations) for (const m of combo) if (!out.includes(m)) out.push(m);
  return out;
}
