/**
 * Semantic checks: scenarios the schema accepts but that describe a tenant
 * Entra would not let an admin save, a user that cannot exist, or a matrix
 * that cannot mean what its author intended. Each check is a named function
 * citing its rule; warnings flag likely mistakes without failing validation.
 */
import { plural } from '../../machines/catalogue/plural.ts';
import { DEFAULT_OPTIONS, DEFAULT_OPTION_IDS, isDefaultOptionId, shorthandOption } from '../domain/defaultOptions.ts';
import { METHOD_IDS, METHODS, canBeDefault, isSsprMethod, type MethodId } from '../domain/methods.ts';
import { resourceRequirement } from '../domain/b2b.ts';
import { ADMIN_SSPR_METHODS, hasAdministratorPolicy } from '../domain/policy.ts';
import { RULE_GROUPS, RULE_IDS, isRuleId } from '../domain/rules.ts';
import {
  formatPath, keysAt, schemaAt, suggestion,
  type Diagnostic, type Locate, type PathSegment, type Severity,
} from './diagnostics.ts';
import { dimensionSegments, variantLabel, variantsNote, type ExpandedScenario } from './matrix.ts';
import { checkScenarioTenant } from './semanticTenant.ts';
import { Scenario, type RegisteredMethod } from './schema.ts';

type Report = (severity: Severity, path: PathSegment[], message: string, options?: { key?: boolean }) => void;

const SSPR_CAPABLE = METHOD_IDS.filter(isSsprMethod);
const DEFAULT_CAPABLE = METHOD_IDS.filter(canBeDefault);

/** `tenant.sspr.methods` may only name methods the tenant enables and SSPR accepts. */
function checkSsprMethodList(s: Scenario, report: Report): void {
  const enabled = s.tenant.authenticationMethods.enabled;
  s.tenant.sspr.methods?.forEach((m, i) => {
    const at = ['tenant', 'sspr', 'methods', i];
    if (!enabled.includes(m)) {
      report('warning', at, `"${m}" is not in tenant.authenticationMethods.enabled, so SSPR cannot offer it; enabled: ${enabled.join(', ') || '(none)'}`);
    } else if (!isSsprMethod(m)) {
      report('warning', at, `"${m}" cannot be used to reset a password; SSPR-capable methods: ${SSPR_CAPABLE.join(', ')}`);
    }
  });
}

/** SSPR-01: requiring two methods needs two SSPR-capable methods to choose from. */
function checkSsprMethodsRequired(s: Scenario, report: Report): void {
  if (s.tenant.sspr.methodsRequired !== 2) return;
  const enabled = s.tenant.authenticationMethods.enabled;
  const allowed = s.tenant.sspr.methods ?? enabled;
  const usable = [...new Set(allowed.filter((m) => enabled.includes(m) && isSsprMethod(m)))];
  if (usable.length >= 2) return;
  const which = usable.length > 0 ? ` (${usable.join(', ')})` : '';
  report('error', ['tenant', 'sspr', 'methodsRequired'],
    `methodsRequired is 2 but only ${plural(usable.length, 'SSPR-capable method')}${which} can be used; ` +
    `enable at least 2 of: ${SSPR_CAPABLE.join(', ')} (SSPR-01)`);
}

/** B2B-01: a claim names a method the guest used at home, so one the guest holds there (or a TAP issued there). */
function checkHomeClaim(s: Scenario, report: Report): void {
  const claim = s.user.homeMfaClaim;
  if (typeof claim !== 'string') return;
  const home = s.user.home;
  const held = home ? [...home.methods.map(methodOf), ...(home.tap ? ['temporaryAccessPass' as const] : [])] : [];
  if (!held.includes(claim)) {
    report('error', ['user', 'homeMfaClaim'],
      `the home MFA claim names "${claim}", which the guest does not hold at home; held there: ${held.join(', ') || '(none)'} (B2B-01)`);
  }
}

