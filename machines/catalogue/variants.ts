/**
 * A matrix variant in words, for the titles people read (a checklist, a
 * storyboard): "Identity Protection MFA registration policy off, IE11", not
 * `[tenant.mfaRegistration.identityProtection=false, client.app=ie11]`.
 * Ids and file names keep the dotted form, which scripts and `merge` key on.
 * A dimension with no words here reads as `path = value`, still exact.
 */
import { METHODS, isMethodId } from '../../src/domain/methods.ts';
import { variantLabel, type MatrixValue } from '../../src/scenario/matrix.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { EVENT_WORDS, walkStepNumbers } from './events.ts';
import { OS_WORDS, ROLE_WORDS } from './setup.ts';

type Words = (value: MatrixValue, scenario: Scenario) => string;

const onOff = (what: string): Words => (v) => `${what} ${v ? 'on' : 'off'}`;
const method = (v: MatrixValue): string => (typeof v === 'string' && isMethodId(v) ? METHODS[v].label : String(v));
const methods = (n: MatrixValue): string => `${String(n)} method${n === 1 ? '' : 's'}`;
const APP_WORDS: Readonly<Record<string, string>> = {
  browser: 'modern browser', ie11: 'Internet Explorer 11', adalLegacyWebView: 'ADAL legacy web view', windowsApp: 'Windows App',
};
const SSPR_FOR: Readonly<Record<string, string>> = { all: 'SSPR for all users', selected: 'SSPR for a selected group', none: 'SSPR off' };

/** By dimension: exact paths first, then patterns with an index. */
const EXACT: Readonly<Record<string, Words>> = {
  profile: (v) => (v === 'documented' ? 'as documented' : 'as observed'),
  location: (v) => `${String(v)} location`,
  tenant: (v) => `tenant ${String(v).replace(/^.*[\\/]/, '')}`,
  'client.app': (v) => APP_WORDS[String(v)] ?? String(v),
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
  'user.home.sspr.methodsRequired': (v) => `home SSPR needs ${methods(v)}`,
  'tenant.crossTenant.trustMfa': onOff('MFA trust'),
  'tenant.mfaRegistration.identityProtection': onOff('Identity Protection MFA registration policy'),
  'tenant.authenticationMethods.voiceCalls': onOff('voice calls'),
  'tenant.authenticationMethods.sms': onOff('SMS'),
  'tenant.authenticationMethods.passkey.selfServiceSetup': onOff('passkey self-service setup'),
  'tenant.sspr.enabledFor': (v) => SSPR_FOR[String(v)] ?? `SSPR for ${String(v)}`,
  'tenant.sspr.methodsRequired': (v) => `SSPR needs ${methods(v)}`,
  'tenant.sspr.requireRegistration': onOff('SSPR registration at sign-in'),
  'tenant.propagation.changedMinutesAgo': (v) => `policy changed ${String(v)} min ago`,
  'tenant.combinedRegistration': onOff('combined registration'),
};

const PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray, v: MatrixValue, s: Scenario) => string]> = [
  [/^user\.(home\.)?methods\.\d+$/, (m, v) => `holds ${method(v)}${m[1] ? ' at home' : ''}`],
  [/^tenant\.conditionalAccess\.(\d+)\.enabled$/, (m, v, s) => `Conditional Access "${s.tenant.conditionalAccess[Number(m[1])]?.name ?? `#${Number(m[1]) + 1}`}" ${v ? 'on' : 'off'}`],
  [/^steps\.(\d+)\.send$/, (m, v, s) => `the walk's step ${walkStepNumbers(s.steps)[Number(m[1])]}: ${EVENT_WORDS[v as keyof typeof EVENT_WORDS]?.does.replace(/\.$/, '') ?? String(v)}`],
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

/**
 * "Identity Protection MFA registration policy off, IE11"; empty without a
 * matrix. A dimension the matrix gives one value sets no variant apart, and
 * is left to the set-up to say.
 */
export function variantWords(variant: Readonly<Record<string, MatrixValue>>, scenario: Scenario): string {
  return Object.entries(variant).filter(([path]) => (scenario.matrix?.[path]?.length ?? 2) > 1)
    .map(([path, value]) => dimensionWords(path, value, scenario)).join(', ');
}

/** A variant's dotted id (`client.app=ie11, profile=documented`), beside its title for traceability; null without a matrix. */
export const variantId = (scenario: { variant: Readonly<Record<string, MatrixValue>> }): string | null =>
  (Object.keys(scenario.variant).length ? variantLabel(scenario.variant) : null);

/** A scenario variant's title in words: the file's name for it, then what sets the variant apart. */
export function variantTitle(scenario: Scenario & { variant: Readonly<Record<string, MatrixValue>> }): string {
  const words = variantWords(scenario.variant, scenario);
  if (!words) return scenario.name;
  // A variant's name carries its dotted label (matrix.ts), which the words replace.
  const dotted = ` [${variantLabel(scenario.variant)}]`;
  const base = scenario.name.endsWith(dotted) ? scenario.name.slice(0, -dotted.length) : scenario.name;
  return `${base} — ${words}`;
}
