/**
 * The words diagrams and the inspector show for events and states, behind
 * one function per kind: an event's label, its kind (the group its button
 * sits in), its tooltip, a state's label and its description. Every
 * exporter and the inspector's page call these and nothing else; the words
 * themselves are the catalogue's (machines/catalogue). `--labels ids`
 * shows the ids instead, for traceability.
 */
import {
  EVENT_WORDS, SCREENS, eventLabel as catalogueLabel, instruction, isScreenKey, plain, provokeText, screenFor,
  type CatalogueEvent, type EventKind, type ScreenKey,
} from '../../machines/catalogue/index.ts';
import { isEventType, type RegsimEvent } from '../../machines/events.ts';
import { formatEvent } from '../simulate/events.ts';
import type { RuleId } from '../domain/rules.ts';

export type { EventKind };

/** The groups the inspector's buttons are sorted into, in the order shown. */
export const EVENT_KINDS: readonly EventKind[] = ['user', 'environment', 'admin', 'time'];

export const EVENT_KIND_TITLES: Readonly<Record<EventKind, string>> = {
  user: 'User actions',
  environment: 'Environment outcomes',
  admin: 'Admin steps',
  time: 'Time',
};

/** `ids`: event types and state paths, for traceability; `words`: what people read. */
export type LabelMode = 'words' | 'ids';
export const LABEL_MODES: readonly LabelMode[] = ['words', 'ids'];

/** An event as it is sent: its type and any payload (`method`, `option`). */
export interface LabelEvent {
  type: string;
  method?: string;
  option?: string;
}

/** `SELECT_METHOD(email)`: the event with its payload, as traces and paths print it (`formatEvent`). */
export const eventId = (e: LabelEvent): string => formatEvent(e as RegsimEvent);

/** What a payload field is called when the value is not known. */
const PAYLOAD_NOUNS: Readonly<Record<string, string>> = { method: 'method', option: 'default sign-in option' };

const entryOf = (type: string) => (isEventType(type) ? EVENT_WORDS[type] : undefined);

/** A button's or a diagram edge's words for a sent event. */
export function eventLabel(e: LabelEvent, mode: LabelMode = 'words'): string {
  if (mode === 'ids' || !entryOf(e.type)) return eventId(e);
  return catalogueLabel(e as CatalogueEvent);
}

/**
 * A transition's words in a diagram, where the payload is not known
 * (`Choose a method` for any method). An eventless transition says when it
 * is taken: its guard is all there is to it.
 */
export function transitionEventLabel(t: { event: string; guard?: string; when?: string }, mode: LabelMode = 'words'): string {
  if (t.event === 'always') {
    if (mode !== 'words') return 'always';
    return t.guard ? `when ${t.when ?? t.guard}` : t.when ?? 'always';
  }
  const entry = entryOf(t.event);
  if (mode === 'ids' || !entry) return t.event;
  // The payload is one of several here: `Choose {method}` reads `Choose a method`.
  return entry.label.replace(/\{(\w+)\}/g, (_, field: string) => `a ${PAYLOAD_NOUNS[field] ?? field}`);
}

/** Which group the event's button sits in. */
export function eventKind(type: string): EventKind {
  return entryOf(type)?.kind ?? 'user';
}

/** What a transition that an event would take here says about itself. */
export interface TooltipFacts {
  guard?: string;
  rules: readonly RuleId[];
  /** The transition's own `meta.description`. */
  description?: string;
  /** The state it leads to. */
  target?: string;
  /** The screens it is sent from, innermost first (`meta.screen` of the active states): the words can depend on them. */
  at?: readonly string[];
}

/** A button's tooltip: what the event does (and how to provoke an outcome), its guard, where it leads and the rules it cites. */
export function eventTooltip(e: LabelEvent, facts: TooltipFacts): string {
  const entry = entryOf(e.type);
  const at = (facts.at ?? []).filter(isScreenKey);
  const does = entry ? plain(instruction(e as CatalogueEvent, at)) : eventId(e);
  const provoke = entry?.provoke ? provokeText(entry.provoke, plain(entry.provoke.how)) : undefined;
  return [
    does,
    provoke,
    facts.description,
    facts.target ? `Leads to ${facts.target}.` : undefined,
    facts.guard ? `Guard: ${facts.guard}.` : undefined,
    facts.rules.length ? `Rules: ${facts.rules.join(', ')}.` : undefined,
  ].filter(Boolean).join('\n');
}

/** What the labels read of a state. */
export interface LabelState {
  /** The state's own key: `enterCode`. */
  key: string;
  path: string;
  description?: string;
  /** `meta.screen`. */
  screen?: string;
  /** `final` states name an outcome. */
  kind?: string;
}

/** The catalogue's screen for a state: its `meta.screen`, or for a final state the outcome of its name. */
const screenOf = (s: LabelState): ScreenKey | undefined => screenFor({ screen: s.screen, key: s.key, final: s.kind === 'final' });

/** A diagram node's words for a state: its screen's name. */
export function stateLabel(s: LabelState, mode: LabelMode = 'words'): string {
  const key = mode === 'words' ? screenOf(s) : undefined;
  return key ? SCREENS[key].name : s.key;
}

/** One sentence for the state: tooltips, docs, the inspector's screen. */
export function stateDescription(s: LabelState): string | undefined {
  const key = screenOf(s);
  return s.description ?? (key ? SCREENS[key].shows : undefined);
}
