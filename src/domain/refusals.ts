/**
 * Why a pick is not offered: a method at a step of the sign-in wizard, or a
 * default sign-in option on the Security info page, in words and with the
 * rule that keeps it out. `regsim validate` and `run` say this when a
 * scripted step picks something the screen does not offer.
 */
import { DEFAULT_OPTIONS, whyNotGiven, type Channels, type DefaultOptionId, type OptionSource } from './defaultOptions.ts';
import { METHODS, isMfaMethod, isSsprOnly, type MethodId } from './methods.ts';
import { passkeyRegistrationAllowed } from './passkey.ts';
import type { Decision } from './policy.ts';
import type { RuleId } from './rules.ts';
import { stepPool } from './steps.ts';
import type { AuthenticationMethodsPolicy, Profile } from '../scenario/schema.ts';

export interface Refusal {
  rules: RuleId[];
  text: string;
}

const because = (text: string, ...rules: RuleId[]): Refusal => ({ rules, text });

/** What the wizard's step works from: its decision and progress, and the policy in force in its tenant. */
export interface WizardStep {
  decision: Decision;
  /** Methods registered in this wizard so far. */
  registered: readonly MethodId[];
  /** The method this step shows now. */
  current: MethodId | null;
  methodsPolicy: AuthenticationMethodsPolicy;
  /** The same tenant's policy before a change that has not propagated yet (GATE-04); absent when none is pending. */
  pendingPolicy?: AuthenticationMethodsPolicy;
  businessPhone: string | null;
  /** A Temporary Access Pass: with it, the observed wizard may offer a passkey (INT-12 [B]). */
  tap: boolean;
  profile: Profile;
}

/** MTH table, INT-12, PK-01: a method the sign-in wizard can never set up for this user. */
function notRegistrableInWizard(m: MethodId, s: WizardStep): Refusal | null {
  const info = METHODS[m];
  switch (info.registerInterrupt) {
    case 'no':
      if (m === 'alternateMobilePhone') return because('an alternate phone can only be registered on the Security info page (manage mode)', 'INT-12');
      if (info.adminProvisioned) return because(`${info.label} is provisioned by an admin, never registered by the user`, 'MNG-02');
      return because(`${info.label} can only be added on the Security info page (manage mode)`, 'MNG-02');
    case 'ifBusinessPhone':
      return s.businessPhone === null ? because("office phone needs the user's business phone property in the sign-in wizard", 'INT-12') : null;
    case 'fido2Observed':
      if (s.profile === 'documented') return because('the documented wizard never offers a security key or passkey; they are added on the Security info page', 'INT-12');
      if (!passkeyRegistrationAllowed(s.methodsPolicy)) return because('passkey self-service setup is off', 'PK-01');
      return s.tap || s.decision.strength !== null ? null
        : because('the wizard offers a passkey only when an authentication strength or a TAP onboarding asks for one', 'INT-12');
    default:
      return null;
  }
}

/**
 * INT-02..08, STR-02, STR-03, MTH-01, SSPR-01, SSPR-05: why `m` cannot be
 * picked at this step. The most basic reason first: the step already shows
 * it, it is held, the policy does not enable it, the wizard cannot set it
 * up, the wizard's kind leaves it out, and last the order the steps must
 * keep (the first MFA, INT-05; the policies still satisfiable, INT-04).
 */
export function whyNotAtStep(m: MethodId, s: WizardStep): Refusal {
  const d = s.decision;
  const label = METHODS[m].label;
  if (m === s.current) return because(`${label} is the method this step already shows`, 'INT-07');
  if (s.registered.includes(m)) return because(`${label} was already registered in this wizard`, 'INT-08');
  if (d.held.includes(m)) return because(`the user already holds ${label}; the wizard asks only for what is missing`, 'INT-08');
  if (!s.methodsPolicy.enabled.includes(m)) {
    if (s.pendingPolicy?.enabled.includes(m)) return because(`${label} is enabled, but the change has not propagated yet: the user still sees the previous policy`, 'GATE-04', 'MTH-01');
    return because(`${label} is not enabled in the Authentication methods policy`, 'MTH-01');
  }
  const never = notRegistrableInWizard(m, s);
  if (never) return never;
  if (d.wizard === 'strength') {
    if (isSsprOnly(m)) return because(`the strength wizard never offers ${label}, a password-reset-only method; SSPR settings are ignored`, 'STR-02');
    if (!d.choices.includes(m)) return because(`the strength's authMethods=${d.authMethods ?? 0} do not include ${label}`, 'STR-03');
  }
  if (!d.choices.includes(m)) {
    const ssprOnly = isSsprOnly(m) || d.wizard === 'ssprOnly';
    if (ssprOnly && !d.sspr.enabled) return because(`${label} serves only password reset, and the user is not enabled for SSPR`, 'SSPR-01');
    if (ssprOnly && !d.sspr.methods.includes(m)) {
      return d.sspr.administratorPolicy
        ? because(`the administrator SSPR policy never allows ${label} (it allows ${d.sspr.methods.join(', ') || 'none'})`, 'SSPR-05')
        : because(`${label} is not among the SSPR policy's methods (${d.sspr.methods.join(', ') || 'none'})`, 'SSPR-01');
    }
    if (isSsprOnly(m) && d.profile === 'observed' && d.wizard === 'combined' && d.triggers.some((t) => t === 'conditionalAccess' || t === 'authenticationStrength')) {
      return because(`observed: under a Conditional Access MFA grant the wizard offers no password-reset-only method such as ${label}`, 'INT-02');
    }
    if (isSsprOnly(m) && d.mfaNeeded && d.required < 2) return because(`the wizard asks for one method, which must be an MFA method; ${label} is not`, 'INT-05');
    return because(`${label} is not among the methods this wizard offers (${d.choices.join(', ') || 'none'})`, 'INT-07');
  }
  if (!stepPool(d, s.registered).includes(m)) {
    if (d.mfaNeeded && s.registered.length === 0 && !isMfaMethod(m)) return because(`the first method must be an MFA method; ${label} is not`, 'INT-05');
    return because(`choosing ${label} now would leave the MFA or SSPR policy unmet in the steps left`, 'INT-04', 'INT-05');
  }
  return because(`${label} can be chosen here`);
}

/** MNG-05, MTH-04, MTH-06: why "Change default" does not list `option`. */
export function whyNotDefaultChoice(option: DefaultOptionId, held: readonly OptionSource[], current: DefaultOptionId | null, channels: Channels): Refusal {
  if (option === current) return because(`"${DEFAULT_OPTIONS[option].label}" is already the default`, 'MNG-05');
  const { text, rules } = whyNotGiven(option, held, channels);
  return because(text, ...rules);
}