/** SSPR-05: an administrator's SSPR policy asks for two methods from a fixed set, whatever the tenant's SSPR says. */
function checkAdminSsprMethods(s: Scenario, report: Report): void {
  if (!hasAdministratorPolicy(s.user)) return;
  const usable = ADMIN_SSPR_METHODS.filter((m) => s.tenant.authenticationMethods.enabled.includes(m));
  if (usable.length >= 2) return;
  report('warning', ['user', 'adminRole'],
    `an administrator needs 2 SSPR methods from ${ADMIN_SSPR_METHODS.join(', ')}, but the tenant enables ${usable.length ? usable.join(', ') : 'none of them'}; `
    + 'the wizard can ask only for what it can offer (SSPR-05)');
}

/**
 * B2B-01, B2B-02: with MFA trust on and a resource that asks guests for MFA,
 * the b2bMfaTrust flow sends the guest home and runs the home tenant's
 * wizard, so that tenant must be described. The flow treats whoever signs in
 * as a guest, so this holds whatever `user.type` says.
 */
function checkGuestHome(s: Scenario, report: Report): void {
  if (s.flow === 'b2bMfaTrust' && s.user.home === undefined && s.tenant.crossTenant.trustMfa) {
    const needs = resourceRequirement(s).kind;
    if (needs === 'mfa' || needs === 'strength') {
      // At the setting that sends the guest home: `user` may not be written at all.
      report('error', ['tenant', 'crossTenant', 'trustMfa'],
        'trustMfa sends the guest home (Conditional Access asks guests for MFA), so this b2bMfaTrust scenario needs user.home: '
        + 'the home tenant, e.g. `user: { type: guest, home: { authenticationMethods: { enabled: [microsoftAuthenticator] }, methods: [] } }`; '
        + 'or turn crossTenant.trustMfa off (B2B-01, B2B-02)');
    }
  }
  if (s.user.type === 'member' && s.user.home !== undefined && s.flow !== 'b2bMfaTrust') {
    report('warning', ['user', 'home'], 'user.home is only used for guests, but user.type is "member"', { key: true });
  }
}

const methodOf = (r: RegisteredMethod): MethodId => (typeof r === 'string' ? r : r.method);
const countOf = (r: RegisteredMethod): number => (typeof r === 'string' ? 1 : r.count);

/**
 * MTH-04: the default is a sign-in option a method held gives: an option id,
 * or a method id that gives one option only (an office phone: its call).
 */
function checkDefaultMethod(s: Scenario, report: Report): void {
  const value = s.user.defaultMethod;
  if (value === null) return;
  const at = ['user', 'defaultMethod'];
  const registered = s.user.methods.map(methodOf);
  let option = isDefaultOptionId(value) ? value : null;
  if (option === null) {
    const m = value as MethodId;
    const { option: only, candidates } = shorthandOption(m);
    if (!canBeDefault(m)) {
      report('error', at, `"${m}" cannot be the default sign-in method (MTH-04); methods that can: ${DEFAULT_CAPABLE.join(', ')}; or write an option: ${DEFAULT_OPTION_IDS.join(', ')}`);
      return;
    }
    if (only === null) {
      report('error', at, `"${m}" gives ${candidates.length} default sign-in options (MTH-04): write one of ${candidates.map((o) => `${o} ("${DEFAULT_OPTIONS[o].label}")`).join(', ')}`);
      return;
    }
    option = only;
  }
  const givers = DEFAULT_OPTIONS[option].methods;
  const real = s.user.methods.filter((r) => givers.includes(methodOf(r)) && !(typeof r !== 'string' && r.virtual));
  if (real.length === 0) {
    const held = s.user.methods.some((r) => givers.includes(methodOf(r)));
    report('error', at, held
      ? `the default "${value}" needs a real number; the ${givers.join(' / ')} held is virtual (MTH-06)`
      : `the default "${value}" needs ${givers.join(' or ')} among user.methods; registered: ${registered.join(', ') || '(none)'} (MTH-04)`);
  }
}

