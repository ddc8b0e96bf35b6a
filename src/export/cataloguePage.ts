/**
 * `docs/catalogue.md`: the catalogue of words, whole — every event with its
 * kind, label, instruction, Gherkin phrase and how to provoke it; every screen
 * with its name, description, the seeds' title and text (or that they give
 * none) and the states that show it; the admin center's setting names. A
 * Cucumber user writes one step definition per phrase listed here.
 */
import type { AnyStateMachine } from 'xstate';
import {
  ADMIN_WORDS, EVENT_WORDS, FLOW_START, GHERKIN_STEPS, SCREENS, citeSeed, provokeText, screenUses,
  type EventKind, type Quote, type ScreenEntry, type ScreenKey, type ScreenKind,
} from '../../machines/catalogue/index.ts';
import { GENERATED_NOTE } from './markdown.ts';

const cell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
const code = (s: string): string => `\`${s}\``;
/** Several lines in one table cell. */
const lines = (xs: readonly string[]): string => xs.map(cell).join('<br>');
const cited = (q: Quote): string => `"${q.text}" (${citeSeed(q.seed)})`;

const KINDS: ReadonlyArray<readonly [EventKind, string]> = [
  ['user', 'User actions: what the person at the keyboard does'],
  ['environment', 'Environment outcomes: what the service, the client or the network decides'],
  ['time', 'Time'],
  ['admin', 'Admin steps'],
];

const SCREEN_KINDS: ReadonlyArray<readonly [ScreenKind, string]> = [
  ['screen', 'Screens'],
  ['outcome', 'Outcomes: where a flow ends'],
  ['section', 'Sections: groups of screens'],
  ['passing', 'Passing checks: states the user never sees'],
];

function eventsSection(): string[] {
  const out: string[] = [];
  for (const [kind, title] of KINDS) {
    const entries = Object.entries(EVENT_WORDS).filter(([, e]) => e.kind === kind);
    if (!entries.length) continue;
    out.push(`### ${title}`, '', '| Event | Label | Instruction | Gherkin (When …) | How to provoke it | Source |', '|---|---|---|---|---|---|');
    for (const [type, e] of entries) {
      const variants = Object.entries(e.on ?? {}).map(([k, v]) => `on ${code(k)}: ${v}`);
      const provoke = e.provoke ? provokeText(e.provoke) : '—';
      out.push(`| ${code(type)} | ${cell(e.label)} | ${lines([e.does, ...variants])} | ${cell(e.step)} | ${cell(provoke)} | ${e.quote ? cell(cited(e.quote)) : '—'} |`);
    }
    out.push('');
  }
  return out;
}

function screensSection(machines: readonly AnyStateMachine[]): string[] {
  const uses = screenUses(machines);
  const out: string[] = [];
  for (const [kind, title] of SCREEN_KINDS) {
    const entries = (Object.entries(SCREENS) as Array<[ScreenKey, ScreenEntry]>).filter(([, s]) => s.kind === kind);
    out.push(`### ${title}`, '', '| Screen | Name | What it shows (regsim\'s words) | Title and text (the seeds\') | The seeds on it | Shown by |', '|---|---|---|---|---|---|');
    for (const [key, s] of entries) {
      const quoted = lines([
        s.title ? `title: ${cited(s.title)}` : 'title: none given by the seeds',
        ...(s.text ? [`text: ${cited(s.text)}`] : []),
      ]);
      out.push(`| ${code(key)} | ${cell(s.name)} | ${cell(s.shows)} | ${quoted} | ${lines((s.seen ?? []).map(cited)) || '—'} | ${cell((uses.get(key) ?? []).map(code).join(', '))} |`);
    }
    out.push('');
  }
  return out;
}

export function cataloguePage(machines: readonly AnyStateMachine[]): string {
  const phrases = [
    ...Object.values(FLOW_START).map((f) => `When ${f.step}`),
    `Given ${GHERKIN_STEPS.tenant}`, `Given ${GHERKIN_STEPS.user}`,
    `Then ${GHERKIN_STEPS.screen}`, `Then ${GHERKIN_STEPS.title}`, `Then ${GHERKIN_STEPS.text}`, `Then ${GHERKIN_STEPS.audit}`,
  ];
  return [
    GENERATED_NOTE,
    '',
    '# The catalogue of words',
    '',
    'Every word a person reads in regsim\'s checklists, Gherkin, storyboards and generated tests comes from this catalogue '
      + '(`machines/catalogue/`). Quoted text is Microsoft\'s own, or the blog\'s, exactly as the seeds write it; everything else is regsim\'s. '
      + 'Where a screen has no title below, the seeds give it none. A test fails when a state or an event has no entry, '
      + 'and finds every quote in its seed.',
    '',
    '## Events',
    '',
    '`{method}` stands for the event\'s method, by its name (`Choose **Phone**`). **Bold** marks a control\'s label. '
      + 'An instruction "on" a screen applies when the event is sent from that screen or from within that section.',
    '',
    ...eventsSection(),
    '## Screens',
    '',
    'A state shows the screen its `meta.screen` names; a final state shows `outcome.<its name>`.',
    '',
    ...screensSection(machines),
    '## Gherkin',
    '',
    'Each event\'s phrase above follows `When`. The other phrases a feature uses (`{string}` is a quoted value; `"{method}"` in an event\'s phrase is one too):',
    '',
    ...phrases.map((p) => `- ${code(p)}`),
    '',
    '## Admin center settings',
    '',
    'The names the set-up checklists give settings, as the seeds write them.',
    '',
    '| Setting | Source |',
    '|---|---|',
    ...Object.values(ADMIN_WORDS).map((w) => `| ${cell(w.name)} | ${'quote' in w && w.quote ? cell(cited(w.quote)) : '—'} |`),
    '',
  ].join('\n');
}
