/**
 * The reachable state graph of one scenario, from `xstate/graph`'s
 * `getAdjacencyMap`: states keyed on what a user can see and guards read
 * (`machines/index.ts`), events from `possibleEvents`. The machine is wrapped
 * so each step also records the transitions it took, eventless ones included
 * (XState reports them as `@xstate.microstep` inspection events). Paths,
 * coverage and checking are all computed from this graph.
 */
import type { AnyActorScope, AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { machineFor, snapshotKey } from '../../machines/index.ts';
import type { RegsimEvent } from '../../machines/events.ts';
import type { AuditRow } from '../domain/audit.ts';
import type { RuleId } from '../domain/rules.ts';
import type { Scenario } from '../scenario/schema.ts';
import { formatEvent, possibleEvents } from '../simulate/events.ts';
import { snapshotStateId } from '../simulate/stateId.ts';
import { stateRules, transitionKey } from './transitions.ts';

export interface GraphNode {
  index: number;
  key: string;
  /** Dotted id of the active leaf state, e.g. `wizard.setup.email.enterCode`. */
  state: string;
  final: boolean;
  snapshot: AnyMachineSnapshot;
  /** Rules cited by the active state nodes. */
  rules: RuleId[];
}

export interface GraphEdge {
  index: number;
  from: number;
  to: number;
  event: RegsimEvent;
  label: string;
  /** Machine transitions taken (transition ids), eventless ones included. */
  transitions: string[];
  /**
   * Audit rows this step writes. Taken from the edge's own transition: a
   * node's snapshot carries the log of whichever path reached it first.
   */
  audit: AuditRow[];
}

export interface StateGraph {
  machine: AnyStateMachine;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Edges leaving each node, by node index. */
  out: GraphEdge[][];
  /** Transitions the initial macrostep took (the gate's eventless routing). */
  initialTransitions: string[];
}

/**
 * The default cap on exploration, which `--max-states` raises. xstate/graph
 * counts every transition it follows, so this bounds transitions explored.
 */
export const DEFAULT_STATE_LIMIT = 500_000;

export class GraphTooLarge extends Error {}

type Microstep = { type: string; _transitions?: unknown[] };

const auditOf = (s: AnyMachineSnapshot): AuditRow[] => (s.context as { audit?: AuditRow[] }).audit ?? [];

/** A scope whose inspection sink collects the microsteps' transitions. */
function capturing(scope: AnyActorScope, sink: string[]): AnyActorScope {
  const system = Object.create(scope.system, {
    _sendInspectionEvent: {
      value: (e: Microstep) => {
        if (e.type === '@xstate.microstep') for (const t of e._transitions ?? []) sink.push(transitionKey(t as never));
      },
    },
  });
  return { ...scope, system };
}

/** The machine, but every snapshot it produces remembers the transitions that made it. */
function recording(machine: AnyStateMachine, taken: WeakMap<object, string[]>): AnyStateMachine {
  const logic = Object.create(machine) as AnyStateMachine;
  logic.transition = (snapshot, event, scope) => {
    const sink: string[] = [];
    const next = machine.transition(snapshot, event, capturing(scope, sink));
    taken.set(next, sink);
    return next;
  };
  logic.getInitialSnapshot = (scope, input) => {
    const sink: string[] = [];
    const first = machine.getInitialSnapshot(capturing(scope, sink), input);
    taken.set(first, sink);
    return first;
  };
  return logic;
}

const activeRules = (s: AnyMachineSnapshot): RuleId[] => {
  const nodes = (s as unknown as { _nodes: AnyStateNode[] })._nodes;
  return [...new Set(nodes.flatMap(stateRules))];
};

export function exploreScenario(scenario: Scenario, limit = DEFAULT_STATE_LIMIT): StateGraph {
  const entry = machineFor(scenario.flow);
  const taken = new WeakMap<object, string[]>();
  let adjacency: ReturnType<typeof getAdjacencyMap>;
  try {
    adjacency = getAdjacencyMap(recording(entry.machine, taken), {
      input: scenario,
      events: (s) => possibleEvents(s as AnyMachineSnapshot),
      serializeState: (s) => snapshotKey(entry, s as AnyMachineSnapshot),
      limit,
    });
  } catch (err) {
    if ((err as Error).message === 'Traversal limit exceeded') {
      throw new GraphTooLarge(`"${scenario.name}": exploring its states followed more than ${limit} transitions; raise --max-states, or enable fewer methods in the scenario`);
    }
    throw err;
  }
  const nodes: GraphNode[] = [];
  const byKey = new Map<string, number>();
  for (const [key, { state }] of Object.entries(adjacency)) {
    const snapshot = state as AnyMachineSnapshot;
    byKey.set(key, nodes.length);
    nodes.push({ index: nodes.length, key, state: snapshotStateId(snapshot), final: snapshot.status === 'done', snapshot, rules: activeRules(snapshot) });
  }
  const edges: GraphEdge[] = [];
  const out: GraphEdge[][] = nodes.map(() => []);
  for (const [key, { transitions }] of Object.entries(adjacency)) {
    const from = byKey.get(key)!;
    for (const { event, state } of Object.values(transitions) as Array<{ event: unknown; state: object }>) {
      const to = byKey.get(snapshotKey(entry, state as AnyMachineSnapshot));
      if (to === undefined) continue;
      const e = event as RegsimEvent;
      const written = auditOf(state as AnyMachineSnapshot).slice(auditOf(nodes[from]!.snapshot).length);
      const edge: GraphEdge = { index: edges.length, from, to, event: e, label: formatEvent(e), transitions: taken.get(state) ?? [], audit: written };
      edges.push(edge);
      out[from]!.push(edge);
    }
  }
  const initialTransitions = taken.get(nodes[0]!.snapshot) ?? [];
  return { machine: entry.machine, nodes, edges, out, initialTransitions };
}

/** State ids reachable from the initial state, in discovery order. */
export const reachableStates = (g: StateGraph): string[] => [...new Set(g.nodes.map((n) => n.state))];
