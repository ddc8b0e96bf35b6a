/**
 * A tenant from the command line: a tenant file, or an export folder (or
 * JSON files) imported on the fly, so `whatif` and `diff` take either. An
 * export is taken exactly as `regsim import` would write it, then read as that
 * tenant file is: the same checks, and what the import skipped or assumed
 * said on stderr, so a folder never gives what its tenant file would refuse.
 */
import { statSync } from 'node:fs';
import type { Diagnostic } from '../scenario/diagnostics.ts';
import type { Tenant } from '../scenario/schema.ts';
import { loadTenantFile, parseTenantText } from '../scenario/tenantFile.ts';
import { importTenant } from '../import/build.ts';
import { renderYaml } from '../import/render.ts';
import { header, printReport } from './import.ts';

export type TenantSource = { ok: true; tenant: Tenant } | { ok: false; errors: Diagnostic[] };

export function loadTenantSource(path: string): TenantSource {
  let folder = false;
  try { folder = statSync(path).isDirectory(); } catch { /* a missing file is reported by the loader */ }
  if (folder || /\.json$/i.test(path)) {
    const r = importTenant([path]);
    if (!r.tenant) return { ok: false, errors: r.errors };
    printReport(r, (s) => process.stderr.write(s), ['skipped', 'assumed']);
    // Its lines are those `regsim import <path>` prints, which is where a tester finds them.
    const t = parseTenantText(renderYaml(r.tenant, r.comments, header([path], undefined, r)), `${path} (the tenant file \`regsim import ${path}\` writes)`);
    return t.ok ? { ok: true, tenant: t.tenant } : { ok: false, errors: t.errors };
  }
  const t = loadTenantFile(path);
  return t.ok ? { ok: true, tenant: t.tenant } : { ok: false, errors: t.errors };
}
