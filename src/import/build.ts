/**
 * `regsim import`: Graph exports → a regsim tenant. Collects the objects
 * (sources.ts), reads each kind (methods, Conditional Access and strengths,
 * cross-tenant access, the portal's SSPR policy, directory names), puts the
 * tenant together, and checks it against the tenant schema before anything
 * is written, so what the importer writes always validates.
 */
import { SECURITY_ORDER, type MethodId } from '../domain/methods.ts';
import { describeIssues, findingToDiagnostic, type Diagnostic } from '../scenario/diagnostics.ts';
import { Tenant } from '../scenario/schema.ts';
import { ImportContext, type ReportItem } from './context.ts';
import { importConditionalAccess } from './conditionalAccess.ts';
import { importCrossTenant } from './crossTenant.ts';
import { importDirectory } from './directory.ts';
import { importMethods } from './methods.ts';
import { collect, type Sources } from './sources.ts';
import { importSspr } from './sspr.ts';

export interface ImportResult {
  /** The tenant as written (before defaults), or null when the export cannot be imported. */
  tenant: Record<string, unknown> | null;
  comments: ReadonlyMap<string, string>;
  report: ReportItem[];
  errors: Diagnostic[];
  sources: Pick<Sources, 'files' | 'unread'> & { objects: number };
}

const bySecurity = (a: MethodId, b: MethodId) => {
  const rank = (m: MethodId) => { const i = SECURITY_ORDER.indexOf(m); return i === -1 ? SECURITY_ORDER.length : i; };
  return rank(a) - rank(b) || (a < b ? -1 : 1);
};

/** Every id the tenant's policies name, so the directory keeps only names someone will read. */
function referenced(tenant: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(tenant);
  return out;
}

const pick = (names: Record<string, string>, keep: Set<string>): Record<string, string> =>
  Object.fromEntries(Object.entries(names).filter(([id]) => keep.has(id)).sort(([a], [b]) => (a < b ? -1 : 1)));

/** The tenant's name when the export does not say: the export folder's (or first file's) name. */
const nameFrom = (paths: readonly string[]): string =>
  (paths[0] ?? 'imported').replace(/[\\/]+$/, '').replace(/^.*[\\/]/, '').replace(/\.json$/i, '') || 'imported';

