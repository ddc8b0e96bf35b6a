/**
 * The catalogue: the words people read, defined once beside the machines.
 * Every event has a kind, a label, an instruction and a Gherkin phrase
 * (`events.ts`); every state shows a screen with a name, a description and,
 * where the seeds quote them, its title and verbatim text (`screens.ts`);
 * setting up a test has the admin center's own names (`setup.ts`). Checklists,
 * Gherkin, storyboards, the vitest export, the inspector and diagrams read
 * these functions; ids stay beside the words for traceability.
 */
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { DEFAULT_OPTIONS, isDefaultOptionId } from '../../src/domain/defaultOptions.ts';
import { METHODS, isMethodId } from '../../src/domain/methods.ts';
import type { EventType, RegsimEvent } from '../events.ts';
import { activeNodes } from '../../src/simulate/stateId.ts';
import { EVENT_WORDS, type EventEntry } from './events.ts';
import { SCREENS, isScreenKey, type ScreenEntry, type ScreenKey } from './screens.ts';

export { SEEDS, SOURCE_NAMES, citeSeed, quote, type Quote, type Seed } from './sources.ts';
export { SCREENS, isScreenKey, type ScreenEntry, type ScreenKey, type ScreenKind } from './screens.ts';
export { EVENT_WORDS, PROVOKE_LABEL, SAME_AS_WALK, THEN_BY_ITSELF, happensByItself, provokeText, stepNumbers, walkStepNumbers, type EventEntry, type EventKind, type Provoke } from './events.ts';
export * from './setup.ts';
export { screenDetails } from './details.ts';
export { variantId, variantTitle, variantWords } from './variants.ts';
export { plural } from './plural.ts';

/** An event as the catalogue reads it: its type and any payload fields (`method`, …). */
export type CatalogueEvent = RegsimEvent | { type: EventType; [field: string]: unknown };

/**
 * How a payload field reads in words: `{method}` in a template becomes the
 * method's name. A new payload (say a default sign-in option) adds its field here.
 */
export const PAYLOAD_WORDS: Record<string, (value: string) => string> = {
  method: (m) => (isMethodId(m) ? METHODS[m].label : m),
  option: (o) => (isDefaultOptionId(o) ? DEFAULT_OPTIONS[o].label : o),
};

/** A template with the event's payload filled in. */
export function fill(template: string, event: CatalogueEvent): string {
  return template.replace(/\{(\w+)\}/g, (whole, field: string) => {
    const value = (event as Record<string, unknown>)[field];
    const words = PAYLOAD_WORDS[field];
    return typeof value === 'string' && words ? words(value) : whole;
  });
}

export const eventEntry = (type: EventType): EventEntry => EVENT_WORDS[type];

/** A few words for the event: `Choose Phone`. */
export const eventLabel = (e: CatalogueEvent): string => fill(EVENT_WORDS[e.type].label, e);

/**
 * What a person does to send the event, sent from the screens `at` (the
 * screen shown first, then the sections around it): `Enter the code from the
 * text message.` Markdown: `**` marks a control's label. To a storyboard's
 * `reader`, the entry's reader words where it has them.
 */
export function instruction(e: CatalogueEvent, at: readonly ScreenKey[] = [], to: WordsFor = 'tester'): string {
  const entry = EVENT_WORDS[e.type];
  const reader = to === 'reader' ? entry.reader : undefined;
  // A reader's own words come first: a tester's words for a screen (how to provoke it) are no reader's.
  const readers = at.map((k) => reader?.on?.[k]).find((s) => s !== undefined) ?? reader?.does;
  const special = readers ?? at.map((k) => entry.on?.[k]).find((s) => s !== undefined);
  return fill(special ?? entry.does, e);
}

/** Who reads the words: a tester running a checklist, or the reader of a storyboard. */
export type WordsFor = 'tester' | 'reader';

/** The event's Gherkin phrase: `the user chooses "Phone"`. */
export const gherkinStep = (e: CatalogueEvent): string => fill(EVENT_WORDS[e.type].step, e);

/**
 * Gherkin phrases beside the events' own: the set-up, and what a step
 * checks. `{string}` is a Cucumber expression parameter, filled with a
 * quoted value.
 */
export const GHERKIN_STEPS = {
  tenant: 'the tenant is set up as this feature describes',
  user: 'a test user set up as this feature describes',
  screen: 'the screen is {string}',
  title: 'the page title is {string}',
  text: 'the page shows {string}',
  audit: 'the audit log records {string}',
} as const;

/** Markdown to plain text: control labels and code lose their marks. */
export const plain = (markdown: string): string => markdown.replace(/\*\*/g, '').replace(/`/g, '');

/** The outcome screen a final state of this name shows (`canceled` → `outcome.canceled`), if the catalogue has one. */
export function outcomeScreen(name: string): ScreenKey | undefined {
  const key = `outcome.${name}`;
  return isScreenKey(key) ? key : undefined;
}

/** The screen a state shows, from what its node says: its `meta.screen`, or for a final state the outcome of its name. */
export function screenFor(state: { screen?: unknown; key: string; final: boolean }): ScreenKey | undefined {
  if (typeof state.screen === 'string') return isScreenKey(state.screen) ? state.screen : undefined;
  return state.final ? outcomeScreen(state.key) : undefined;
}

/** The screen a state node shows. */
export const screenKeyOf = (node: AnyStateNode): ScreenKey | undefined =>
  screenFor({ screen: (node.meta as { screen?: unknown } | undefined)?.screen, key: node.key, final: node.type === 'final' });


/** The screens of the active states, innermost first: the screen shown, then the sections around it. */
export function activeScreens(s: AnyMachineSnapshot): ScreenKey[] {
  return activeNodes(s).slice().reverse().map(screenKeyOf).filter((k): k is ScreenKey => k !== undefined);
}

/** The screen the snapshot shows. */
export function shownScreen(s: AnyMachineSnapshot): ScreenKey {
  const key = activeScreens(s)[0];
  if (!key) throw new Error(`no catalogue screen for ${activeNodes(s).map((n) => n.id).join(' > ')}`);
  return key;
}

export const screenEntry = (key: ScreenKey): ScreenEntry => SCREENS[key];

/** The text the snapshot's screen shows word for word, where a seed quotes it. */
export const screenText = (s: AnyMachineSnapshot): string | undefined => SCREENS[shownScreen(s)].text?.text;

/** Every state node of a machine below its root, depth first, in definition order. */
export function statesOf(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (n: AnyStateNode) => {
    for (const child of Object.values(n.states as Record<string, AnyStateNode>)) {
      out.push(child);
      walk(child);
    }
  };
  walk(machine.root);
  return out;
}

/** Where each screen is shown: state node ids by screen, over the machines given. */
export function screenUses(machines: readonly AnyStateMachine[]): Map<ScreenKey, string[]> {
  const uses = new Map<ScreenKey, string[]>();
  for (const m of machines) {
    for (const node of statesOf(m)) {
      const key = screenKeyOf(node);
      if (key) uses.set(key, [...(uses.get(key) ?? []), node.id]);
    }
  }
  return uses;
}
