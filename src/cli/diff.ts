/**
 * `regsim diff <before> <after>`: only what changes for whom between two
 * tenants (tenant files or export folders). `--fail-on-change` makes it a CI
 * check: exit 1 when anything changes.
 */
import { plural } from '../../machines/catalogue/plural.ts';
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import { GATE_WORDS, methodWords, outcomeWords, reasonWords, triggerWords, WIZARD_WORDS } from '../../machines/catalogue/decisions.ts';
import { clientsWord } from '../import/format.ts';
import { holdingLabel } from '../import/words.ts';
import { diffTenants, type Change, type ComparedField, type TenantDiff } from '../import/diff.ts';
import type { Gate, Wizard } from '../domain/policy.ts';
import { TooManyCombinations } from '../import/populations.ts';
import { TERMINAL_WIDTH, bold, dim, table, UsageError, wrapWords } from './output.ts';
import { writeOut } from './stream.ts';
import { loadTenantSource } from './tenantSource.ts';
import { parseWhatIfOptions, type WhatIfCliOptions } from './whatif.ts';

const show = (v: unknown): string => (Array.isArray(v) ? (v.length ? v.join(', ') : '—') : v === null || v === undefined ? '—' : String(v));

/** A compared field's value in the catalogue's words (JSON keeps the ids). */
function shown(field: ComparedField, v: unknown): string {
  switch (field) {
    case 'wizard': return WIZARD_WORDS[v as Wizard];
    case 'gate': return GATE_WORDS[v as Gate];
    case 'offered': case 'choices': return show((v as string[]).map(methodWords));
    case 'outcomes': return show((v as string[]).map(outcomeWords));
    case 'interrupted': case 'skippable': return v ? 'yes' : 'no';
    default: return show(v);
  }
}

/** Changes that differ only by client, merged: "browser, private window". */
function grouped(changes: readonly Change[]): Change[] {
  const out: Change[] = [];
  for (const c of changes) {
    const last = out.at(-1);
    const same = last && JSON.stringify({ ...last, client: '' }) === JSON.stringify({ ...c, client: '' });
    if (same) last.client += `, ${c.client}`;
    else out.push({ ...c });
  }
  return out;
}

/** A diff as `regsim diff` prints it: JSON keeps the ids; the table and Markdown speak the catalogue's words. */
export function formatDiff(d: TenantDiff, format: 'table' | 'md' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(d, null, 2)}\n` : text(d, format === 'md');
}

function text(d: TenantDiff, md: boolean): string {
  const lines: string[] = [];
  const changes = grouped(d.changes);
  if (md) lines.push(`# What changes: ${d.before} → ${d.after}`, '');
  for (const c of changes) {
    const who = `${c.population} · ${c.place} · ${holdingLabel(c.holds, c.guest ? 'guest' : 'member')} · ${clientsWord(c.client)}`;
    lines.push(md ? `## ${who}` : wrapWords(who, TERMINAL_WIDTH, '  ').map(bold).join('\n'));
    const rows = c.fields.map((f) => [f.field, shown(f.field, f.before), '→', shown(f.field, f.after)]);
    if (md) {
      lines.push('', '| field | before | | after |', '| --- | --- | --- | --- |', ...rows.map((r) => `| ${r.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`), '');
    } else {
      const side = table(rows.map((r) => ['  ' + r[0]!, ...r.slice(1)]));
      // Too wide side by side (a strength's URL, long method lists): each value on a line of its own, the after under the before.
      const width = Math.max(...rows.map((r) => r[0]!.length));
      lines.push(side.split('\n').every((l) => [...l].length <= TERMINAL_WIDTH) ? side
        : rows.map((r) => `  ${r[0]!.padEnd(width)}  ${r[1]}\n  ${' '.repeat(width)}  → ${r[3]}`).join('\n'));
    }
    const why = `why: before ${triggerWords(c.trigger.before, c.askedBy.before)} (${c.rules.before.join(' ') || '—'}); after ${triggerWords(c.trigger.after, c.askedBy.after)} (${c.rules.after.join(' ') || '—'})`;
    const notes = [
      ...[...c.reasons.before.map(reasonWords), ...c.notes.before].map((n) => `before: ${n}`),
      ...[...c.reasons.after.map(reasonWords), ...c.notes.after].map((n) => `after: ${n}`),
    ];
    if (md) lines.push(why, ...notes.map((n) => `- ${n}`), '');
    // Within the terminal's width, each line broken at spaces under its own start.
    else lines.push(...[why, ...notes].map((n) => dim(wrapWords(n, TERMINAL_WIDTH - 2, '  ').map((l) => `  ${l}`).join('\n'))));
    lines.push('');
  }
  const cap = d.populations.truncated ? ` (of ${d.populations.total} kinds of user, the first ${d.populations.shown} compared: raise --max-populations)` : '';
  lines.push(`${d.changes.length ? `${d.changes.length} of ${plural(d.rows, 'row')} change${d.changes.length === 1 ? 's' : ''}` : `no change in ${plural(d.rows, 'row')}`}${cap}`);
  return `${lines.join('\n')}\n`;
}

export async function diffCommand(paths: string[], opts: WhatIfCliOptions & { failOnChange: boolean }): Promise<number> {
  if (paths.length !== 2) throw new UsageError('diff takes two tenants (files or export folders), e.g. `regsim diff before.tenant.yaml after.tenant.yaml`');
  if (opts.format === 'csv') throw new UsageError('--format must be table, md or json for diff (got "csv")');
  const parsed = parseWhatIfOptions(opts);
  if (typeof parsed === 'number') return parsed;
  const [a, b] = paths.map((p) => loadTenantSource(p));
  for (const s of [a!, b!]) if (!s.ok) { for (const e of s.errors) process.stderr.write(`${formatDiagnostic(e)}\n`); }
  if (!a!.ok || !b!.ok) return 2;
  try {
    const d = diffTenants(a!.tenant, b!.tenant, { profile: parsed.profile, maxPopulations: parsed.max, home: parsed.home });
    await writeOut(formatDiff(d, parsed.format as 'table' | 'md' | 'json'));
    return opts.failOnChange && d.changes.length ? 1 : 0;
  } catch (e) {
    if (e instanceof TooManyCombinations) { process.stderr.write(`regsim: ${e.message}\n`); return 2; }
    throw e;
  }
}
