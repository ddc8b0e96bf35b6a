/**
 * The deterministic runner: creates the scenario's machine with the scenario
 * as input, sends its scripted steps, and records the trace, the audit log
 * and the outcome. Nothing here reads a clock.
 */
import { createActor, type AnyMachineSnapshot } from 'xstate';
import { screenText } from '../../machines/catalogue/index.ts';
import { machineFor } from '../../machines/index.ts';
import { eventPayload, isEventType, type RegsimEvent } from '../../machines/events.ts';
import type { AuditRow } from '../domain/audit.ts';
import { reviewDefaultNow, type WizardContext } from '../../machines/context.ts';
import type { DefaultOptionId } from '../domain/defaultOptions.ts';
import { defaultOf, shownPage, type SecurityInfo } from '../domain/manage.ts';
import type { MethodId } from '../domain/methods.ts';
import { reviewList } from '../domain/refresh.ts';
import type { Scenario, Step } from '../scenario/schema.ts';
import { formatEvent, possibleEvents } from './events.ts';
import { auditLogOf } from './auditLog.ts';
import { describeRefusal, explainRefusal, type RefusalReport } from './refusal.ts';
import { snapshotStateId, stateMatches } from './stateId.ts';

export interface TraceStep {
  /** `null` for the initial state. */
  event: string | null;
  /** The index in `steps` (0-based) of the step this entry records; absent for the start. */
  step?: number;
  /**
   * States entered and left again within this step, before `state`: those an
   * eventless transition passes through (`gate`, `legacySsprSetup`,
   * `wizard.setup.route`), in order.
   */
  passed: string[];
  state: string;
  /** The text the user sees there, where the seeds give it verbatim (the catalogue's screen text). */
  screen?: string;
  /** Audit rows this step wrote. */
  audit: readonly AuditRow[];
  /** The step was refused, as it said it must be; the walk stays in `state`. */
  refused?: true;
  /** What the user can pick in `state` (the methods or options its SELECT events accept), where the step asks. */
  choices?: string[];
  /** The methods the screen in `state` lists, where the step asks. */
  listed?: MethodId[];
}

export interface StepFailure {
  /** 1-based: the first step is 1. */
  step: number;
  /** What went wrong: the machine refused the event, accepted one marked refused, or reached another state. */
  kind: 'unknownEvent' | 'refused' | 'notRefused' | 'otherState';
  message: string;
  /** What the walk met: the state it was in (an event refused or unknown there), the other state it reached, or `possible` for an event that should have been refused. */
  actual?: string;
  /** Why the machine refused the step's event, when it did. */
  refusal?: RefusalReport;
}

export interface Run {
  trace: TraceStep[];
  audit: readonly AuditRow[];
  /** The final state once the machine is done, else `null`. */
  outcome: string | null;
  state: string;
  failures: StepFailure[];
  /** Events possible where the run stopped. */
  next: string[];
  /** MTH-04: the default sign-in option where the walk ended (the page shown, or the wizard's review, INT-09). */
  defaultOption: DefaultOptionId | null;
  /** The methods listed where the walk ended: the Security info page, the review (REF-01), or the methods set up in the wizard (INT-09). */
  listed: MethodId[];
}

export const stepEvent = (step: Step): RegsimEvent | string => {
  const type = typeof step === 'string' ? step : step.send;
  if (!isEventType(type)) return type;
  if (typeof step !== 'string' && step.method) return { type, method: step.method } as RegsimEvent;
  if (typeof step !== 'string' && step.option) return { type, option: step.option } as RegsimEvent;
  return { type } as RegsimEvent;
};

/** A step marked `refused`: a check that its event is not possible there, which moves the walk nowhere. */
export const isRefusedStep = (step: Step): boolean => typeof step !== 'string' && step.refused === true;

/** The state a step expects to reach, whichever way it is written. */
export const stepExpectedState = (step: Step): string | undefined =>
  (typeof step === 'string' ? undefined : typeof step.expect === 'string' ? step.expect : step.expect?.state);

/** The text the snapshot's screen shows word for word, where the seeds give it. */
function screenTextOf(s: AnyMachineSnapshot): { screen?: string } {
  const screen = screenText(s);
  return screen ? { screen } : {};
}

/** What the user can pick here: the method or option of every SELECT event possible now. */
export const choicesHere = (s: AnyMachineSnapshot): string[] =>
  possibleEvents(s).flatMap((e) => (e.type === 'SELECT_METHOD' || e.type === 'SELECT_DEFAULT' ? [eventPayload(e)!] : []));

type Microstep = { type: string; snapshot?: AnyMachineSnapshot; _transitions?: Array<{ eventType: string; source: { path: string[] } }> };

/**
 * Records every state a macrostep enters, eventless hops included: the
 * source of each eventless transition and the state each microstep lands in
 * (XState's `@xstate.microstep` inspection events).
 */
