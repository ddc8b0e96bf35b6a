/**
 * What pageParts.test.ts and shippedScenarios.test.ts compare a page explored
 * part by part on: what a graph covers, and whether its paths replay on the
 * real machine.
 */
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { machineFor, snapshotKey } from '../machines/index.ts';
import { reachableTransitions } from '../src/paths/cover.ts';
import { reachableStates, type StateGraph } from '../src/paths/graph.ts';
import { transitionsOf } from '../src/paths/transitions.ts';
import type { Scenario } from '../src/scenario/schema.ts';

export const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** What a graph covers: state ids, machine transitions, and the rules its states and transitions cite. */
export function covered(g: StateGraph) {
  const rulesOf = new Map(transitionsOf(g.machine).map((t) => [t.id, t.rules]));
  const transitions = reachableTransitions(g);
  return {
    states: sorted(reachableStates(g)),
    transitions: sorted(transitions),
    rules: sorted([...g.nodes.flatMap((n) => n.rules), ...[...transitions].flatMap((t) => rulesOf.get(t) ?? [])]),
  };
}

/** The events of a graph path replayed from the machine's own initial state: each step must reach the node the path says. */
function replays(g: StateGraph, scenario: Scenario, path: readonly number[]): string | null {
  const entry = machineFor(scenario.flow);
  let [s] = initialTransition(g.machine, scenario) as [AnyMachineSnapshot, unknown];
  if (snapshotKey(entry, s) !== g.nodes[0]!.key) return 'the initial state differs';
  for (const i of path) {
    const e = g.edges[i]!;
    const [next] = transition(g.machine, s, e.event) as [AnyMachineSnapshot, unknown];
    if (next === s || snapshotKey(entry, next) !== g.nodes[e.to]!.key) return `${e.label} from ${g.nodes[e.from]!.state} does not reach ${g.nodes[e.to]!.key}`;
    s = next;
  }
  return null;
}

export const unreplayable = (g: StateGraph, scenario: Scenario, paths: Iterable<readonly number[]>): string[] =>
  [...paths].map((p) => replays(g, scenario, p)).filter((x): x is string => x !== null);
