/**
 * The reachable state graph of one scenario, from `xstate/graph`'s
 * `getAdjacencyMap`: states keyed on what a user can see and guards read
 * (`machines/index.ts`), events from `possibleEvents`. Everything else —
 * reachability, paths, coverage, checking — is computed from this graph.
 */
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { machineFor, snapshotKey } from '../../machines/index.ts';
import type { RegsimEvent } from '../../machines/events.ts';
import type { Scenario } from '../scenario/schema.ts';
import { formatEvent, possibleEvents } from '../simulate/events.ts';
import { snapshotStateId } from '../simulate/stateId.ts';

export interface GraphNode {
  index: number;
  key: string;
  /** Dotted id of the active leaf state, e.g. `wizard.setup.email.enterCode`. */
  state: string;
  final: boolean;
  snapshot: AnyMachineSnapshot;
}

export interface GraphEdge {
  index: number;
  from: number;
  to: number;
  event: RegsimEvent;
  label: string;
  /** The machine transition taken, as `source-state-id:EVENT[:n]`, for transition coverage. */
  transition: string;
}

export interface StateGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Edges leaving each node, by node index. */
  out: GraphEdge[][];
}

/** The default cap on explored states; raise it with `limit` for bigger scenarios. */
export const DEFAULT_STATE_LIMIT = 200_000;

export function exploreScenario(scenario: Scenario, limit = DEFAULT_STATE_LIMIT): StateGraph {
  const entry = machineFor(scenario.flow);
  const adjacency = getAdjacencyMap(entry.machine, {
    input: scenario,
    events: (s) => possibleEvents(s as AnyMachineSnapshot),
    serializeState: (s) => snapshotKey(entry, s as AnyMachineSnapshot),
    limit,
  });
  const nodes: GraphNode[] = [];
  const byKey = new Map<string, number>();
  for (const [key, { state }] of Object.entries(adjacency)) {
    const snapshot = state as AnyMachineSnapshot;
    byKey.set(key, nodes.length);
    nodes.push({ index: nodes.length, key, state: snapshotStateId(snapshot), final: snapshot.status === 'done', snapshot });
  }
  const edges: GraphEdge[] = [];
  const out: GraphEdge[][] = nodes.map(() => []);
  for (const [key, { transitions }] of Object.entries(adjacency)) {
    const from = byKey.get(key)!;
    for (const { event, state } of Object.values(transitions) as Array<{ event: unknown; state: unknown }>) {
      const to = byKey.get(snapshotKey(entry, state as AnyMachineSnapshot));
      if (to === undefined) continue;
      const e = event as RegsimEvent;
      const edge: GraphEdge = {
        index: edges.length, from, to, event: e, label: formatEvent(e),
        transition: transitionId(nodes[from]!.snapshot, e),
      };
      edges.push(edge);
      out[from]!.push(edge);
    }
  }
  return { nodes, edges, out };
}

/**
 * Which transition of the machine an event takes from a snapshot: the source
 * state node and the index of the candidate that was enabled. Two events that
 * take the same transition (SELECT_METHOD for two methods) share the id.
 */
export function transitionId(snapshot: AnyMachineSnapshot, event: RegsimEvent): string {
  const machine = snapshot.machine;
  const taken = machine.getTransitionData(snapshot as never, event as never) as Array<{ source: AnyStateNode; eventType: string; target?: readonly AnyStateNode[] }>;
  const t = taken[0];
  if (!t) return `?:${event.type}`;
  const candidates = t.source.transitions.get(t.eventType) ?? [];
  const n = candidates.indexOf(t as never);
  return `${t.source.id}:${t.eventType}${n > 0 ? `:${n}` : ''}`;
}

/** State ids reachable from the initial state, in discovery order. */
export const reachableStates = (g: StateGraph): string[] => [...new Set(g.nodes.map((n) => n.state))];