/** MTH-02: a user holds at most `max` of each method. */
function checkMethodCounts(methods: readonly RegisteredMethod[], base: PathSegment[], report: Report): void {
  const totals = new Map<MethodId, number>();
  methods.forEach((r, i) => {
    const m = methodOf(r);
    const total = (totals.get(m) ?? 0) + countOf(r);
    totals.set(m, total);
    const max = METHODS[m].max;
    const before = total - countOf(r);
    if (max !== null && total > max && before <= max) {
      const at = typeof r === 'string' ? [...base, i] : [...base, i, 'count'];
      report('error', at, `${plural(total, `"${m}" registration`)} but a user can hold at most ${max} (MTH-02)`);
    }
  });
}

const PHONES = METHOD_IDS.filter((m) => METHODS[m].kind === 'phone');

/** MTH-06 and STR-05: `virtual` describes a phone number, `passwordless` the Authenticator app. */
function checkMethodFlags(methods: readonly RegisteredMethod[], base: PathSegment[], report: Report): void {
  methods.forEach((r, i) => {
    if (typeof r === 'string') return;
    if (r.virtual && !PHONES.includes(r.method)) {
      report('error', [...base, i, 'virtual'], `virtual describes a phone number (MTH-06), not "${r.method}"; phones: ${PHONES.join(', ')}`);
    }
    if (r.passwordless !== undefined && r.method !== 'microsoftAuthenticator') {
      report('error', [...base, i, 'passwordless'], `passwordless (phone sign-in) applies to microsoftAuthenticator only, not "${r.method}" (STR-05)`);
    }
  });
}

/** A method listed twice in a policy list is a typo or a merge left-over: the second says nothing. */
function checkDuplicateMethods(list: readonly string[] | undefined, at: PathSegment[], report: Report): void {
  list?.forEach((m, i) => {
    const first = list.indexOf(m);
    if (first !== i) report('warning', [...at, i], `"${m}" is listed twice (first at ${formatPath([...at, first])}); remove one`);
  });
}

function checkRuleIds(s: Scenario, report: Report): void {
  s.sources.rules.forEach((id, i) => {
    if (isRuleId(id)) return;
    const hint = suggestion(id, RULE_IDS) || `; rule IDs look like MTH-01 (groups: ${Object.keys(RULE_GROUPS).join(', ')})`;
    report('error', ['sources', 'rules', i], `"${id}" is not a rule ID${hint}`);
  });
}

/** Fields a matrix may not vary: they drive the expansion itself. */
const UNVARIABLE = new Set(['matrix', 'expectWhen']);

/** Each dimension must be a path the schema knows; report the first segment that is not. */
function checkMatrixDimensions(s: Scenario, report: Report): void {
  for (const dimension of Object.keys(s.matrix ?? {})) {
    const at = ['matrix', dimension];
    const segments = dimensionSegments(dimension);
    if (UNVARIABLE.has(String(segments[0]))) {
      report('error', at, `matrix dimension "${dimension}" cannot vary ${String(segments[0])}`, { key: true });
      continue;
    }
    const bad = segments.findIndex((_, i) => schemaAt(Scenario, segments.slice(0, i + 1)).length === 0);
    if (bad === -1) continue;
    const parent = segments.slice(0, bad);
    const valid = keysAt(Scenario, parent);
    const hint = suggestion(String(segments[bad]), valid);
    const where = parent.length === 0 ? 'a scenario field' : `a field of ${formatPath(parent)}`;
    const tail = hint || (valid.length > 0 ? `; valid: ${valid.join(', ')}` : '');
    report('error', at, `matrix dimension "${dimension}" is not a scenario path: "${String(segments[bad])}" is not ${where}${tail}`, { key: true });
  }
}

