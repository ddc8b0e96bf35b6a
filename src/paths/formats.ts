/**
 * Path writers: each format receives scenarios and paths as they are
 * generated and writes them at once, so a run never holds all paths.
 * JSON is written by hand in a fixed layout so it can stream and stays
 * byte-identical across runs.
 */
import { basename } from 'node:path';
import { FLOW_WORDS, GHERKIN_STEPS, PROVOKE_LABEL, SAME_AS_WALK, SETUP_WORDS, THEN_BY_ITSELF, happensByItself, stepNumbers, WAIT_TO_APPLY, plain, provokeText, variantId, variantTitle } from '../../machines/catalogue/index.ts';
import type { ExpandedScenario } from '../scenario/matrix.ts';
import type { Flow } from '../scenario/schema.ts';
import { checklist, type Checklist } from './checklist.ts';
import { WALK_ID, type Coverage } from './generate.ts';
import type { TestPath } from './path.ts';
import { vitestWriter } from './vitest.ts';
import { pathEnd, pathName, pathWords, rulesLine, type AuditExpectation, type ExpectedScreen, type StepWords } from './words.ts';
import { isRefusedStep } from '../simulate/runner.ts';

export const FORMATS = ['table', 'json', 'jsonl', 'md', 'gherkin', 'csv', 'vitest'] as const;
export type Format = (typeof FORMATS)[number];

export interface ScenarioHeader {
  id: string;
  /** The scenario's own file name for `--out` formats with a file per scenario (see `fileStem`). */
  stem: string;
  name: string;
  file: string;
  flow: Flow;
  description: string;
  /** What a tester sets up in the real tenant, and how they sign in. */
  checklist: Checklist;
  /** The scenario variant itself (the vitest export embeds it). */
  scenario: ExpandedScenario;
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
  /** `extra`: fields a machine-readable format adds to the scenario (a shard's covered ids, for `regsim merge`). */
  endScenario(h: ScenarioHeader, c: Coverage, note: string | null, extra?: Record<string, unknown>): void;
  /** Formats for machines list the failure; the others leave it to stderr. */
  failed(f: FailedScenario): void;
  end(extra: Record<string, unknown>): void;
}

