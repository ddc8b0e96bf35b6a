/**
 * The deterministic runner: creates the scenario's machine with the scenario
 * as input, sends its scripted steps, and records the trace, the audit log
 * and the outcome. Nothing here reads a clock.
 */
import { createActor, type AnyMachineSnapshot } from 'xstate';
import { screenText } from '../../machines/catalogue/index.ts';
import { machineFor } from '../../machines/index.ts';
import { isEventType, type RegsimEvent } from '../../machines/events.ts';
import type { AuditRow } from '../domain/audit.ts';
import type { Scenario, Step } from '../scenario/schema.ts';
import { formatEvent, possibleEvents } from './events.ts';
import { snapshotStateId, stateMatches } from './stateId.ts';

export interface TraceStep {
  /** `null` for the initial state. */
  event: string | null;
  state: string;
  /** The text the user sees there, where the seeds give it verbatim (the catalogue's screen text). */
  screen?: string;
  /** Audit rows this step wrote. */
  audit: AuditRow[];
}

export interface StepFailure {
  step: number;
  message: string;
}

export interface Run {
  trace: TraceStep[];
  audit: AuditRow[];
  /** The final state once the machine is done, else `null`. */
  outcome: string | null;
  state: string;
  failures: StepFailure[];
  /** Events possible where the run stopped. */
  next: string[];
}

export const stepEvent = (step: Step): RegsimEvent | string => {
  const type = typeof step === 'string' ? step : step.send;
  if (!isEventType(type)) return type;
  if (typeof step !== 'string' && step.method) return { type, method: step.method } as RegsimEvent;
  return { type } as RegsimEvent;
};

const auditOf = (s: AnyMachineSnapshot): AuditRow[] => (s.context as { audit?: AuditRow[] }).audit ?? [];

/** The text the snapshot's screen shows word for word, where the seeds give it. */
function screenTextOf(s: AnyMachineSnapshot): { screen?: string } {
  const screen = screenText(s);
  return screen ? { screen } : {};
}

/** Walk the scenario's steps through its flow's machine. */
export function runScenario(scenario: Scenario): Run {
  const { machine } = machineFor(scenario.flow);
  const actor = createActor(machine, { input: scenario });
  // An action that throws fails the actor; without an observer XState would rethrow it outside this call.
  actor.subscribe({ error: () => {} });
  actor.start();
  let snap = actor.getSnapshot();
  const trace: TraceStep[] = [{ event: null, state: snapshotStateId(snap), ...screenTextOf(snap), audit: auditOf(snap) }];
  const failures: StepFailure[] = [];
  scenario.steps.forEach((step, i) => {
    if (failures.length) return;
    const event = stepEvent(step);
    const label = typeof event === 'string' ? event : formatEvent(event);
    const here = snapshotStateId(snap);
    if (typeof event === 'string') {
      failures.push({ step: i + 1, message: `unknown event "${event}"` });
      return;
    }
    if (!snap.can(event)) {
      const options = possibleEvents(snap).map(formatEvent);
      failures.push({ step: i + 1, message: `${label} is not possible in ${here}${snap.status === 'done' ? ' (the flow has ended)' : ''}; possible: ${options.join(', ') || 'none'}` });
      return;
    }
    const before = auditOf(snap).length;
    actor.send(event);
    snap = actor.getSnapshot();
    if (snap.status === 'error') {
      const error = (snap as { error?: unknown }).error;
      throw new Error(`${label} failed in ${here}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const state = snapshotStateId(snap);
    trace.push({ event: label, state, ...screenTextOf(snap), audit: auditOf(snap).slice(before) });
    const expected = typeof step === 'string' ? undefined : step.expect;
    if (expected && !stateMatches(state, expected)) {
      failures.push({ step: i + 1, message: `after ${label} expected ${expected}, got ${state}` });
    }
  });
  actor.stop();
  return {
    trace, audit: auditOf(snap), failures,
    outcome: snap.status === 'done' ? snapshotStateId(snap) : null,
    state: snapshotStateId(snap),
    next: possibleEvents(snap).map(formatEvent),
  };
}
