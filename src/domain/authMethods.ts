/**
 * The `authMethods` bitmask of the strength wizard's URL (STR-01, STR-03, STR-04):
 * `https://mysignins.microsoft.com/register?authMethods=<bitmask>&authMethodCount=1`.
 */
import type { MethodId } from './methods.ts';

/** STR-03: the authentication-method modes and their bits, as blog 004 lists them. */
export const AUTH_METHOD_BITS = {
  password: 1,
  voice: 2,
  hardwareOath: 4,
  softwareOath: 8,
  sms: 16,
  fido2: 32,
  windowsHelloForBusiness: 64,
  microsoftAuthenticatorPush: 128,
  deviceBasedPush: 256,
  temporaryAccessPassOneTime: 512,
  temporaryAccessPassMultiUse: 1024,
  email: 2048,
  x509CertificateSingleFactor: 4096,
  x509CertificateMultiFactor: 8192,
  federatedSingleFactor: 16384,
  federatedMultiFactor: 32768,
} as const;

export type AuthMode = keyof typeof AUTH_METHOD_BITS;

/** Modes from the highest bit down: the order `decode` lists them in. */
export const AUTH_MODES: readonly AuthMode[] = (Object.keys(AUTH_METHOD_BITS) as AuthMode[])
  .sort((a, b) => AUTH_METHOD_BITS[b] - AUTH_METHOD_BITS[a]);

const ALL_BITS = Object.values(AUTH_METHOD_BITS).reduce((a, b) => a | b, 0);

/**
 * The security-info method a user registers to get each mode. Modes that come
 * from admins or devices (hardware tokens, TAP, certificates, Windows Hello,
 * federation, the password) have none: the wizard cannot offer them.
 */
export const MODE_REGISTERED_AS: Readonly<Partial<Record<AuthMode, MethodId>>> = {
  voice: 'mobilePhone',
  sms: 'mobilePhone',
  softwareOath: 'softwareOath',
  fido2: 'fido2',
  microsoftAuthenticatorPush: 'microsoftAuthenticator',
  deviceBasedPush: 'microsoftAuthenticator',
  email: 'email',
};

/** The modes a registered method gives the user (for strength checks, STR-05). */
export const METHOD_MODES: Readonly<Record<MethodId, readonly AuthMode[]>> = {
  // Not deviceBasedPush: for passwordless "users need to also enable passwordless sign-in in the
  // Authenticator app" [003]; `modesHeld` adds it where they did.
  microsoftAuthenticator: ['microsoftAuthenticatorPush', 'softwareOath'],
  softwareOath: ['softwareOath'],
  hardwareOath: ['hardwareOath'],
  mobilePhone: ['sms', 'voice'],
  officePhone: ['voice'],
  alternateMobilePhone: ['voice'],
  email: ['email'],
  securityQuestions: [],
  appPassword: [],
  fido2: ['fido2'],
  temporaryAccessPass: ['temporaryAccessPassOneTime'],
};

export interface DecodedMask {
  value: number;
  modes: AuthMode[];
  /** Bits set in the value that no known mode owns. */
  unknownBits: number[];
}

/** STR-03: decode a bitmask; sums seen in the wild (1720, 1960, 1976) decode as sums. */
export function decodeAuthMethods(value: number): DecodedMask {
  // BigInt: JavaScript's bitwise operators would cut the value to 32 bits.
  const v = BigInt(value);
  const modes = AUTH_MODES.filter((m) => (v & BigInt(AUTH_METHOD_BITS[m])) !== 0n);
  const unknownBits: number[] = [];
  const rest = v & ~BigInt(ALL_BITS);
  for (let bit = 1n; bit <= rest; bit <<= 1n) if (rest & bit) unknownBits.push(Number(bit));
  return { value, modes, unknownBits };
}

export function encodeAuthMethods(modes: Iterable<AuthMode>): number {
  let v = 0;
  for (const m of modes) v |= AUTH_METHOD_BITS[m];
  return v;
}

/** The methods a user could register to get the given modes, without repeats. */
export function registrableMethods(modes: Iterable<AuthMode>): MethodId[] {
  const out: MethodId[] = [];
  for (const m of modes) {
    const method = MODE_REGISTERED_AS[m];
    if (method && !out.includes(method)) out.push(method);
  }
  return out;
}

export const STRENGTH_WIZARD_BASE = 'https://mysignins.microsoft.com/register';

/** STR-01: the strength wizard's URL. */
export function strengthWizardUrl(mask: number, count: number): string {
  return `${STRENGTH_WIZARD_BASE}?authMethods=${mask}&authMethodCount=${count}`;
}

export type ParsedRegisterUrl =
  /** `note`: the URL is not the My Sign-ins register page; it was decoded anyway. */
  | { ok: true; authMethods: number | null; authMethodCount: number | null; strengthWizard: boolean; note?: string }
  | { ok: false; error: string };

const PARAMETERS = ['authMethods', 'authMethodCount'] as const;

/**
 * STR-04: reads a `register` URL. Without `authMethods` it is the ordinary
 * wizard (the blog's "strip the URL" trick).
 */
export function parseRegisterUrl(input: string): ParsedRegisterUrl {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, error: `not a URL: "${input}" (expected e.g. ${strengthWizardUrl(1720, 1)})` };
  }
  const num = (name: string): number | null | string => {
    const raw = url.searchParams.get(name);
    if (raw === null) return null;
    if (!/^\d+$/.test(raw)) return `${name}="${raw}" is not a non-negative whole number`;
    return Number(raw) <= Number.MAX_SAFE_INTEGER ? Number(raw) : `${name}=${raw} is larger than ${Number.MAX_SAFE_INTEGER}`;
  };
  // The wizard reads its parameters by their exact names: `authmethods=` would silently be the ordinary wizard.
  for (const key of url.searchParams.keys()) {
    const meant = PARAMETERS.find((p) => p !== key && p.toLowerCase() === key.toLowerCase());
    if (meant) return { ok: false, error: `"${key}" is not a parameter the wizard reads (names are case-sensitive); did you mean "${meant}"?` };
  }
  const mask = num('authMethods');
  const count = num('authMethodCount');
  if (typeof mask === 'string') return { ok: false, error: mask };
  if (typeof count === 'string') return { ok: false, error: count };
  const page = `${url.origin}${url.pathname}`.replace(/\/$/, '');
  const note = page === STRENGTH_WIZARD_BASE ? undefined : `${page} is not the My Sign-ins register page (${STRENGTH_WIZARD_BASE}); its parameters are decoded anyway`;
  return { ok: true, authMethods: mask, authMethodCount: count, strengthWizard: mask !== null, ...(note ? { note } : {}) };
}
