/**
 * `regsim import <export-dir | json files…> [--out x.tenant.yaml]`: Graph
 * exports → a tenant file, and a report of every setting read but not
 * simulated, skipped, or assumed. Bad input is `file:line:col` and exit 2,
 * and nothing is written.
 */
import { plural } from '../../machines/catalogue/plural.ts';
import { dirname, relative } from 'node:path';
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import { TENANT_SCHEMA_PATH } from '../scenario/writeSchema.ts';
import { importTenant, type ImportResult } from '../import/build.ts';
import type { ReportItem } from '../import/context.ts';
import { renderYaml } from '../import/render.ts';
import { UsageError, bold, dim, writeOut } from './output.ts';

export interface ImportOptions {
  out: string | undefined;
  name: string | undefined;
  json: boolean;
}

const HEADINGS: Record<ReportItem['kind'], string> = {
  notSimulated: 'read, not simulated',
  skipped: 'reported and skipped',
  assumed: 'assumed',
};

const byPlace = (a: ReportItem, b: ReportItem): number =>
  (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col;

export function header(paths: readonly string[], out: string | undefined, r: ImportResult): string[] {
  const schema = relative(out ? dirname(out) : '.', TENANT_SCHEMA_PATH).replace(/\\/g, '/');
  const sspr = r.report.some((x) => x.setting === 'sspr' && x.kind === 'assumed')
    ? 'SSPR: not in the export (SSPR has no public Graph API): written as off; edit sspr by hand, or add the portal\'s password reset policy JSON and import again.'
    : "SSPR: from the admin portal's password reset policy JSON (SSPR has no public Graph API).";
  return [
    `yaml-language-server: $schema=${schema}`,
    `regsim tenant file, written by \`regsim import ${paths.join(' ')}\`.`,
    'Each setting names the Graph property it came from; notSimulated lists what regsim reads but does not simulate.',
    sspr,
    'Scenarios use it with `tenant: <this file>`; `regsim whatif <this file>` shows what every kind of user gets.',
  ];
}

export function printReport(r: ImportResult, write: (s: string) => void, kinds: ReadonlyArray<ReportItem['kind']> = ['notSimulated', 'skipped', 'assumed']): void {
  for (const kind of kinds) {
    const items = r.report.filter((x) => x.kind === kind).sort(byPlace);
    if (!items.length) continue;
    write(`\n${bold(`${HEADINGS[kind]} (${items.length})`)}\n`);
    for (const x of items) write(`  ${dim(`${x.file}:${x.line}:${x.col}`)}  ${x.setting} — ${x.why}\n`);
  }
  if (r.sources.unread.length && kinds.includes('notSimulated')) {
    const files = new Set(r.sources.unread.map((u) => u.file));
    write(`\n${dim(`${plural(r.sources.unread.length, 'object')} in ${plural(files.size, 'file')} hold${r.sources.unread.length === 1 ? 's' : ''} nothing regsim reads (e.g. ${[...files][0]})`)}\n`);
  }
}

export function importCommand(paths: string[], opts: ImportOptions): number {
  if (paths.length === 0) throw new UsageError('import needs an export folder or JSON files, e.g. `regsim import ./EntraExport --out contoso.tenant.yaml`');
  const r = importTenant(paths, { name: opts.name });
  if (!r.tenant) {
    for (const d of r.errors) process.stderr.write(`${formatDiagnostic(d)}\n`);
    process.stderr.write(`\n${plural(r.errors.length, 'error')}: nothing written\n`);
    return 2;
  }
  const yaml = renderYaml(r.tenant, r.comments, header(paths, opts.out, r));
  if (opts.out) writeOut(opts.out, yaml);
  if (opts.json) {
    const report = [...r.report].sort(byPlace);
    process.stdout.write(`${JSON.stringify({ out: opts.out ?? null, files: r.sources.files, objects: r.sources.objects, report, unread: r.sources.unread, ...(opts.out ? {} : { tenantFile: yaml }) }, null, 2)}\n`);
    return 0;
  }
  // Without --out the tenant file is the output; the report goes beside it, on stderr.
  const write = opts.out ? (s: string) => process.stdout.write(s) : (s: string) => process.stderr.write(s);
  if (!opts.out) process.stdout.write(yaml);
  const t = r.tenant as { authenticationMethods: { enabled: unknown[] }; conditionalAccess: unknown[]; crossTenant: { partners?: unknown[] } };
  write(`read ${plural(r.sources.files, 'file')}, ${plural(r.sources.objects, 'object')}; ${opts.out ? `wrote ${opts.out}` : 'tenant file on stdout'}: `
    + `${plural(t.authenticationMethods.enabled.length, 'method')} enabled, ${plural(t.conditionalAccess.length, 'Conditional Access policy', 'Conditional Access policies')}, `
    + `${plural(t.crossTenant.partners?.length ?? 0, 'cross-tenant partner')}\n`);
  printReport(r, write);
  return 0;
}
