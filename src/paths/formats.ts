/**
 * Path writers: each format receives scenarios and paths as they are
 * generated and writes them at once, so a run never holds all paths.
 * JSON is written by hand in a fixed layout so it can stream and stays
 * byte-identical across runs.
 */
import { basename } from 'node:path';
import type { Coverage } from './generate.ts';
import type { TestPath } from './path.ts';

export const FORMATS = ['table', 'json', 'jsonl', 'md', 'gherkin', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface ScenarioHeader {
  id: string;
  /** The scenario's own file name for `--out` formats with a file per scenario (see `fileStem`). */
  stem: string;
  name: string;
  file: string;
  flow: string;
  description: string;
  /** One line per fact a tester sets up in the real tenant. */
  setup: string[];
}

export interface Sink {
  /** Where a scenario's output goes; formats with a file per scenario ask for a new one. */
  open(name: string): void;
  write(text: string): void;
}

/** A scenario that gave no paths: a file that does not load, or a scenario regsim could not explore. */
export interface FailedScenario {
  file: string;
  /** `null` for a file that does not load. */
  name: string | null;
  error: string;
  diagnostics?: readonly unknown[];
}

export interface PathWriter {
  /** The file name this format uses with `--out`, per scenario when `perScenario`. */
  readonly fileName: (h: ScenarioHeader) => string;
  readonly perScenario: boolean;
  start(): void;
  scenario(h: ScenarioHeader): void;
  path(h: ScenarioHeader, p: TestPath): void;
  endScenario(h: ScenarioHeader, c: Coverage, note: string | null): void;
  /** Formats for machines list the failure; the others leave it to stderr. */
  failed(f: FailedScenario): void;
  end(extra: Record<string, unknown>): void;
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * `caveat3-private-window-error--client-app-browser`: the scenario file's
 * name, then the matrix variant's values, so each variant keeps its own file
 * (names can share their first hundred characters; files cannot).
 */
export function fileStem(file: string, variant: Readonly<Record<string, unknown>>): string {
  const base = basename(file).replace(/\.ya?ml$/i, '');
  const values = Object.entries(variant).map(([k, v]) => `${k}-${String(v)}`).join('-');
  return values ? `${base}--${slug(values)}` : base;
}
const pct = (r: { covered: number; total: number }): string => `${r.covered}/${r.total}`;

const jsonPath = (p: TestPath) => ({
  id: p.id, description: p.description,
  steps: p.steps.map((s) => ({ event: s.event, state: s.state, ...(s.audit.length ? { audit: s.audit } : {}) })),
  final: p.final, complete: p.complete, rules: p.rules,
});

function jsonWriter(sink: Sink): PathWriter {
  let firstScenario = true;
  let firstPath = true;
  return {
    fileName: () => 'paths.json',
    perScenario: false,
    start: () => { sink.open('paths.json'); sink.write('{\n  "scenarios": ['); },
    scenario(h) {
      sink.write(`${firstScenario ? '' : ','}\n    {\n      "name": ${JSON.stringify(h.id)},\n      "file": ${JSON.stringify(h.file)},\n      "flow": ${JSON.stringify(h.flow)},\n      "paths": [`);
      firstScenario = false;
      firstPath = true;
    },
    path(_h, p) {
      sink.write(`${firstPath ? '' : ','}\n        ${JSON.stringify(jsonPath(p))}`);
      firstPath = false;
    },
    endScenario(_h, c, note) {
      sink.write(`${firstPath ? '' : '\n      '}],\n      "coverage": ${JSON.stringify(c)}${note ? `,\n      "note": ${JSON.stringify(note)}` : ''}\n    }`);
    },
    failed(f) {
      sink.write(`${firstScenario ? '' : ','}\n    ${JSON.stringify({ name: f.name, file: f.file, error: f.error, ...(f.diagnostics ? { diagnostics: f.diagnostics } : {}) })}`);
      firstScenario = false;
    },
    end(extra) {
      sink.write(`${firstScenario ? '' : '\n  '}]`);
      for (const [k, v] of Object.entries(extra)) sink.write(`,\n  ${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}`);
      sink.write('\n}\n');
    },
  };
}

function jsonlWriter(sink: Sink): PathWriter {
  return {
    fileName: () => 'paths.jsonl',
    perScenario: false,
    start: () => sink.open('paths.jsonl'),
    scenario: () => {},
    path: (h, p) => sink.write(`${JSON.stringify({ type: 'path', scenario: h.id, file: h.file, ...jsonPath(p) })}\n`),
    endScenario: (h, c, note) => sink.write(`${JSON.stringify({ type: 'coverage', scenario: h.id, file: h.file, coverage: c, ...(note ? { note } : {}) })}\n`),
    failed: (f) => sink.write(`${JSON.stringify({ type: 'failed', scenario: f.name, file: f.file, error: f.error, ...(f.diagnostics ? { diagnostics: f.diagnostics } : {}) })}\n`),
    end: (extra) => { if (Object.keys(extra).length) sink.write(`${JSON.stringify({ type: 'summary', ...extra })}\n`); },
  };
}

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function csvWriter(sink: Sink): PathWriter {
  return {
    fileName: () => 'paths.csv',
    perScenario: false,
    start: () => { sink.open('paths.csv'); sink.write('scenario,file,path,step,event,expected_state,expected_screen,audit,rules\n'); },
    scenario: () => {},
    path(h, p) {
      p.steps.forEach((s, i) => sink.write(`${[h.id, h.file, p.id, String(i + 1), s.event, s.state, s.screen ?? '', s.audit.join(' / '), s.rules.join(' ')].map(csvCell).join(',')}\n`));
      if (!p.steps.length) sink.write(`${[h.id, h.file, p.id, '0', '', p.final, '', '', p.rules.join(' ')].map(csvCell).join(',')}\n`);
    },
    endScenario: () => {},
    failed: () => {},
    end: () => {},
  };
}

/** A QA checklist: numbered steps a tester follows in a real tenant, with what to expect. */
function mdWriter(sink: Sink): PathWriter {
  return {
    fileName: (h) => `${h.stem}.md`,
    perScenario: true,
    start: () => {},
    scenario(h) {
      sink.open(`${h.stem}.md`);
      sink.write(`# ${h.id}\n\n${h.description ? `${h.description.trim()}\n\n` : ''}Source: \`${h.file}\` · flow \`${h.flow}\`\n\n## Set up the tenant\n\n${h.setup.map((l) => `- ${l}`).join('\n')}\n`);
    },
    path(_h, p) {
      sink.write(`\n## ${p.id}: ${p.complete ? `ends in \`${p.final}\`` : `stops in \`${p.final}\``}\n\nStarts at \`${p.start}\`. Rules: ${p.rules.join(', ') || '—'}\n\n`);
      if (!p.steps.length) sink.write('- [ ] Sign in: the flow ends at once.\n');
      p.steps.forEach((s, i) => {
        sink.write(`${i + 1}. [ ] **${s.event}** → expect \`${s.state}\`${s.screen ? `: ${s.screen}` : ''}\n`);
        for (const a of s.audit) sink.write(`   - audit log: \`${a}\`\n`);
      });
    },
    endScenario(_h, c, note) {
      sink.write(`\n---\nCoverage: states ${pct(c.states)}, transitions ${pct(c.transitions)}, rules ${pct(c.rules)} (of the machine).${note ? ` ${note}` : ''}\n`);
    },
    failed: () => {},
    end: () => {},
  };
}

const gherkinText = (s: string): string => s.replace(/\s+/g, ' ').trim();

function gherkinWriter(sink: Sink): PathWriter {
  return {
    fileName: (h) => `${h.stem}.feature`,
    perScenario: true,
    start: () => {},
    scenario(h) {
      sink.open(`${h.stem}.feature`);
      sink.write(`Feature: ${gherkinText(h.id)}\n${h.description ? `  ${gherkinText(h.description)}\n` : ''}\n  Background:\n${h.setup.map((l, i) => `    ${i === 0 ? 'Given' : 'And'} ${gherkinText(l)}\n`).join('')}`);
    },
    path(_h, p) {
      sink.write(`\n  Scenario: ${p.id} ${p.complete ? 'ends in' : 'stops in'} ${p.final}\n    Given the flow starts at "${p.start}"\n`);
      for (const s of p.steps) {
        sink.write(`    When the user does "${s.event}"\n    Then the screen is "${s.state}"\n`);
        for (const a of s.audit) sink.write(`    And the audit log records "${a}"\n`);
      }
    },
    endScenario: () => {},
    failed: () => {},
    end: () => {},
  };
}

function tableWriter(sink: Sink): PathWriter {
  return {
    fileName: () => 'paths.txt',
    perScenario: false,
    start: () => sink.open('paths.txt'),
    scenario: (h) => sink.write(`\n${h.id}  (${h.file})\n`),
    path: (_h, p) => sink.write(`  ${p.id}  ${String(p.steps.length).padStart(3)} steps  ${p.complete ? '⇒' : '…'} ${p.final.padEnd(28)} ${p.steps.map((s) => s.event).join(' ')}\n`),
    endScenario: (_h, c, note) => sink.write(`  coverage: states ${pct(c.states)} · transitions ${pct(c.transitions)} · rules ${pct(c.rules)} (reachable here: ${c.reachable.states} states, ${c.reachable.transitions} transitions, ${c.reachable.rules} rules)${note ? `\n  ${note}` : ''}\n`),
    failed: (f) => sink.write(`\n${f.name ?? f.file}  (${f.file})\n  not listed: ${f.error}\n`),
    end: () => {},
  };
}

export function writerFor(format: Format, sink: Sink): PathWriter {
  switch (format) {
    case 'json': return jsonWriter(sink);
    case 'jsonl': return jsonlWriter(sink);
    case 'csv': return csvWriter(sink);
    case 'md': return mdWriter(sink);
    case 'gherkin': return gherkinWriter(sink);
    case 'table': return tableWriter(sink);
  }
}
