/** What the machine tests share: building events and walking a machine strictly. */
import { createActor, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { RegsimEvent } from '../machines/events.ts';
import { exploreScenario } from '../src/paths/graph.ts';
import { checkExpectations } from '../src/simulate/expectations.ts';
import { runScenario } from '../src/simulate/runner.ts';
import type { DefaultOptionId } from '../src/domain/defaultOptions.ts';
import type { MethodId } from '../src/domain/methods.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import { formatEvent, possibleEvents } from '../src/simulate/events.ts';
import { snapshotStateId } from '../src/simulate/stateId.ts';

export const ev = (type: string, method?: MethodId): RegsimEvent =>
  (method ? { type, method } : { type }) as RegsimEvent;

/** `SELECT_DEFAULT(option)`: manage mode's "Change default" names a sign-in option (MTH-04). */
export const pick = (option: DefaultOptionId): RegsimEvent => ({ type: 'SELECT_DEFAULT', option });

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

/** A scenario's scripted walk checked against its `expect` by the same checker `regsim run` uses. */
export function failedWalkChecks(scenario: Scenario): Array<{ field: string; expected: unknown; actual: unknown }> {
  return checkExpectations(scenario, runScenario(scenario)).filter((c) => !c.ok).map(({ field, expected, actual }) => ({ field, expected, actual }));
}

/** The scenario's reachable graph as path generation builds it: node count and final state ids. */
export function graphSize(scenario: Scenario): { nodes: number; edges: number; finals: Set<string> } {
  const g = exploreScenario(scenario);
  return { nodes: g.nodes.length, edges: g.edges.length, finals: new Set(g.nodes.filter((n) => n.final).map((n) => n.state)) };
}

/** What a flow's `observe` says of a context, as the key's text: its words, space-separated. */
export function words<C>(observe: (context: C, into: string[]) => void, context: C): string {
  const into: string[] = [];
  observe(context, into);
  return into.join(' ');
}