export function importTenant(paths: readonly string[], opts: { name?: string } = {}): ImportResult {
  const sources = collect(paths);
  const ctx = new ImportContext();
  const summary = { files: sources.files, unread: sources.unread, objects: sources.items.length };
  const fail = (errors: Diagnostic[]): ImportResult => ({ tenant: null, comments: ctx.comments, report: ctx.report, errors, sources: summary });
  if (sources.errors.length) return fail(sources.errors);
  const { items } = sources;
  if (!items.some((i) => i.kind === 'methodsPolicy' || i.kind === 'methodConfig')) {
    return fail([{ file: paths[0] ?? '.', line: 1, col: 1, path: '', severity: 'error', message: 'no authentication methods policy in the export: expected GET /policies/authenticationMethodsPolicy, or EntraExporter\'s Policies/AuthenticationMethodsPolicy/AuthenticationMethodConfigurations/*.json' }]);
  }
  const methods = importMethods(items, ctx);
  // [A] Without the policy's root object (EntraExporter does not export it) the migration state is unknown; the
  // legacy MFA and SSPR policies were retired in September 2025 (blog 004), so the methods policy is taken to decide.
  if (methods.migrationState === undefined && items.some((i) => i.kind === 'passwordReset')) {
    ctx.report.push({ kind: 'assumed', file: paths[0] ?? '.', line: 1, col: 1, setting: 'authenticationMethodsPolicy.policyMigrationState', why: 'not in the export: taken as migrationComplete (the legacy policies were retired in September 2025), so the methods policy decides the SSPR methods' });
  }
  const migrated = (methods.migrationState ?? 'migrationComplete') === 'migrationComplete';
  const sspr = importSspr(items, ctx, migrated);
  const ca = importConditionalAccess(items, ctx);
  const cross = importCrossTenant(items, ctx);
  const dir = importDirectory(items, ctx);

  const enabled = [...methods.enabled];
  if (sspr.securityQuestions) { enabled.push('securityQuestions'); ctx.comment(['authenticationMethods', 'enabled', 'securityQuestions'], 'PasswordResetPolicies.securityQuestionsOptionEnabled: true (only SSPR enables them)'); }
  if (!migrated) {
    for (const m of sspr.legacyMethods) {
      if (enabled.includes(m)) continue;
      enabled.push(m);
      ctx.comment(['authenticationMethods', 'enabled', m], `PasswordResetPolicies (legacy SSPR policy; policyMigrationState ${methods.migrationState ?? 'absent'})`);
    }
  }
  ctx.comment(['authenticationMethods'], `authenticationMethodsPolicy${methods.migrationState ? ` (policyMigrationState: ${methods.migrationState})` : ''}`);
  const ssprValue = sspr.sspr ?? { enabledFor: 'none' };
  if (!sspr.sspr) {
    ctx.comment(['sspr'], 'SSPR has no public Graph API: add the portal\'s password reset policy JSON to the export, or write this section by hand');
    ctx.report.push({ kind: 'assumed', file: paths[0] ?? '.', line: 1, col: 1, setting: 'sspr', why: 'no password reset policy (the admin portal\'s PasswordResetPolicies JSON) in the export: SSPR is written as off; edit tenant.sspr by hand if it is on' });
  } else {
    ctx.comment(['sspr'], "the admin portal's password reset policy (PasswordResetPolicies JSON; SSPR has no public Graph API)");
    if (methods.reconfirmationInDays !== undefined && (ssprValue as Record<string, unknown>).reconfirmDays === undefined) (ssprValue as Record<string, unknown>).reconfirmDays = methods.reconfirmationInDays;
  }
  if (ca.policies.length) ctx.comment(['conditionalAccess'], 'GET /identity/conditionalAccess/policies');
  if (cross.trustMfa === undefined) ctx.comment(['crossTenant'], 'no crossTenantAccessPolicy/default in the export: MFA trust off (the service default)');

  const core: Record<string, unknown> = {
    name: opts.name ?? dir.tenant.name ?? nameFrom(paths),
    ...(dir.tenant.id ? { id: dir.tenant.id } : {}),
    authenticationMethods: {
      enabled: [...new Set(enabled)].sort(bySecurity),
      voiceCalls: methods.voiceCalls,
      sms: methods.sms,
      ...(Object.keys(methods.passkey).length ? { passkey: methods.passkey } : {}),
      ...(Object.keys(methods.temporaryAccessPass).length ? { temporaryAccessPass: methods.temporaryAccessPass } : {}),
      ...(Object.keys(methods.targets).length ? { targets: methods.targets } : {}),
    },
    sspr: ssprValue,
    conditionalAccess: ca.policies,
    ...(ca.strengths.length ? { authenticationStrengths: ca.strengths } : {}),
    crossTenant: { trustMfa: cross.trustMfa ?? false, ...(cross.partners.length ? { partners: cross.partners } : {}) },
    ...(dir.namedLocations.length ? { namedLocations: dir.namedLocations } : {}),
  };
  if (dir.tenant.name || dir.tenant.id) ctx.comment(['name'], 'organization.displayName');
  const keep = referenced(core);
  const directory = {
    groups: pick({ ...dir.groups, ...sspr.groupNames }, keep), roles: pick(dir.roles, keep),
    applications: pick(dir.applications, keep), users: pick(dir.users, keep),
  };
  // Scalars are shown as read; a structure is named, and the report gives its file position.
  const shown = (v: unknown) => v !== undefined && (typeof v !== 'object' || v === null || JSON.stringify(v).length <= 60);
  const notSimulated = ctx.report.filter((r) => r.kind !== 'assumed').map((r) => ({
    setting: r.setting, ...(shown(r.value) ? { value: r.value } : {}), why: r.why,
  }));
  const tenant: Record<string, unknown> = {
    ...core,
    ...(Object.values(directory).some((m) => Object.keys(m).length) ? { directory: Object.fromEntries(Object.entries(directory).filter(([, m]) => Object.keys(m).length)) } : {}),
    ...(notSimulated.length ? { notSimulated } : {}),
  };
  if (notSimulated.length) ctx.comment(['notSimulated'], 'read, not simulated: settings from the export that have no effect on registration in regsim');
  if (ctx.errors.length) return fail(ctx.errors);
  // What the importer writes must validate; a failure here is a bug in the importer, reported like bad input.
  const check = Tenant.safeParse(tenant);
  if (!check.success) {
    return fail(describeIssues(Tenant, tenant, check.error.issues).map((f) => findingToDiagnostic(f, '<imported tenant>', () => ({ line: 1, col: 1 }))));
  }
  return { tenant, comments: ctx.comments, report: ctx.report, errors: [], sources: summary };
}