/** What a writer is told about a scenario variant. */
export function scenarioHeader(file: string, scenario: ExpandedScenario): ScenarioHeader {
  return {
    id: scenario.id, stem: fileStem(file, scenario.variant), name: scenario.name, file, flow: scenario.flow,
    description: scenario.description, checklist: checklist(scenario), scenario,
  };
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

/** A path for scripts: each step with the checklist's number (`step`; signing in is 1), and `byItself` where it follows the one before unasked. */
const jsonPath = (p: TestPath) => {
  const numbers = stepNumbers(p.steps.map((x) => x.send.type));
  return {
    id: p.id, description: p.description,
    steps: p.steps.map((s, i) => ({
      step: numbers[i], ...(happensByItself(s.send.type) ? { byItself: true } : {}),
      event: s.event, state: s.state, ...(s.audit.length ? { audit: s.audit } : {}),
    })),
    final: p.final, complete: p.complete, rules: p.rules,
  };
};

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
    endScenario(_h, c, note, extra = {}) {
      const more = Object.entries(extra).map(([k, v]) => `,\n      ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join('');
      sink.write(`${firstPath ? '' : '\n      '}],\n      "coverage": ${JSON.stringify(c)}${note ? `,\n      "note": ${JSON.stringify(note)}` : ''}${more}\n    }`);
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
const csvRow = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\n`;

/** What the tester does at a step, in Markdown: environment outcomes marked, with how to provoke them. */
function action(w: StepWords): string {
  switch (w.kind) {
    case 'environment': return `*Environment:* ${w.does}${w.provoke ? ` *${PROVOKE_LABEL[w.provoke.can]}:* ${w.provoke.how}` : ''}`;
    case 'time': return `*Wait:* ${w.does}`;
    case 'admin': return `*Admin:* ${w.does}`;
    default: return w.does;
  }
}

/** What the screen must show, in Markdown: the seeds' title and text quoted, regsim's description otherwise. */
function expectation(e: ExpectedScreen): string {
  const shows = e.title ? `the page "${e.title}": ${e.shows.charAt(0).toLowerCase()}${e.shows.slice(1)}` : e.shows;
  const details = e.details.map((d) => ` ${d}.`).join('');
  const text = e.text ? ` The page shows, word for word: "${e.text}"` : '';
  return `${shows}${details}${text}`;
}

const auditCells = (a: AuditExpectation): string => `Activity \`${a.activity}\` · Status \`${a.status}\` · Reason \`${a.reason}\``;

function csvWriter(sink: Sink): PathWriter {
  return {
    fileName: () => 'paths.csv',
    perScenario: false,
    start: () => {
      sink.open('paths.csv');
      sink.write(csvRow(['scenario', 'file', 'path', 'step', 'by_itself', 'kind', 'do', 'how_to_provoke', 'expect', 'expect_title', 'expect_text', 'screen', 'state', 'audit', 'first_covers']));
    },
    scenario(h) {
      // The set-up, once per scenario, as the rows of a path named "setup".
      const c = h.checklist;
      const items: Array<[string, string]> = [
        ...c.before.map((t): [string, string] => ['admin', `Before: ${t}`]),
        ...c.tenant.map((t): [string, string] => ['admin', t]), ...c.home.map((t): [string, string] => ['admin', `Home tenant: ${t}`]),
        // The reset makes a new user (or issues a new pass): an admin's, as the set-up it repeats.
        ['time', c.wait], ...c.user.map((i): [string, string] => [i.by, i.text]), ['user', c.signIn], ['admin', c.reset],
      ];
      items.forEach(([kind, t], i) => sink.write(csvRow([h.id, h.file, 'setup', String(i + 1), '', kind, plain(t), '', '', '', '', '', '', '', ''])));
    },
    path(h, p) {
      pathWords(h.scenario, p).forEach((w, i) => {
        const e = w.expect;
        sink.write(csvRow([
          // `by_itself`: a row that follows the step before by itself, under its number (no box of its own in the checklist).
          h.id, h.file, p.id, String(w.n), w.continues ? 'yes' : '', w.kind, plain(w.does), w.provoke ? provokeText(w.provoke) : '',
          [e.shows, ...e.details.map((d) => `${d}.`)].join(' '), e.title ?? '', e.text ?? '', e.name, e.state,
          w.audit.map((a) => a.text).join(' / '), i === 0 ? p.newRules.join(' ') : '',
        ]));
      });
    },
    endScenario: () => {},
    failed: () => {},
    end: () => {},
  };
}

/** The set-up of a checklist, in Markdown. */
function setupSection(h: ScenarioHeader): string {
  const c = h.checklist;
  const list = (items: readonly string[]) => items.map((t) => `- [ ] ${t}\n`).join('');
  return [
    `## ${SETUP_WORDS.tenant(c.guest)}\n\n${SETUP_WORDS.where(c.guest)}\n\n`,
    c.before.length
      ? `${WAIT_TO_APPLY.before}\n\n${list(c.before)}\nThen change it to these settings:\n\n`
      : '',
    list(c.tenant),
    c.home.length ? `\n${SETUP_WORDS.home}\n\n${list(c.home)}` : '',
    `- [ ] ${c.wait}\n`,
    `\n## ${SETUP_WORDS.user(c.guest)}\n\n${list(c.user.map((i) => i.text))}\n${c.signIn}\n\n${c.reset}\n`,
  ].join('');
}

/** A QA checklist: each path a numbered list a tester follows in a real tenant, with what each screen must show. */
function mdWriter(sink: Sink): PathWriter {
  /** The steps of the scenario's walk, W001, which a criterion's path may repeat to the letter. */
  let walk: string | null = null;
  return {
    fileName: (h) => `${h.stem}.md`,
    perScenario: true,
    start: () => {},
    scenario(h) {
      walk = null;
      sink.open(`${h.stem}.md`);
      const id = variantId(h.scenario);
      const variant = id ? `, variant \`${id}\`` : '';
      sink.write(`# ${variantTitle(h.scenario)}\n\n${h.description ? `${h.description.trim()}\n\n` : ''}`
        + `A manual test checklist generated by regsim from \`${h.file}\`${variant} (${FLOW_WORDS[h.flow]}: regsim's \`${h.flow}\` flow). Each path below is one test: `
        + 'set up as described, follow the steps in order, and tick each step whose screen matches; where a step goes on by itself to a second screen, '
        + 'the first may only flash by, and the step passes on the last. '
        + 'Text in quotation marks is Microsoft\'s own, as the sources regsim models quote it; other descriptions of a screen are regsim\'s '
        + '(the sources give that screen no title). Audit rows are in the Microsoft Entra audit logs, Authentication Methods service. '
        + 'The ids in small print trace each step to regsim.\n\n');
      sink.write(setupSection(h));
    },
    path(h, p) {
      const steps = p.edges.join(',');
      if (p.id === WALK_ID) walk = steps;
      else if (steps === walk) {
        // A tester runs a test once: the path keeps its id (the other formats list it), and points to the walk.
        sink.write(`\n## ${pathName(p)} — ${pathEnd(p)}\n\n${SAME_AS_WALK}\n`);
        return;
      }
      const words = pathWords(h.scenario, p);
      sink.write(`\n## ${pathName(p)} — ${pathEnd(p)}\n\n${rulesLine(p)}\n\n`);
      // A walk that ends where the scenario goes on: its next step is not possible (regsim run and validate say why).
      const walked = h.scenario.steps.flatMap((s, i) => (isRefusedStep(s) ? [] : [i]));
      if (p.id === WALK_ID && p.steps.length < walked.length) {
        sink.write(`> The scenario's walk goes on, but its \`steps[${walked[p.steps.length]}]\` is not possible here: this path stops before it. \`regsim run\` says why.\n\n`);
      }
      const cannot = words.filter((w) => w.provoke?.can === 'no').map((w) => w.n);
      if (cannot.length) {
        const which = cannot.length === 1 ? `Step ${cannot[0]}` : `Steps ${cannot.slice(0, -1).join(', ')} and ${cannot.at(-1)}`;
        sink.write(`> ${which} cannot be provoked by hand: on a real tenant, follow this path as far as step ${cannot[0]! - 1}, `
          + 'and the rest only if it happens by chance.\n\n');
      }
      for (const w of words) {
        // What happens by itself is part of the step before: no box to tick, nothing to do.
        const head = w.continues ? `   *${THEN_BY_ITSELF}* ${w.does}` : `${w.n}. [ ] ${action(w)}`;
        sink.write(`${head}\n   Expect: ${expectation(w.expect)} <sub>${w.expect.name} · \`${w.expect.state}\`</sub>\n`);
        for (const a of w.audit) sink.write(`   Audit log, a new row: ${auditCells(a)}\n`);
      }
    },
    endScenario(h, c, note) {
      sink.write(`\n---\n${coverageSentence(h.flow, c)}${note ? ` ${note}` : ''}\n`);
    },
    failed: () => {},
    end: () => {},
  };
}

/** What the listed paths of one scenario cover, against what the scenario can reach. */
export function coverageSentence(flow: Flow, c: Coverage): string {
  return `These paths take ${c.transitions.covered} of the ${c.reachable.transitions} transitions this scenario can reach`
    + ` (${FLOW_WORDS[flow]} has ${c.transitions.total} in all), reach ${c.states.covered} of its ${c.reachable.states} states`
    + ` and cover ${c.rules.covered} of its ${c.reachable.rules} rules.`;
}

const gherkinText = (s: string): string => s.replace(/\s+/g, ' ').trim();
const gherkinString = (s: string): string => `"${gherkinText(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const withString = (phrase: string, value: string): string => phrase.replace('{string}', gherkinString(value));

/**
 * Gherkin with the catalogue's step phrases: the same phrase wherever an
 * event occurs, so a step definition is written once per catalogue entry.
 * The set-up is the feature's description; ids ride along as comments.
 */
function gherkinWriter(sink: Sink): PathWriter {
  return {
    fileName: (h) => `${h.stem}.feature`,
    perScenario: true,
    start: () => {},
    scenario(h) {
      sink.open(`${h.stem}.feature`);
      const c = h.checklist;
      const lines = (title: string, items: readonly string[]) => (items.length ? [`  ${title}`, ...items.map((t) => `    - ${gherkinText(plain(t))}`)] : []);
      sink.write([
        `# Generated by regsim from ${h.file}: regenerate it rather than edit it.`,
        '# The step phrases are the catalogue\'s (docs/catalogue.md): write one step definition per phrase.',
        `@flow-${h.flow}`,
        ...(variantId(h.scenario) ? [`# variant: ${variantId(h.scenario)}`] : []),
        `Feature: ${gherkinText(variantTitle(h.scenario))}`,
        ...(h.description ? [`  ${gherkinText(h.description)}`, ''] : []),
        ...lines('Before: the tenant as it was before a change that must not have applied yet:', c.before),
        ...lines(SETUP_WORDS.where(c.guest), c.tenant),
        ...lines(SETUP_WORDS.home, c.home),
        ...lines('Afterwards:', [c.wait]),
        ...lines(`${SETUP_WORDS.user(c.guest)}:`, [...c.user.map((i) => i.text), c.signIn, c.reset]),
        '',
        '  Background:',
        `    Given ${GHERKIN_STEPS.tenant}`,
        `    And ${GHERKIN_STEPS.user}`,
        '',
      ].join('\n'));
    },
    path(h, p) {
      sink.write(`\n  @${p.id}\n  Scenario: ${gherkinText(`${pathName(p)} — ${pathEnd(p)}`)}\n`);
      for (const w of pathWords(h.scenario, p)) {
        // The checklist's step number, which a take-home test's failure names too.
        sink.write(`    # step ${w.n}${w.continues ? `, ${THEN_BY_ITSELF.toLowerCase().replace(/:$/, '')}` : ''}\n`);
        if (w.provoke) sink.write(`    # ${w.kind}. ${provokeText(w.provoke, gherkinText(w.provoke.how))}\n`);
        sink.write(`    When ${w.phrase}\n    # state: ${w.expect.state}\n${w.expect.details.map((d) => `    # here: ${gherkinText(d)}\n`).join('')}`
          + `    Then ${withString(GHERKIN_STEPS.screen, w.expect.name)}\n`);
        if (w.expect.title) sink.write(`    And ${withString(GHERKIN_STEPS.title, w.expect.title)}\n`);
        if (w.expect.text) sink.write(`    And ${withString(GHERKIN_STEPS.text, w.expect.text)}\n`);
        for (const a of w.audit) sink.write(`    And ${withString(GHERKIN_STEPS.audit, a.text)}\n`);
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
    scenario: (h) => sink.write(`\n${variantTitle(h.scenario)}  (${h.file})\n`),
    path: (h, p) => {
      const words = pathWords(h.scenario, p);
      // As many steps as the checklist numbers; what happens by itself is listed, in brackets.
      const steps = words.at(-1)!.n;
      sink.write(`  ${p.id}  ${String(steps).padStart(3)} step${steps === 1 ? ' ' : 's'}  ${(p.complete ? '⇒ ' : '… ') + pathEnd(p).replace(/^[^:]+: /, '')}`.padEnd(50)
        + ` ${words.slice(1).map((w) => (w.continues ? `(${w.label})` : w.label)).join(' › ')}\n`);
    },
    endScenario: (h, c, note) => sink.write(`  ${coverageSentence(h.flow, c)}${note ? `\n  ${note}` : ''}\n`),
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
    case 'vitest': return vitestWriter(sink);
  }
}