/** `expectWhen[].when` names matrix dimensions; anything else can never match. */
function checkExpectWhen(s: Scenario, report: Report): void {
  const matrix = s.matrix ?? {};
  const dimensions = Object.keys(matrix);
  s.expectWhen.forEach((entry, i) => {
    for (const [key, value] of Object.entries(entry.when)) {
      const at = ['expectWhen', i, 'when', key];
      if (!Object.hasOwn(matrix, key)) {
        const tail = dimensions.length === 0
          ? '; the scenario has no matrix'
          : suggestion(key, dimensions) || `; dimensions: ${dimensions.join(', ')}`;
        report('error', at, `"${key}" is not a matrix dimension${tail}`, { key: true });
      } else if (!(matrix[key] ?? []).includes(value)) {
        report('warning', at, `never matches: ${key} takes the values ${(matrix[key] ?? []).map(String).join(', ')}`);
      }
    }
  });
}

/** Every semantic check on one (possibly not yet expanded) scenario. */
export function checkScenario(s: Scenario, locate: Locate, file = '<scenario>'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report: Report = (severity, path, message, options) =>
    out.push({ file, ...locate(path, options), path: formatPath(path), message, severity });
  checkSsprMethodList(s, report);
  checkSsprMethodsRequired(s, report);
  checkAdminSsprMethods(s, report);
  checkHomeClaim(s, report);
  checkGuestHome(s, report);
  checkDefaultMethod(s, report);
  checkMethodCounts(s.user.methods, ['user', 'methods'], report);
  if (s.user.home) checkMethodCounts(s.user.home.methods, ['user', 'home', 'methods'], report);
  checkMethodFlags(s.user.methods, ['user', 'methods'], report);
  if (s.user.home) checkMethodFlags(s.user.home.methods, ['user', 'home', 'methods'], report);
  checkDuplicateMethods(s.tenant.authenticationMethods.enabled, ['tenant', 'authenticationMethods', 'enabled'], report);
  checkDuplicateMethods(s.tenant.sspr.methods, ['tenant', 'sspr', 'methods'], report);
  if (s.user.home) checkDuplicateMethods(s.user.home.authenticationMethods.enabled, ['user', 'home', 'authenticationMethods', 'enabled'], report);
  checkRuleIds(s, report);
  checkMatrixDimensions(s, report);
  checkExpectWhen(s, report);
  // Issue 11: the tenant's richer forms and the scenario's references into them.
  out.push(...checkScenarioTenant(s, (path, message, severity = 'error') => ({ file, ...locate(path), path: formatPath(path), message, severity })));
  return out;
}

const sameProblem = (d: Diagnostic): string => `${d.severity}|${d.path}|${d.message}`;

/**
 * Checks matrix variants: a dimension can make a valid base invalid (say,
 * `methodsRequired: [1, 2]` with one SSPR method). Problems the base already
 * has are not repeated; new ones point at the dimension that caused them and
 * name the first variant affected.
 */
export function checkVariants(base: Scenario, variants: readonly ExpandedScenario[], locate: Locate, file = '<scenario>'): Diagnostic[] {
  if (base.matrix === undefined) return [];
  const known = new Set(checkScenario(base, locate, file).map(sameProblem));
  const found = new Map<string, { diagnostic: Diagnostic; labels: string[] }>();
  for (const v of variants) {
    for (const d of checkScenario(v, locate, file)) {
      const key = sameProblem(d);
      if (known.has(key)) continue;
      const entry = found.get(key) ?? { diagnostic: relocate(d, v, base, locate), labels: [] };
      entry.labels.push(variantLabel(v.variant));
      found.set(key, entry);
    }
  }
  return [...found.values()].map(({ diagnostic, labels }) =>
    ({ ...diagnostic, message: `${diagnostic.message}${variantsNote(labels, variants.length)}` }));
}

/** Points a variant's problem at the matrix value that set the field, when one did. */
function relocate(d: Diagnostic, v: ExpandedScenario, base: Scenario, locate: Locate): Diagnostic {
  const dimension = Object.keys(v.variant).find((dim) => {
    const p = formatPath(dimensionSegments(dim));
    return d.path === p || d.path.startsWith(`${p}.`) || d.path.startsWith(`${p}[`);
  });
  if (dimension === undefined) return d;
  const index = (base.matrix?.[dimension] ?? []).indexOf(v.variant[dimension] ?? null);
  return { ...d, ...locate(['matrix', dimension, index]) };
}
