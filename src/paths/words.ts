/**
 * A path in a person's words, from the catalogue: each step's instruction
 * (for an environment outcome, how to provoke it), the screen to expect with
 * the title and text the seeds give, and the audit rows to find. Checklists,
 * Gherkin, CSV, the path table, storyboards and the vitest export all render
 * these, so a step reads the same everywhere.
 */
import {
  EVENT_WORDS, FLOW_START, happensByItself, SCREENS, stepNumbers, START_WITH_TAP, clientName, eventLabel, gherkinStep, instruction, screenEntry,
  type WordsFor, type EventKind, type Provoke, type ScreenKey,
} from '../../machines/catalogue/index.ts';
import type { RegsimEvent } from '../../machines/events.ts';
import type { Scenario } from '../scenario/schema.ts';
import { WALK_ID } from './generate.ts';
import { endScreen, type TestPath } from './path.ts';

/** The screen a step leads to, as a tester checks it. */
export interface ExpectedScreen {
  key: ScreenKey;
  /** regsim's state id, for traceability. */
  state: string;
  name: string;
  /** regsim's description of what is on screen. */
  shows: string;
  /** The page's title, where a seed quotes it. */
  title?: string;
  /** Text the page shows word for word, where a seed quotes it. */
  text?: string;
  /** What the screen lists here (the methods offered, the address shown…), after why the step led to it where it says. */
  details: string[];
  /** What the screen itself lists here, as its snapshot has it: `details` without the step's why. */
  lists: string[];
  /** The flow ends here. */
  final: boolean;
}

/** An audit row, by the columns of the Microsoft Entra audit log. */
export interface AuditExpectation {
  activity: string;
  status: string;
  reason: string;
  /** `Activity | Status | Reason`, as scenarios write it. */
  text: string;
}

export interface StepWords {
  /** 1 is the start: signing in. A step that happens by itself shares the number of the step it follows (`continues`). */
  n: number;
  /** Nothing for the tester to do: it follows the step before by itself (the service saves, the sign-in goes home), which has no checkbox of its own. */
  continues?: true;
  kind: EventKind | 'start';
  /** What to do, in Markdown (`**` marks a control's label). */
  does: string;
  /** The Gherkin phrase (after When). */
  phrase: string;
  /** A few words, for tables. */
  label: string;
  provoke?: Provoke;
  /** The event sent; none at the start. */
  event?: RegsimEvent;
  /** The screen the step is taken from, none at the start. */
  from?: ScreenKey;
  expect: ExpectedScreen;
  audit: AuditExpectation[];
}

export function expectedScreen(key: ScreenKey, state: string, final: boolean, lists: string[] = [], why?: string): ExpectedScreen {
  const e = screenEntry(key);
  return {
    key, state, name: e.name, shows: e.shows, details: why ? [why, ...lists] : lists, lists, final,
    ...(e.title ? { title: e.title.text } : {}),
    ...(e.text ? { text: e.text.text } : {}),
  };
}

export function auditExpectation(text: string): AuditExpectation {
  const [activity = '', status = '', reason = ''] = text.split(' | ');
  return { activity, status, reason, text };
}

/** Step 1 of every path: signing in, in the scenario's client, to reach the flow's first screen. */
export function startInstruction(s: Scenario, first: ScreenKey, to: WordsFor = 'tester'): string {
  const f = FLOW_START[s.flow];
  const client = clientName(s.client);
  const who = to === 'reader' ? f.reader ?? f.who : f.who;
  const open = s.client.app === 'windowsApp' ? `Open ${client} and sign in as ${who}` : `In ${client}, open ${f.open} and sign in as ${who}`;
  const notes = [...(first === 'tapSignIn' ? [START_WITH_TAP] : []), ...(f.then ? [f.then] : [])];
  return `${open}${notes.length ? ` (${notes.join('; ')})` : ''}.`;
}

/** The path as steps: signing in first, then each event. */
export function pathWords(s: Scenario, p: TestPath, to: WordsFor = 'tester'): StepWords[] {
  const last = p.steps.length - 1;
  const words: StepWords[] = [{
    n: 1, kind: 'start', does: startInstruction(s, p.startAt[0]!, to), phrase: FLOW_START[s.flow].step, label: 'Sign in',
    expect: expectedScreen(p.startAt[0]!, p.start, p.complete && last < 0, p.startDetails), audit: [],
  }];
  const numbers = stepNumbers(p.steps.map((x) => x.send.type));
  p.steps.forEach((s, i) => {
    const entry = EVENT_WORDS[s.send.type];
    const automatic = happensByItself(s.send.type);
    words.push({
      n: numbers[i]!, ...(automatic ? { continues: true as const } : {}),
      kind: entry.kind, does: instruction(s.send, s.at, to), phrase: gherkinStep(s.send), label: eventLabel(s.send),
      ...(entry.provoke ? { provoke: entry.provoke } : {}),
      event: s.send, from: s.at[0]!,
      expect: expectedScreen(s.screen, s.state, p.complete && i === last, s.details, entry.into?.[s.screen]),
      audit: s.audit.map(auditExpectation),
    });
  });
  return words;
}

/** `ends: Wizard canceled` / `stops at: Passkey prompt`. */
export function pathEnd(p: TestPath): string {
  return `${p.complete ? 'ends' : 'stops at'}: ${SCREENS[endScreen(p)].name}`;
}

/** `W001, the walk the scenario describes`. */
export const pathName = (p: TestPath): string => (p.id === WALK_ID ? `${p.id}, the walk the scenario describes` : p.id);

/** The rules a path is first to cover, and how many it covers in all. */
export function rulesLine(p: TestPath): string {
  const all = `${p.rules.length} rule${p.rules.length === 1 ? '' : 's'}`;
  return p.newRules.length
    ? `First to cover ${p.newRules.join(', ')}; covers ${all} in all.`
    : `Covers ${all}, all covered by the paths above.`;
}
