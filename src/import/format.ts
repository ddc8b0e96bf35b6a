/**
 * `whatif` rows as a table (terminal), Markdown, CSV or JSON — the same rows
 * in the same order in each, so the output is byte-identical run to run.
 */
import { plural } from '../../machines/catalogue/plural.ts';
import { TERMINAL_WIDTH, bold, dim, table, wrapWords } from '../cli/output.ts';
import { CLIENT_CATALOGUE } from '../domain/clients.ts';
import { byStrippingUrlWords, methodWords, outcomeWords } from '../../machines/catalogue/decisions.ts';
import { holdingLabel, decisionWords } from './words.ts';
import { TAP, type Row, type WhatIf } from './whatif.ts';

export const WHATIF_FORMATS = ['table', 'md', 'json', 'csv'] as const;
export type WhatIfFormat = (typeof WHATIF_FORMATS)[number];

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '—');
const methods = (ms: readonly string[]) => list(ms.map(methodWords));
const methodsCell = (r: Row) => (r.offered.length || r.choices.length ? `${methods(r.offered)}${r.choices.length > r.offered.length ? ` (of ${methods(r.choices)})` : ''}` : '—');
const notes = (r: Row) => [...r.caveats, ...r.reportOnly];

const COLUMNS = ['population', 'where', 'holds', 'client', 'decision', 'methods', 'req', 'skip', 'outcomes', 'rules', 'notes'] as const;

function cells(r: Row): string[] {
  return [
    r.population, r.place, holdingLabel(r.holds, r.flow === 'b2bMfaTrust' ? 'guest' : 'member').replace(/^holds /, ''), r.client, decisionWords(r),
    methodsCell(r), String(r.required), r.skippable ? 'yes' : 'no', list(r.outcomes.map((o) => (r.byStrippingUrlOnly.includes(o) ? byStrippingUrlWords(o) : outcomeWords(o)))), r.rules.join(' '), notes(r).join('; '),
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
  for (const c of out) c[3] = clientsWord(c[3]!);
  return out;
}

const MODERN = CLIENT_CATALOGUE.filter((e) => e.client.app === 'browser' || e.client.app === 'windowsApp').map((e) => e.label).join(', ');
const LEGACY = CLIENT_CATALOGUE.filter((e) => e.client.app !== 'browser' && e.client.app !== 'windowsApp').map((e) => e.label).join(', ');
const ALL = CLIENT_CATALOGUE.map((e) => e.label).join(', ');

/** A merged client list in a word where it is a whole group of the catalogue. */
export const clientsWord = (list: string): string =>
  (list === ALL ? 'every client' : list === MODERN ? 'browsers and Windows App' : list === LEGACY ? 'legacy (IE11, ADAL web view)' : list);

/** The long cells, each on a line of its own under its row: side by side they made rows of some 300 columns. */
const UNDER = (['decision', 'methods', 'outcomes'] as const).map((k) => [COLUMNS.indexOf(k), k] as const);

/**
 * A terminal is narrow: one heading per kind of user, then its rows without
 * the population and rules columns, each row's decision, methods and
 * outcomes under it, and its notes on a line of their own.
 */
/** A long line, wrapped under its own start: `first` is what precedes the text on the first line, `indent` every later one. */
const wrapped = (first: string, text: string, indent: string, paint: (s: string) => string = (x) => x, width = TERMINAL_WIDTH): string =>
  wrapWords(`${first}${text}`, width, indent).map(paint).join('\n');
/** A row's lines sit two spaces in, under its kind of user's heading. */
const BODY = TERMINAL_WIDTH - 2;

function terminalTable(rows: readonly string[][]): string {
  const shown = [2, 1, 3, 6, 7];
  const head = ['holds', 'where', 'clients', 'req', 'skip'].map((h) => dim(h));
  const label = Math.max(...UNDER.map(([, l]) => l.length));
  const blocks: string[] = [];
  for (let i = 0; i < rows.length;) {
    const population = rows[i]![0]!;
    const group: string[][] = [];
    for (; i < rows.length && rows[i]![0] === population; i++) group.push(rows[i]!);
    const lines = table([head, ...group.map((c) => shown.map((k) => c[k]!))]).split('\n');
    const body = [lines[0]!];
    group.forEach((c, k) => {
      body.push(lines[k + 1]!);
      // Two spaces before each body line: the widths below count them.
      for (const [at, l] of UNDER) {
        const [head, ...rest] = wrapWords(`${l.padEnd(label)}  ${c[at]}`, BODY - 4, ' '.repeat(label + 2));
        body.push([`    ${dim(head!.slice(0, label))}${head!.slice(label)}`, ...rest.map((r) => `    ${r}`)].join('\n  '));
      }
      if (c[10]) body.push(wrapped('    ↳ ', c[10], '      ', dim, BODY).split('\n').join('\n  '));
    });
    blocks.push(`${wrapped('', population, '  ', bold)}\n${body.map((l) => `  ${l}`).join('\n')}\n`);
  }
  return blocks.join('\n');
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const mdCell = (s: string) => s.replace(/\|/g, '\\|');

function summary(w: WhatIf): string {
  const cap = w.populations.truncated ? ` (of ${w.populations.total}: raise --max-populations to see all)` : '';
  const holding = w.rows.some((r) => r.holds === TAP) ? 'nothing, an MFA method or (where enabled) a Temporary Access Pass' : 'nothing or an MFA method';
  return `${w.tenant}: ${plural(w.populations.shown, 'kind')} of user${cap} × holding ${holding} × clients = ${plural(w.rows.length, 'row')}; profile ${w.profile}`;
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
      const ns = w.notSimulated.length ? `\nread, not simulated: ${plural(w.notSimulated.length, 'setting')} (regsim import lists them; a tenant file keeps them under notSimulated)\n` : '';
      return `${terminalTable(merged(w.rows))}\n${wrapped('', `${summary(w)}; the rules behind each row: --format md, csv or json`, '')}\n${ns}`;
    }
  }
}
