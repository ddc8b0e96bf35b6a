/**
 * The methods catalogue (MTH): what each security-info method is, which
 * policy it serves, where it can be registered, changed or deleted, and how
 * many a user may hold. One row per method of DOMAIN's methods table.
 */
import { givesDefaultOption } from './defaultOptions.ts';

export const METHOD_IDS = [
  'fido2',
  'microsoftAuthenticator',
  'softwareOath',
  'hardwareOath',
  'mobilePhone',
  'officePhone',
  'alternateMobilePhone',
  'email',
  'securityQuestions',
  'appPassword',
  'temporaryAccessPass',
] as const;

export type MethodId = (typeof METHOD_IDS)[number];

/** Where a method may be registered in interrupt mode (the sign-in wizard). */
export type InterruptRegistration =
  | 'yes'
  | 'no'
  /** INT-12, MTH table: office phone only when the business phone is set. */
  | 'ifBusinessPhone'
  /** MTH table, observed [B]: only when a strength or TAP onboarding asks for it. */
  | 'fido2Observed';

/** Where a method may be registered in manage mode (Security info page). */
export type ManageRegistration =
  | 'yes'
  | 'no'
  /** MNG-02: alternate phone needs voice calls enabled. */
  | 'ifVoiceCalls'
  /** MTH table: app passwords only for per-user-MFA-enforced users. */
  | 'ifPerUserMfaEnforced';

/** What a user holds in hand to use the method; the wizard shows one of each kind by default. */
export type MethodKind = 'key' | 'app' | 'phone' | 'email' | 'questions' | 'token' | 'password' | 'pass';

export interface MethodInfo {
  id: MethodId;
  kind: MethodKind;
  /** The name the audit log uses for this method (AUD-03, AUD-06, AUD-07). */
  auditName: string;
  /** The name shown on screen. */
  label: string;
  mfa: boolean;
  sspr: boolean;
  registerInterrupt: InterruptRegistration;
  registerManage: ManageRegistration;
  change: boolean;
  delete: boolean;
  /** MTH-02: the most a user may hold; `null` where the seeds set none. */
  max: number | null;
  /** Issued by an admin or a device, never registered by the user. */
  adminProvisioned: boolean;
}

const row = (info: MethodInfo): MethodInfo => info;