class Passage {
  private states: string[] = [];
  readonly inspect = (e: Microstep) => {
    if (e.type !== '@xstate.microstep') return;
    for (const t of e._transitions ?? []) if (t.eventType === '') this.add(t.source.path.join('.'));
    if (e.snapshot) this.add(snapshotStateId(e.snapshot));
  };
  private add(state: string) {
    if (state && this.states.at(-1) !== state) this.states.push(state);
  }
  /** The states passed through since the last call, `settled` (where the step ended) excluded. */
  take(settled: string, from?: string): string[] {
    const all = this.states;
    this.states = [];
    const start = from !== undefined && all[0] === from ? 1 : 0;
    return all.slice(start, all.at(-1) === settled ? -1 : undefined);
  }
}

type DefaultContext = { page?: SecurityInfo; wizard?: WizardContext };

/**
 * MTH-04: the default sign-in option a snapshot shows: the Security info
 * page's (the directory shown), or the one the wizard's review shows
 * (INT-09); `null` for none.
 */
export function defaultShown(s: AnyMachineSnapshot): DefaultOptionId | null {
  const c = s.context as DefaultContext;
  if (c.page) return defaultOf(shownPage(c.page));
  return c.wizard ? reviewDefaultNow(c.wizard) : null;
}

/**
 * The methods the screen lists: the Security info page of the directory
 * shown (page order), the SSPR review (REF-01: MFA methods first), or the
 * wizard's methods set up so far, in the order they were (INT-09).
 */
export function listedShown(s: AnyMachineSnapshot): MethodId[] {
  const c = s.context as DefaultContext;
  if (c.page) {
    const held = shownPage(c.page).methods.map((h) => h.method);
    return snapshotStateId(s) === 'review' ? reviewList(held) : held;
  }
  return c.wizard ? [...c.wizard.registered] : [];
}

/** Walk the scenario's steps through its flow's machine. */
export function runScenario(scenario: Scenario): Run {
  const { machine } = machineFor(scenario.flow);
  const passage = new Passage();
  const actor = createActor(machine, { input: scenario, inspect: passage.inspect as never });
  // An action that throws fails the actor; without an observer XState would rethrow it outside this call.
  actor.subscribe({ error: () => {} });
  actor.start();
  let snap = actor.getSnapshot();
  const trace: TraceStep[] = [{ event: null, passed: passage.take(snapshotStateId(snap)), state: snapshotStateId(snap), ...screenTextOf(snap), audit: auditLogOf(snap) }];
  const failures: StepFailure[] = [];
  scenario.steps.forEach((step, i) => {
    if (failures.length) return;
    const event = stepEvent(step);
    const here = snapshotStateId(snap);
    const asks = typeof step !== 'string' && typeof step.expect === 'object' ? step.expect : {};
    const observed = (s: AnyMachineSnapshot) => ({
      ...(asks.choices !== undefined ? { choices: choicesHere(s) } : {}),
      ...(asks.listed !== undefined ? { listed: listedShown(s) } : {}),
    });
    if (typeof event === 'string') {
      failures.push({ step: i + 1, kind: 'unknownEvent', message: `unknown event "${event}"`, actual: here });
      return;
    }
    const label = formatEvent(event);
    const refusedExpected = isRefusedStep(step);
    if (!snap.can(event)) {
      if (refusedExpected) {
        trace.push({ event: label, step: i, passed: [], state: here, ...screenTextOf(snap), audit: [], refused: true, ...observed(snap) });
        return;
      }
      const refusal = explainRefusal(snap, event);
      failures.push({ step: i + 1, kind: 'refused', message: describeRefusal(event, here, refusal), refusal, actual: here });
      return;
    }
    if (refusedExpected) {
      const targets = (snap.machine.getTransitionData(snap as never, event) ?? []).flatMap((t) => (t.target ?? []).map((n) => n.path.join('.')));
      failures.push({ step: i + 1, kind: 'notRefused', message: `${label} should be refused in ${here}, but it is possible there${targets.length ? ` (it goes to ${targets.join(', ')})` : ''}`, actual: 'possible' });
      return;
    }
    const before = auditLogOf(snap).length;
    actor.send(event);
    snap = actor.getSnapshot();
    if (snap.status === 'error') {
      const error = (snap as { error?: unknown }).error;
      throw new Error(`${label} failed in ${here}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const state = snapshotStateId(snap);
    trace.push({
      event: label, step: i, passed: passage.take(state, here), state, ...screenTextOf(snap), audit: auditLogOf(snap).slice(before),
      ...observed(snap),
    });
    const expected = stepExpectedState(step);
    if (expected && !stateMatches(state, expected)) {
      failures.push({ step: i + 1, kind: 'otherState', message: `after ${label} expected ${expected}, got ${state}`, actual: state });
    }
  });
  actor.stop();
  return {
    trace, audit: auditLogOf(snap), failures,
    outcome: snap.status === 'done' ? snapshotStateId(snap) : null,
    state: snapshotStateId(snap),
    next: possibleEvents(snap).map(formatEvent),
    defaultOption: defaultShown(snap),
    listed: listedShown(snap),
  };
}
