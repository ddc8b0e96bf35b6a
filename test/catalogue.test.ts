/**
 * The catalogue of words: every state of every machine shows a screen that
 * has an entry, every event has one, the entries fit the machines they
 * describe (no orphans, instructions only where the event can be sent), and
 * every quote is found word for word in the seed it names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMachine, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_WORDS, EVENT_WORDS, SCREENS, SEEDS, WAIT_TO_APPLY, instruction, isScreenKey, screenKeyOf, screenUses, statesOf,
  type Quote, type ScreenKey, type ScreenKind,
} from '../machines/catalogue/index.ts';
import { METHOD_EVENT_TYPES, OPTION_EVENT_TYPES, PLAIN_EVENT_TYPES, isEventType } from '../machines/events.ts';
import { MACHINES } from '../machines/index.ts';
import { PASSKEY_ERROR } from '../src/domain/passkey.ts';
import { guardWords } from '../machines/catalogue/guards.ts';
import { guardLabel } from '../src/export/model.ts';

const machines = Object.values(MACHINES).map((e) => e.machine);

/** The kind of screen a state node must show, from what the node is. */
function kindOf(node: AnyStateNode): ScreenKind {
  if (node.type === 'final') return 'outcome';
  if (node.type !== 'atomic') return 'section';
  return node.transitions.size === 0 && (node.always?.length ?? 0) > 0 ? 'passing' : 'screen';
}

/** What the catalogue lacks for these machines, one line per gap. */
function catalogueGaps(ms: readonly AnyStateMachine[]): string[] {
  const gaps: string[] = [];
  for (const m of ms) {
    for (const node of statesOf(m)) {
      const named = (node.meta as { screen?: string } | undefined)?.screen;
      const key = screenKeyOf(node);
      if (!key) gaps.push(`state ${node.id}: ${named ? `screen "${named}" is not in the catalogue` : 'no screen'}`);
      else if (SCREENS[key].kind !== kindOf(node)) gaps.push(`state ${node.id}: screen "${key}" is a ${SCREENS[key].kind}, the state a ${kindOf(node)}`);
      for (const t of node.always ?? []) {
        if (t.guard !== undefined && guardWords(t.guard) === undefined) gaps.push(`state ${node.id}: the eventless guard ${guardLabel(t.guard)} has no words`);
      }
    }
    for (const type of m.root.events.map(String)) {
      if (!isEventType(type) || !Object.hasOwn(EVENT_WORDS, type)) gaps.push(`event ${type} of ${m.id}: no entry`);
    }
  }
  return gaps;
}