/** MTH-01..06: the catalogue, keyed by method. */
export const METHODS: Readonly<Record<MethodId, MethodInfo>> = {
  microsoftAuthenticator: row({
    id: 'microsoftAuthenticator', kind: 'app', auditName: 'Authenticator app', label: 'Microsoft Authenticator',
    mfa: true, sspr: true, registerInterrupt: 'yes', registerManage: 'yes',
    change: false, delete: true, max: 5, adminProvisioned: false,
  }),
  softwareOath: row({
    id: 'softwareOath', kind: 'app', auditName: 'Other authenticator app', label: 'Other authenticator app',
    mfa: true, sspr: true, registerInterrupt: 'yes', registerManage: 'yes',
    change: false, delete: true, max: 5, adminProvisioned: false,
  }),
  hardwareOath: row({
    id: 'hardwareOath', kind: 'token', auditName: 'Hardware token', label: 'Hardware token',
    mfa: true, sspr: true, registerInterrupt: 'no', registerManage: 'no',
    change: false, delete: true, max: null, adminProvisioned: true,
  }),
  mobilePhone: row({
    id: 'mobilePhone', kind: 'phone', auditName: 'Phone', label: 'Phone',
    mfa: true, sspr: true, registerInterrupt: 'yes', registerManage: 'yes',
    change: true, delete: true, max: 1, adminProvisioned: false,
  }),
  alternateMobilePhone: row({
    id: 'alternateMobilePhone', kind: 'phone', auditName: 'Alternate phone', label: 'Alternate phone',
    mfa: true, sspr: false, registerInterrupt: 'no', registerManage: 'ifVoiceCalls',
    change: true, delete: true, max: 1, adminProvisioned: false,
  }),
  officePhone: row({
    id: 'officePhone', kind: 'phone', auditName: 'Office phone', label: 'Office phone',
    mfa: true, sspr: true, registerInterrupt: 'ifBusinessPhone', registerManage: 'yes',
    change: true, delete: true, max: 1, adminProvisioned: false,
  }),
  email: row({
    id: 'email', kind: 'email', auditName: 'Email', label: 'Email',
    mfa: false, sspr: true, registerInterrupt: 'yes', registerManage: 'yes',
    change: true, delete: true, max: 1, adminProvisioned: false,
  }),
  securityQuestions: row({
    id: 'securityQuestions', kind: 'questions', auditName: 'Security questions', label: 'Security questions',
    mfa: false, sspr: true, registerInterrupt: 'yes', registerManage: 'yes',
    change: false, delete: true, max: 1, adminProvisioned: false,
  }),
  appPassword: row({
    id: 'appPassword', kind: 'password', auditName: 'App password', label: 'App password',
    mfa: false, sspr: false, registerInterrupt: 'no', registerManage: 'ifPerUserMfaEnforced',
    // [A] The seeds set no maximum for app passwords; regsim assumes 5, like the authenticator
    // apps, which keeps every reachable state space finite.
    change: false, delete: true, max: 5, adminProvisioned: false,
  }),
  fido2: row({
    id: 'fido2', kind: 'key', auditName: 'Security key', label: 'Security key or passkey',
    mfa: true, sspr: false, registerInterrupt: 'fido2Observed', registerManage: 'yes',
    // [A] The seeds set no maximum for passkeys; regsim assumes 5 (see app passwords).
    change: false, delete: true, max: 5, adminProvisioned: false,
  }),
  temporaryAccessPass: row({
    id: 'temporaryAccessPass', kind: 'pass', auditName: 'Temporary Access Pass', label: 'Temporary Access Pass',
    mfa: true, sspr: false, registerInterrupt: 'no', registerManage: 'no',
    change: false, delete: false, max: null, adminProvisioned: true,
  }),
};

/**
 * MTH-05 [A]: most to least secure. The wizard shows methods in this order
 * (INT-04). Methods absent here are never offered by the wizard.
 */
export const SECURITY_ORDER: readonly MethodId[] = [
  'fido2',
  'microsoftAuthenticator',
  'softwareOath',
  'mobilePhone',
  'officePhone',
  'alternateMobilePhone',
  'email',
  'securityQuestions',
];

export const bySecurity = (a: MethodId, b: MethodId): number =>
  rank(a) - rank(b);

function rank(m: MethodId): number {
  const i = SECURITY_ORDER.indexOf(m);
  return i === -1 ? SECURITY_ORDER.length : i;
}

export const sortBySecurity = (methods: Iterable<MethodId>): MethodId[] =>
  [...new Set(methods)].sort(bySecurity);

export const isMfaMethod = (m: MethodId): boolean => METHODS[m].mfa;
export const isSsprMethod = (m: MethodId): boolean => METHODS[m].sspr;
/** Email and security questions serve SSPR only (INT-02, INT-05, STR-02). */
/**
 * ADM-02: the methods combined registration stamps as StrongAuthenticationMethods,
 * "a phone number and/or mobile app" [001]: phones and authenticator apps, not
 * keys, tokens, email or questions. These are what the rollback script clears.
 */
/** MNG-02: a method that takes calls only (the alternate phone) is off while voice calls are. */
export const offWithVoiceCalls = (m: MethodId, voiceCalls: boolean): boolean => METHODS[m].registerManage === 'ifVoiceCalls' && !voiceCalls;

export const isStrongAuthenticationMethod = (m: MethodId): boolean => METHODS[m].kind === 'phone' || METHODS[m].kind === 'app';
export const isSsprOnly = (m: MethodId): boolean => METHODS[m].sspr && !METHODS[m].mfa;
/** MTH-04: the method gives a default sign-in option; email and security questions never do. */
export const canBeDefault = (m: MethodId): boolean => givesDefaultOption(m);

export const isMethodId = (s: string): s is MethodId =>
  (METHOD_IDS as readonly string[]).includes(s);
