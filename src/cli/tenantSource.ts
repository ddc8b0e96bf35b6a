/**
 * A tenant from the command line: a tenant file, or an export folder (or
 * JSON files) imported on the fly, so `whatif` and `diff` take either.
 */
import { statSync } from 'node:fs';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import { Tenant } from '../scenario/schema.ts';
import { loadTenantFile } from '../scenario/tenantFile.ts';
import { importTenant } from '../import/build.ts';

export type TenantSource = { ok: true; tenant: Tenant } | { ok: false; errors: Diagnostic[] };

export function loadTenantSource(path: string): TenantSource {
  let folder = false;
  try { folder = statSync(path).isDirectory(); } catch { /* a missing file is reported by the loader */ }
  if (folder || /\.json$/i.test(path)) {
    const r = importTenant([path]);
    return r.tenant ? { ok: true, tenant: Tenant.parse(r.tenant) } : { ok: false, errors: r.errors };
  }
  const t = loadTenantFile(path);
  return t.ok ? { ok: true, tenant: t.tenant } : { ok: false, errors: t.errors };
}