describe('the catalogue covers the machines', () => {
  it('every state of every machine shows a screen with an entry of its kind, every event has an entry, every eventless guard has words', () => {
    expect(catalogueGaps(machines)).toEqual([]);
  });

  it('names what is missing: a state without a screen, an unknown screen, an event without an entry', () => {
    const broken = createMachine({
      id: 'broken',
      initial: 'a',
      states: {
        a: { on: { NEXT: 'b', FROBNICATE: 'c' }, always: [{ guard: 'isFrobnicated', target: 'c' }, { guard: { type: 'settingUp', params: { method: 'carrierPigeon' } }, target: 'c' }] },
        b: { meta: { screen: 'no.such.screen' }, on: { NEXT: 'c' } },
        c: { type: 'final' },
        canceled: { type: 'final', meta: { screen: 'wizard.intro' } },
      },
    });
    expect(catalogueGaps([broken])).toEqual([
      'state broken.a: no screen',
      'state broken.a: the eventless guard isFrobnicated has no words',
      'state broken.a: the eventless guard settingUp(carrierPigeon) has no words',
      'state broken.b: screen "no.such.screen" is not in the catalogue',
      'state broken.c: no screen',
      'state broken.canceled: screen "wizard.intro" is a screen, the state a outcome',
      'event FROBNICATE of broken: no entry',
    ]);
  });

  it('has no entry no machine shows', () => {
    const used = screenUses(machines);
    expect(Object.keys(SCREENS).filter((k) => !used.has(k as ScreenKey))).toEqual([]);
  });

  it('has an entry for every event type, with a kind, a label, an instruction and a Gherkin phrase', () => {
    const types = [...PLAIN_EVENT_TYPES, ...METHOD_EVENT_TYPES, ...OPTION_EVENT_TYPES];
    expect(Object.keys(EVENT_WORDS).sort()).toEqual([...types].sort());
    for (const t of types) {
      const e = EVENT_WORDS[t];
      expect(['user', 'environment', 'admin', 'time'], t).toContain(e.kind);
      for (const words of [e.label, e.does, e.step]) expect(words.trim(), t).not.toBe('');
      // An environment outcome says how to provoke it, or that it cannot be.
      if (e.kind === 'environment') expect(e.provoke?.how, t).toBeTruthy();
    }
  });

  it('fills each event\'s payload into its words, and no event without one has a placeholder', () => {
    for (const t of PLAIN_EVENT_TYPES) {
      const e = EVENT_WORDS[t];
      for (const words of [e.label, e.does, e.step, ...Object.values(e.on ?? {})]) expect(words, t).not.toMatch(/\{\w+\}/);
    }
    for (const t of METHOD_EVENT_TYPES) {
      const e = EVENT_WORDS[t];
      for (const words of [e.label, e.does, e.step]) expect(words, t).toContain('{method}');
      expect(instruction({ type: t, method: 'mobilePhone' })).not.toContain('{');
    }
    expect(instruction({ type: 'SELECT_METHOD', method: 'mobilePhone' }, ['wizard.chooser', 'wizard'])).toBe('Choose **Phone**.');
  });

  it('gives an instruction for a screen only where the event can be sent from it', () => {
    // Each `on` key is a screen (or a section) where some machine handles the event.
    const handles = new Map<ScreenKey, Set<string>>();
    for (const m of machines) {
      for (const node of statesOf(m)) {
        const chain: AnyStateNode[] = [];
        for (let n: AnyStateNode | undefined = node; n; n = n.parent) chain.push(n);
        const events = new Set(chain.flatMap((n) => [...n.transitions.keys()]));
        for (const n of chain) {
          const key = screenKeyOf(n);
          if (key) handles.set(key, new Set([...(handles.get(key) ?? []), ...events]));
        }
      }
    }
    for (const [type, e] of Object.entries(EVENT_WORDS)) {
      for (const key of Object.keys(e.on ?? {})) {
        expect(isScreenKey(key), `${type} on ${key}`).toBe(true);
        expect(handles.get(key as ScreenKey)?.has(type), `${type} cannot be sent from ${key}`).toBe(true);
      }
    }
  });

  it('lets a Cucumber user write one step definition per entry: phrases and screen names are unique', () => {
    const phrases = Object.values(EVENT_WORDS).map((e) => e.step);
    expect(new Set(phrases).size).toBe(phrases.length);
    const names = Object.values(SCREENS).map((s) => s.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('shows the passkey error word for word, as scenarios expect it (PK-04)', () => {
    expect(SCREENS['passkey.error'].text?.text).toBe(PASSKEY_ERROR);
  });
});

// The seeds live beside the repo (../shared), as DOMAIN.md does.
const SEED_DIR = join('..', 'shared', 'seeds');

/** Seed text as words: Markdown escapes, emphasis and curly quotes undone, whitespace collapsed. */
const asWords = (s: string): string => s.replace(/\\\|/g, '|').replace(/[*_]/g, '').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ');

function everyQuote(): Array<{ where: string; quote: Quote }> {
  const out: Array<{ where: string; quote: Quote }> = [];
  for (const [key, s] of Object.entries(SCREENS)) {
    const entry: { title?: Quote; text?: Quote; seen?: readonly Quote[] } = s;
    for (const q of [entry.title, entry.text, ...(entry.seen ?? [])]) if (q) out.push({ where: `screen ${key}`, quote: q });
  }
  for (const [type, e] of Object.entries(EVENT_WORDS)) if (e.quote) out.push({ where: `event ${type}`, quote: e.quote });
  for (const [name, w] of Object.entries(ADMIN_WORDS)) if ('quote' in w && w.quote) out.push({ where: `admin ${name}`, quote: w.quote });
  out.push({ where: 'wait to apply', quote: WAIT_TO_APPLY.quote });
  return out;
}

describe.runIf(existsSync(SEED_DIR))('the catalogue and the seeds', () => {
  it('finds every quote word for word in the seed it names', () => {
    const text = Object.fromEntries(Object.entries(SEEDS).map(([k, f]) => [k, asWords(readFileSync(join(SEED_DIR, f), 'utf8'))]));
    const missing = everyQuote().filter(({ quote }) => !text[quote.seed]!.includes(asWords(quote.text)));
    expect(missing.map(({ where, quote }) => `${where}: "${quote.text}" not in ${SEEDS[quote.seed]}`)).toEqual([]);
  });
});
