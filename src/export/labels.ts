/**
 * The words diagrams and the inspector show for events and states, behind
 * one function per kind: an event's label, its kind (the group its button
 * sits in), its tooltip, a state's label and its description. Every
 * exporter and the inspector's page call these and nothing else, so the
 * words come from one place.
 *
 * Until the catalogue of words (machines/catalogue) lands, the stand-in is
 * what the machines say today: event types and state keys as labels,
 * `meta.description` as the description, and the machines' own comment on
 * which events are environment outcomes (machines/events.ts) for the kind.
 * `--labels ids` always shows the ids.
 */
import type { RuleId } from '../domain/rules.ts';

/** The groups the inspector's buttons are sorted into, in the order shown. */
export const EVENT_KINDS = ['user', 'environment', 'admin', 'time'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_KIND_TITLES: Readonly<Record<EventKind, string>> = {
  user: 'User actions',
  environment: 'Environment outcomes',
  admin: 'Admin steps',
  time: 'Time',
};

/** `ids`: event types and state paths, for traceability; `words`: what people read. */
export type LabelMode = 'words' | 'ids';
export const LABEL_MODES: readonly LabelMode[] = ['words', 'ids'];

/** An event as it is sent: its type and any payload (`method`). */
export interface LabelEvent {
  type: string;
  method?: string;
}

// Stand-in until the catalogue lands: the outcomes machines/events.ts names as the environment's.
const ENVIRONMENT = new Set(['ENTER_VIRTUAL_NUMBER', 'WEBAUTHN_TIMEOUT', 'WEBAUTHN_FAILED', 'WIZARD_HANGS', 'BACKEND_OK', 'BACKEND_FAILED', 'REDIRECT_HOME', 'RETURN_TO_RESOURCE']);
const TIME = new Set(['WAIT_FOR_PROPAGATION']);

/** `SELECT_METHOD(email)`: the event with its payload, as traces and paths print it. */
export const eventId = (e: LabelEvent): string => (e.method ? `${e.type}(${e.method})` : e.type);

/** A button's or a diagram edge's words for a sent event. */
export function eventLabel(e: LabelEvent, mode: LabelMode = 'words'): string {
  if (mode === 'ids') return eventId(e);
  return eventId(e);
}

/**
 * A transition's words in a diagram, where the payload is not known
 * (`SELECT_METHOD` for any method). An eventless transition says when it
 * is taken: its guard is all there is to it.
 */
export function transitionEventLabel(t: { event: string; guard?: string }, mode: LabelMode = 'words'): string {
  if (t.event === 'always') return mode === 'words' && t.guard ? `when ${t.guard}` : 'always';
  if (mode === 'ids') return t.event;
  return t.event;
}

/** Which group the event's button sits in. */
export function eventKind(type: string): EventKind {
  return ENVIRONMENT.has(type) ? 'environment' : TIME.has(type) ? 'time' : 'user';
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

/** A button's tooltip: what the event does, its guard, where it leads and the rules it cites. */
export function eventTooltip(e: LabelEvent, facts: TooltipFacts): string {
  const kind = EVENT_KIND_TITLES[eventKind(e.type)].replace(/s$/, '').toLowerCase();
  const does = facts.description ?? `${eventId(e)} (${kind})`;
  return [
    does,
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

/** A diagram node's words for a state. */
export function stateLabel(s: LabelState, mode: LabelMode = 'words'): string {
  if (mode === 'ids') return s.key;
  return s.key;
}

/** One sentence for the state: tooltips, docs, the inspector's screen. */
export function stateDescription(s: LabelState): string | undefined {
  return s.description;
}
