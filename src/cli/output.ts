/** Terminal output: colour only on a TTY (and never with NO_COLOR), stable widths. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stdout } from 'node:process';

const useColor = (): boolean => Boolean(stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const paint = (code: number) => (s: string): string => (useColor() ? `\x1b[${code}m${s}\x1b[0m` : s);

export const green = paint(32);
export const red = paint(31);
export const yellow = paint(33);
export const dim = paint(2);
export const bold = paint(1);

export const PASS = '✓';
export const FAIL = '✗';

/** Columns padded to the widest cell; the last column is not padded. */
export function table(rows: readonly (readonly string[])[], gap = '  '): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, visibleLength(c)); });
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - visibleLength(c)))).join(gap).trimEnd()).join('\n');
}

// eslint-disable-next-line no-control-regex
const visibleLength = (s: string): number => s.replace(/\x1b\[[0-9;]*m/g, '').length;

/** How a column may give way when a table is too wide: down to `min`, cut at the end, or in the middle (`keepEnd` keeps a `[variant]` tail). */
export interface Shrink { min: number; keepEnd?: boolean }

function cut(colored: string, width: number, keepEnd: boolean): string {
  if (visibleLength(colored) <= width) return colored;
  // A cut cell loses its colour: slicing through an escape code would garble it.
  // eslint-disable-next-line no-control-regex
  const s = colored.replace(/\x1b\[[0-9;]*m/g, '');
  if (!keepEnd) return `${s.slice(0, width - 1)}…`;
  const tail = /( \[.*\])$/.exec(s)?.[1] ?? '';
  const keep = Math.min(tail.length, Math.floor(width / 2));
  return `${s.slice(0, width - 1 - keep)}…${s.slice(s.length - keep)}`;
}

/**
 * The table, shortened to fit `width` columns: the shrinkable columns give
 * way, the widest first, each down to its floor; cut cells show "…".
 */
export function fitTable(rows: readonly (readonly string[])[], width: number, shrink: Readonly<Record<number, Shrink>>, gap = '  '): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, visibleLength(c)); });
  let total = widths.reduce((a, w) => a + w, 0) + gap.length * (widths.length - 1);
  while (total > width) {
    const i = Object.keys(shrink).map(Number).filter((k) => widths[k]! > shrink[k]!.min).sort((a, b) => widths[b]! - widths[a]! || a - b)[0];
    if (i === undefined) break;
    widths[i]!--;
    total--;
  }
  return table(rows.map((r) => r.map((c, i) => (shrink[i] ? cut(c, widths[i]!, shrink[i]!.keepEnd ?? false) : c))), gap);
}

/** The width tables and wrapped lines keep to on a terminal: `run`, `check` and `whatif`. */
export const TERMINAL_WIDTH = 120;

/**
 * `text` as lines of at most `width` characters, broken at spaces only (a
 * word longer than the width keeps a line of its own); each line after the
 * first starts with `indent`, which counts toward the width.
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  // A lone dash ("Guests - phishing-resistant") stays with the word before it: a line that starts with one reads as a bullet.
  const words = text.split(' ').reduce<string[]>((ws, w) => { if (/^[-–—]$/.test(w) && ws.length) ws[ws.length - 1] += ` ${w}`; else ws.push(w); return ws; }, []);
  for (const word of words) {
    const next = line === '' ? `${lines.length ? indent : ''}${word}` : `${line} ${word}`;
    if (next.length > width && line.trim() !== '') {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

export const show = (v: unknown): string => (Array.isArray(v) ? (v.length ? v.join(', ') : '—') : v === null || v === undefined ? '—' : String(v));

export class UsageError extends Error {}

/** The file's name plus the matrix variant: short enough for a table row. */
export function scenarioLabel(file: string, id: string): string {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  const variant = / \[(.*)\]$/.exec(id)?.[1];
  return variant ? `${base} [${variant}]` : base;
}

/** `--out FILE`: written whole, into a folder made if it does not exist yet (as diagram and paths do with theirs). */
export function writeOut(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
