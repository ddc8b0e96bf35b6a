/**
 * A matrix variant in words, for the titles people read (a checklist, a
 * storyboard): "Identity Protection MFA registration policy off, IE11", not
 * `[tenant.mfaRegistration.identityProtection=false, client.app=ie11]`.
 * Ids and file names keep the dotted form, which scripts and `merge` key on.
 * A dimension with no words here reads as `path = value`, still exact.
 */
import { CLIENT_CATALOGUE } from '../../src/domain/clients.ts';
import { METHODS, isMethodId } from '../../src/domain/methods.ts';
import { variantLabel, type MatrixValue } from '../../src/scenario/matrix.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { EVENT_WORDS } from './events.ts';
import { OS_WORDS, ROLE_WORDS } from './setup.ts';

type Words = (value: MatrixValue, scenario: Scenario) => string;

const onOff = (what: string): Words => (v) => `${what} ${v ? 'on' : 'off'}`;
const method = (v: MatrixValue): string => (typeof v === 'string' && isMethodId(v) ? METHODS[v].label : String(v));
const appWords = (v: MatrixValue): string =>
  CLIENT_CATALOGUE.find((e) => e.client.app === v && !e.client.privateWindow)?.label.replace(/ \(Windows\)$/, '') ?? String(v);

/** By dimension: exact paths first, then patterns with an index. */
const EXACT: Readonly<Record<string, Words>> = {
  profile: (v) => (v === 'documented' ? 'as documented' : 'as observed'),
  location: (v) => `${String(v)} location`,
  tenant: (v) => `tenant ${String(v).replace(/^.*[\\/]/, '')}`,
  'client.app': appWords,
  'client.os': (v) => `on ${OS_WORDS[v as keyof typeof OS_WORDS] ?? String(v)}`,
  'client.privateWindow': (v) => (v ? 'private window' : 'ordinary window'),
  'user.type': (v) => String(v),
  'user.adminRole': (v) => ROLE_WORDS[v as keyof typeof ROLE_WORDS] ?? String(v),
  'user.perUserMfa': (v) => `per-user MFA ${String(v)}`,
  'user.rolledBack': (v) => (v ? 'after the rollback' : 'no rollback'),
  'user.tap': (v) => (v ? 'holds a Temporary Access Pass' : 'no Temporary Access Pass'),
  'user.inSsprGroup': (v) => (v ? 'in the SSPR group' : 'not in the SSPR group'),
  'user.businessPhone': (v) => (v === null ? 'no business phone' : `business phone ${String(v)}`),
  'user.lastReviewedDaysAgo': (v) => (v === null ? 'never reviewed' : `last reviewed ${String(v)} days ago`),
  'user.homeMfaClaim': (v) => (v === true ? 'MFA claim from home' : v === false ? 'no MFA claim from home' : `MFA claim from home by ${method(v)}`),
  'user.home.sspr.methodsRequired': (v) => `home SSPR needs ${String(v)} method(s)`,
  'tenant.crossTenant.trustMfa': onOff('MFA trust'),
  'tenant.mfaRegistration.identityProtection': onOff('Identity Protection MFA registration policy'),
  'tenant.authenticationMethods.voiceCalls': onOff('voice calls'),
  'tenant.authenticationMethods.sms': onOff('SMS'),
  'tenant.authenticationMethods.passkey.selfServiceSetup': onOff('passkey self-service setup'),
  'tenant.sspr.enabledFor': (v) => `SSPR enabled for ${String(v)}`,
  'tenant.sspr.methodsRequired': (v) => `SSPR needs ${String(v)} method(s)`,
  'tenant.sspr.requireRegistration': onOff('SSPR registration at sign-in'),
  'tenant.propagation.changedMinutesAgo': (v) => `changed ${String(v)} min ago`,
  'tenant.combinedRegistration': onOff('combined registration'),
};

const PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray, v: MatrixValue, s: Scenario) => string]> = [
  [/^user\.(home\.)?methods\.\d+$/, (m, v) => `holds ${method(v)}${m[1] ? ' at home' : ''}`],
  [/^tenant\.conditionalAccess\.(\d+)\.enabled$/, (m, v, s) => `Conditional Access "${s.tenant.conditionalAccess[Number(m[1])]?.name ?? `#${Number(m[1]) + 1}`}" ${v ? 'on' : 'off'}`],
  [/^steps\.(\d+)\.send$/, (m, v) => `step ${Number(m[1]) + 1}: ${EVENT_WORDS[v as keyof typeof EVENT_WORDS]?.label ?? String(v)}`],
];

function dimensionWords(path: string, value: MatrixValue, scenario: Scenario): string {
  const exact = EXACT[path];
  if (exact) return exact(value, scenario);
  for (const [re, words] of PATTERNS) {
    const m = re.exec(path);
    if (m) return words(m, value, scenario);
  }
  return `${path} = ${JSON.stringify(value)}`;
}

/** "Identity Protection MFA registration policy off, IE11"; empty without a matrix. */
export function variantWords(variant: Readonly<Record<string, MatrixValue>>, scenario: Scenario): string {
  return Object.entries(variant).map(([path, value]) => dimensionWords(path, value, scenario)).join(', ');
}

/** A scenario variant's title in words: the file's name for it, then what sets the variant apart. */
export function variantTitle(scenario: Scenario & { variant: Readonly<Record<string, MatrixValue>> }): string {
  const words = variantWords(scenario.variant, scenario);
  if (!words) return scenario.name;
  // A variant's name carries its dotted label (matrix.ts), which the words replace.
  const dotted = ` [${variantLabel(scenario.variant)}]`;
  const base = scenario.name.endsWith(dotted) ? scenario.name.slice(0, -dotted.length) : scenario.name;
  return `${base} — ${words}`;
}
