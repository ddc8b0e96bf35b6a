/**
 * Tenant files (`*.tenant.yaml`): a tenant's policies in a file of their own,
 * so many scenarios share one tenant — an imported one, typically. A
 * scenario names the file (`tenant: ../tenants/contoso.tenant.yaml`, relative
 * to the scenario); the loader puts the file's tenant in its place before
 * validating, and every diagnostic about the tenant points into the tenant
 * file, at its own line and column.
 */
import { plural } from '../../machines/catalogue/plural.ts';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import {
  compareDiagnostics, describeIssues, findingToDiagnostic, formatPath,
  type Diagnostic, type Locate, type PathSegment,
} from './diagnostics.ts';
import { DEFAULT_LIMITS, type LoadLimits } from './limits.ts';
import { parseYaml, readLimited } from './load.ts';
import { Tenant } from './schema.ts';
import { checkTenant } from './semanticTenant.ts';

export const TENANT_FILE = /\.tenant\.ya?ml$/;
export const isTenantFile = (path: string): boolean => TENANT_FILE.test(path);

export type TenantFileResult =
  | { ok: true; file: string; raw: Record<string, unknown>; tenant: Tenant; locate: Locate; warnings: Diagnostic[] }
  | { ok: false; file: string; errors: Diagnostic[] };

const at1 = (file: string, message: string): Diagnostic => ({ file, line: 1, col: 1, path: '', message, severity: 'error' });

/** Positions in the tenant file, for paths inside the tenant. */
const inFile = (file: string, locate: Locate): Locate => (path, options) => ({ ...locate(path, options), file });

/** Validates a tenant held in memory: schema, then the tenant's own semantic checks. */
export function parseTenantText(text: string, file: string, limits: LoadLimits = DEFAULT_LIMITS): TenantFileResult {
  const parsed = parseYaml(text, file, 'a tenant', limits.maxNodes);
  const locate = inFile(file, parsed.locate);
  const fail = (more: Diagnostic[]): TenantFileResult =>
    ({ ok: false, file, errors: [...parsed.yaml, ...parsed.errors, ...more].sort(compareDiagnostics) });
  if (parsed.yaml.some((d) => d.severity === 'error') || parsed.errors.length > 0) return fail([]);
  const raw = parsed.raw;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail([at1(file, 'a tenant file holds one mapping with at least authenticationMethods (see scenarios/tenant.schema.json)')]);
  }
  // A scenario given where a tenant file goes: one error that says so, not a dozen fields it does not know.
  if ('tenant' in raw && ('flow' in raw || 'user' in raw)) {
    return fail([{ file, ...locate(['tenant'], { key: true }), path: 'tenant', severity: 'error',
      message: 'this is a scenario file, not a tenant file: a tenant file holds the tenant\'s settings at its top level (authenticationMethods, sspr, …), as `regsim import` writes them; a scenario uses one with `tenant: <file>`' }]);
  }
  const result = Tenant.safeParse(raw);
  if (!result.success) return fail(describeIssues(Tenant, raw, result.error.issues).map((f) => findingToDiagnostic(f, file, locate)));
  const checks = checkTenant(result.data, (path, message, severity = 'error') =>
    ({ file, ...locate(path), path: formatPath(path), message, severity }));
  if (checks.some((d) => d.severity === 'error')) return fail(checks);
  return { ok: true, file, raw: raw as Record<string, unknown>, tenant: result.data, locate, warnings: [...parsed.yaml, ...checks] };
}

/** Reads one tenant file; a file that cannot be read, or is above the size limit, is a diagnostic at 1:1. */
export function loadTenantFile(file: string, limits: LoadLimits = DEFAULT_LIMITS): TenantFileResult {
  const read = readLimited(file, limits, 'tenant file');
  return read.ok ? parseTenantText(read.text, file, limits) : { ok: false, file, errors: [read.error] };
}

/** The scenario's locate, with paths under `tenant` sent to the tenant file. */
function composed(scenario: Locate, tenant: Locate): Locate {
  return (path, options) => (path.length > 1 && path[0] === 'tenant' ? tenant(path.slice(1) as PathSegment[], options) : scenario(path, options));
}

export type TenantRefResult =
  | { ok: true; raw: unknown; locate: Locate; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[] };

/**
 * When the scenario's `tenant` is a path, the tenant file's contents take its
 * place. A missing or invalid tenant file fails the scenario with the tenant
 * file's own diagnostics, plus one at the scenario's `tenant` line.
 */
export function resolveTenantRef(raw: unknown, scenarioFile: string, locate: Locate, limits: LoadLimits = DEFAULT_LIMITS): TenantRefResult {
  const ref = (raw as { tenant?: unknown } | null)?.tenant;
  if (typeof ref !== 'string') return { ok: true, raw, locate, warnings: [] };
  const path = resolve(dirname(scenarioFile), ref);
  const shown = relativeOrAbsolute(scenarioFile, ref, path);
  const loaded = loadTenantFile(path, limits);
  if (!loaded.ok) {
    const here: Diagnostic = {
      file: scenarioFile, ...locate(['tenant']), path: 'tenant', severity: 'error',
      message: `the tenant file ${shown} is not valid (${plural(loaded.errors.filter((d) => d.severity === 'error').length, 'error')} there)`,
    };
    return { ok: false, errors: [here, ...loaded.errors.map((d) => ({ ...d, file: d.file === path ? shown : d.file }))] };
  }
  const tenantLocate: Locate = (p, o) => ({ ...loaded.locate(p, o), file: shown });
  return {
    ok: true,
    raw: { ...(raw as Record<string, unknown>), tenant: loaded.raw },
    locate: composed(locate, tenantLocate),
    // The tenant's own checks run again with the scenario's (checkScenario); only YAML's warnings are the file's alone.
    warnings: loaded.warnings.filter((d) => d.message.startsWith('YAML:')).map((d) => ({ ...d, file: shown })),
  };
}

/** The tenant file as a reader finds it from where they ran regsim: next to the scenario's own path. */
function relativeOrAbsolute(scenarioFile: string, ref: string, absolute: string): string {
  return isAbsolute(ref) || isAbsolute(scenarioFile) ? absolute : normalize(join(dirname(scenarioFile), ref));
}
