/**
 * `whatif` rows as a table (terminal), Markdown, CSV or JSON — the same rows
 * in the same order in each, so the output is byte-identical run to run.
 */
import { table } from '../cli/output.ts';
import { holdingLabel, decisionWords } from './words.ts';
import type { Row, WhatIf } from './whatif.ts';

export const WHATIF_FORMATS = ['table', 'md', 'json', 'csv'] as const;
export type WhatIfFormat = (typeof WHATIF_FORMATS)[number];

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '—');
const methodsCell = (r: Row) => (r.offered.length || r.choices.length ? `${list(r.offered)}${r.choices.length > r.offered.length ? ` (of ${list(r.choices)})` : ''}` : '—');
const notes = (r: Row) => [...r.caveats, ...r.reportOnly];

const COLUMNS = ['population', 'where', 'holds', 'client', 'decision', 'methods', 'req', 'skip', 'outcomes', 'rules', 'notes'] as const;

function cells(r: Row): string[] {
  return [
    r.population, r.place, holdingLabel(r.holds, r.flow === 'b2bMfaTrust' ? 'guest' : 'member').replace(/^holds /, ''), r.client, decisionWords(r),
    methodsCell(r), String(r.required), r.skippable ? 'yes' : 'no', list(r.outcomes), r.rules.join(' '), notes(r).join('; '),
  ];
}

/**
 * For people reading a table, clients that give a kind of user the same
 * result share a row ("browser, private window"); CSV and JSON keep one row per client.
 */
function merged(rows: readonly Row[]): string[][] {
  const out: string[][] = [];
  let last: string | undefined;
  for (const r of rows) {
    const c = cells(r);
    const key = JSON.stringify([c[0], c[1], c[2], ...c.slice(4)]);
    if (key === last) out[out.length - 1]![3] += `, ${c[3]}`;
    else out.push(c);
    last = key;
  }
  return out;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const mdCell = (s: string) => s.replace(/\|/g, '\\|');

function summary(w: WhatIf): string {
  const cap = w.populations.truncated ? ` (of ${w.populations.total}: raise --max-populations to see all)` : '';
  return `${w.tenant}: ${w.populations.shown} kind(s) of user${cap} × holding nothing or an MFA method × clients = ${w.rows.length} row(s); profile ${w.profile}`;
}

export function formatWhatIf(w: WhatIf, format: WhatIfFormat): string {
  switch (format) {
    case 'json': return `${JSON.stringify(w, null, 2)}\n`;
    case 'csv': return `${[COLUMNS.join(','), ...w.rows.map((r) => cells(r).map(csvCell).join(','))].join('\n')}\n`;
    case 'md': {
      const head = `| ${COLUMNS.join(' | ')} |\n| ${COLUMNS.map(() => '---').join(' | ')} |`;
      const body = merged(w.rows).map((c) => `| ${c.map(mdCell).join(' | ')} |`).join('\n');
      const ns = w.notSimulated.length ? `\n\nRead, not simulated: ${w.notSimulated.map((n) => `\`${n.setting}\``).join(', ')}.\n` : '\n';
      return `# What if: ${w.tenant}\n\n${summary(w)}.\n\n${head}\n${body}${ns}`;
    }
    case 'table': {
      const t = table([[...COLUMNS], ...merged(w.rows)]);
      const ns = w.notSimulated.length ? `\nread, not simulated: ${w.notSimulated.length} setting(s) (listed in the tenant file's notSimulated)\n` : '';
      return `${t}\n\n${summary(w)}\n${ns}`;
    }
  }
}
