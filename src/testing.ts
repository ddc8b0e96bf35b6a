/**
 * `regsim/testing`: what the tests `regsim paths --format vitest` generates
 * replay their paths through. An adapter has one method per catalogue event
 * (`next`, `selectMethod`, `codeCorrect`, …) and the assertions `expectScreen`
 * and `expectAudit`. `referenceAdapter` drives regsim's own machine, so the
 * generated tests pass as they stand; a user swaps in their own adapter (say
 * Playwright driving the real My Sign-ins page) without editing the tests.
 */
import { deepStrictEqual, fail } from 'node:assert/strict';
import { createActor, type AnyActorRef, type AnyMachineSnapshot } from 'xstate';
import { SCREENS, eventLabel, screenDetails, shownScreen, type ScreenKey } from '../machines/catalogue/index.ts';
import {
  METHOD_EVENT_TYPES, OPTION_EVENT_TYPES, PLAIN_EVENT_TYPES,
  type EventType, type MethodEventType, type OptionEventType, type PlainEventType, type RegsimEvent,
} from '../machines/events.ts';
import { machineFor } from '../machines/index.ts';
import { formatAuditRow } from './domain/audit.ts';
import type { DefaultOptionId } from './domain/defaultOptions.ts';
import type { MethodId } from './domain/methods.ts';
import { Scenario, type ScenarioInput } from './scenario/schema.ts';
import { formatEvent, possibleEvents } from './simulate/events.ts';
import { auditLogOf } from './simulate/auditLog.ts';
import { snapshotStateId } from './simulate/stateId.ts';

type Awaitable<T> = T | Promise<T>;

/** `SELECT_METHOD` → `selectMethod`. */
export type AdapterMethodName<S extends string> = S extends `${infer H}_${infer T}` ? `${Lowercase<H>}${Capitalize<AdapterMethodName<T>>}` : Lowercase<S>;

export const adapterMethodName = <T extends EventType>(type: T): AdapterMethodName<T> =>
  type.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as AdapterMethodName<T>;

/** Where a step is taken: its number in the path (1 is signing in) and the screen it is taken from. */
export interface StepInfo {
  step: number;
  from: ScreenKey;
}

/** Which step of the path an assertion follows: its number in the checklist, so a failure names it. */
export type StepAt = Pick<StepInfo, 'step'>;

/** What the screen must be after a step. */
export interface ScreenExpectation {
  /** regsim's state id: what the reference adapter checks; a real adapter may ignore it. */
  state: string;
  /** The catalogue's screen (`machines/catalogue/screens.ts`): map it to what your page shows. */
  screen: ScreenKey;
  /** The page's title, where the seeds quote it. */
  title?: string;
  /** Text the page shows word for word, where the seeds quote it. */
  text?: string;
  /**
   * What the screen lists here, in the checklist's words, one line each:
   * `Methods offered: Phone, Email`, `Default sign-in method: Phone – text`.
   * The reference adapter reads them off its own snapshot; a real adapter
   * reads the page's list (the label before the colon says which).
   */
  lists?: readonly string[];
  /** The flow ends here. */
  final?: boolean;
}

/** One method per event the machines accept. */
export type EventMethods =
  & { [K in PlainEventType as AdapterMethodName<K>]: (step: StepInfo) => Awaitable<void> }
  & { [K in MethodEventType as AdapterMethodName<K>]: (method: MethodId, step: StepInfo) => Awaitable<void> }
  & { [K in OptionEventType as AdapterMethodName<K>]: (option: DefaultOptionId, step: StepInfo) => Awaitable<void> };

export interface RegsimAdapter extends EventMethods {
  /** The screen now must be this one, after the checklist's step `at.step`. */
  expectScreen(expected: ScreenExpectation, at?: StepAt): Awaitable<void>;
  /** The audit rows written since the last call (`Activity | Status | Reason`) must be exactly these. */
  expectAudit(rows: readonly string[], at?: StepAt): Awaitable<void>;
  /** The path is over. */
  close(): Awaitable<void>;
}

/** The path a test replays. */
export interface PathInfo {
  path: string;
  scenario: string;
  file: string;
}

/**
 * Creates an adapter for one path: a fresh session, signed in, on the flow's
 * first screen (the checklist's step 1).
 */
export type AdapterFactory = (scenario: ScenarioInput, path: PathInfo) => Awaitable<RegsimAdapter>;

/** The reference adapter: regsim's own machine for the scenario, started fresh for each path. */
export const referenceAdapter: AdapterFactory = (input, info) => {
  const scenario = Scenario.parse(input);
  const actor: AnyActorRef = createActor(machineFor(scenario.flow).machine, { input: scenario }).start();
  const snap = (): AnyMachineSnapshot => actor.getSnapshot() as AnyMachineSnapshot;
  let checked = 0;
  const where = (step: number) => `${info.path} step ${step}`;

  const send = (event: RegsimEvent, step: StepInfo) => {
    const s = snap();
    const at = shownScreen(s);
    if (at !== step.from) fail(`${where(step.step)}: expected to be on screen ${step.from}, but the screen is ${at} (${snapshotStateId(s)})`);
    if (!s.can(event)) {
      fail(`${where(step.step)}: "${eventLabel(event)}" (${formatEvent(event)}) is not possible on ${at} (${snapshotStateId(s)}); possible: ${possibleEvents(s).map(formatEvent).join(', ') || 'none'}`);
    }
    actor.send(event);
  };

  const methods: Record<string, (...args: never[]) => void> = {};
  for (const type of PLAIN_EVENT_TYPES) methods[adapterMethodName(type)] = (step: StepInfo) => send({ type } as RegsimEvent, step);
  for (const type of METHOD_EVENT_TYPES) methods[adapterMethodName(type)] = (method: MethodId, step: StepInfo) => send({ type, method }, step);
  for (const type of OPTION_EVENT_TYPES) methods[adapterMethodName(type)] = (option: DefaultOptionId, step: StepInfo) => send({ type, option }, step);

  return {
    ...(methods as unknown as EventMethods),
    expectScreen(expected, at) {
      const s = snap();
      const key = shownScreen(s);
      const entry = SCREENS[key] as { title?: { text: string }; text?: { text: string } };
      const actual: ScreenExpectation = {
        state: snapshotStateId(s), screen: key,
        ...(expected.title !== undefined ? { title: entry.title?.text ?? '(no title)' } : {}),
        ...(expected.text !== undefined ? { text: entry.text?.text ?? '(no verbatim text)' } : {}),
        ...(expected.lists !== undefined ? { lists: screenDetails(key, s) } : {}),
        ...(expected.final !== undefined ? { final: s.status === 'done' } : {}),
      };
      deepStrictEqual(actual, { ...expected }, `${at ? where(at.step) : info.path}: the screen is not the one expected`);
    },
    expectAudit(rows, at) {
      const written = auditLogOf(snap()).map(formatAuditRow);
      const fresh = written.slice(checked);
      checked = written.length;
      deepStrictEqual(fresh, [...rows], `${at ? where(at.step) : info.path}: the audit rows written are not the ones expected`);
    },
    close() {
      const unchecked = auditLogOf(snap()).map(formatAuditRow).slice(checked);
      actor.stop();
      deepStrictEqual(unchecked, [], `${info.path}: audit rows were written that no expectAudit checked`);
    },
  };
};
