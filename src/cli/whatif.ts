/**
 * `regsim whatif <tenant.yaml | export folder>`: what every kind of user gets
 * from this tenant's policies, in every client. Exit 0, or 2 on bad input.
 */
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import { PROFILES, type Profile, type Tenant } from '../scenario/schema.ts';
import { WHATIF_FORMATS, formatWhatIf, type WhatIfFormat } from '../import/format.ts';
import { TooManyCombinations } from '../import/populations.ts';
import { whatif } from '../import/whatif.ts';
import { loadTenantSource } from './tenantSource.ts';
import { UsageError } from './output.ts';
import { writeOut } from './stream.ts';

export interface WhatIfCliOptions {
  format: string | undefined;
  profile: string | undefined;
  maxPopulations: number | undefined;
  home: string | undefined;
}

export const DEFAULT_MAX_POPULATIONS = 64;

export function parseWhatIfOptions(opts: WhatIfCliOptions): { format: WhatIfFormat; profile: Profile; max: number; home: Tenant | undefined } | number {
  const format = (opts.format ?? (process.stdout.isTTY ? 'table' : 'json')) as WhatIfFormat;
  if (!WHATIF_FORMATS.includes(format)) throw new UsageError(`--format must be ${WHATIF_FORMATS.join(', ')} (got "${opts.format}")`);
  const profile = (opts.profile ?? 'observed') as Profile;
  if (!PROFILES.includes(profile)) throw new UsageError(`--profile must be observed or documented for whatif (got "${opts.profile}")`);
  let home: Tenant | undefined;
  if (opts.home) {
    const h = loadTenantSource(opts.home);
    if (!h.ok) { for (const d of h.errors) process.stderr.write(`${formatDiagnostic(d)}\n`); return 2; }
    home = h.tenant;
  }
  return { format, profile, max: opts.maxPopulations ?? DEFAULT_MAX_POPULATIONS, home };
}

export async function whatifCommand(paths: string[], opts: WhatIfCliOptions): Promise<number> {
  if (paths.length !== 1) throw new UsageError('whatif takes one tenant file or export folder, e.g. `regsim whatif contoso.tenant.yaml`');
  const parsed = parseWhatIfOptions(opts);
  if (typeof parsed === 'number') return parsed;
  const source = loadTenantSource(paths[0]!);
  if (!source.ok) { for (const d of source.errors) process.stderr.write(`${formatDiagnostic(d)}\n`); return 2; }
  try {
    const w = whatif(source.tenant, { profile: parsed.profile, maxPopulations: parsed.max, home: parsed.home });
    if (w.populations.truncated) process.stderr.write(`regsim: the policies tell apart ${w.populations.total} kinds of user; showing the first ${parsed.max} (--max-populations N shows more)\n`);
    await writeOut(formatWhatIf(w, parsed.format));
    return 0;
  } catch (e) {
    if (e instanceof TooManyCombinations) { process.stderr.write(`regsim: ${e.message}\n`); return 2; }
    throw e;
  }
}
