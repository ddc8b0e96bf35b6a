/** What the machine tests share: building events and walking a machine strictly. */
import { createActor, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { RegsimEvent } from '../machines/events.ts';
import type { MethodId } from '../src/domain/methods.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import { formatEvent, possibleEvents } from '../src/simulate/events.ts';
import { snapshotStateId } from '../src/simulate/stateId.ts';

export const ev = (type: string, method?: MethodId): RegsimEvent =>
  (method ? { type, method } : { type }) as RegsimEvent;

/** Start `machine` on `scenario` and send each event, failing on one the snapshot does not accept. */
export function walkMachine(machine: AnyStateMachine, scenario: Scenario, events: readonly RegsimEvent[]): AnyMachineSnapshot {
  const actor = createActor(machine, { input: scenario }).start();
  for (const e of events) {
    const snap = actor.getSnapshot();
    if (!snap.can(e)) {
      throw new Error(`${formatEvent(e)} not possible in ${snapshotStateId(snap)}; possible: ${possibleEvents(snap).map(formatEvent).join(', ')}`);
    }
    actor.send(e);
  }
  return actor.getSnapshot();
}
