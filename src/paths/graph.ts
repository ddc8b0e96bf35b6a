/**
 * The reachable state graph of one scenario: states keyed on what a user can
 * see and guards read (`machines/index.ts`), the events some active state node handles
 * (`eventsToTry`), explored breadth first from the initial snapshot. Each step also records
 * the machine transitions it took, eventless ones included (XState reports
 * them as `@xstate.microstep` inspection events). Paths, coverage and
 * checking are all computed from this graph.
 *
 * The traversal is `xstate/graph`'s `getAdjacencyMap` — same order, same
 * nodes, same edges (a test compares them) — done in one pass that keeps
 * what a graph needs and hands each step to a visitor instead of keeping
 * every successor snapshot: `getAdjacencyMap` holds one per transition, and
 * its queue one more, which a realistic tenant cannot afford. It also counts
 * what its cap says: states.
 */
import type { AnyActorScope, AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { createEmptyActor } from 'xstate';
import { machineFor, snapshotKeyWords } from '../../machines/index.ts';
import type { PartByPart } from '../../machines/fragments/manage.ts';
import type { RegsimEvent } from '../../machines/events.ts';
import type { AuditRow } from '../domain/audit.ts';
import type { RuleId } from '../domain/rules.ts';
import { ruleApplies } from '../domain/ruleScope.ts';
import type { Scenario } from '../scenario/schema.ts';
import { eventsToTry, eventsToTryAmong, formatEvent, possibleEventsAmong } from '../simulate/events.ts';
import { auditLogOf } from '../simulate/auditLog.ts';
import { activeLeaf, activeNodes, snapshotStateId } from '../simulate/stateId.ts';
import { stateNodesOf, stateRules, transitionKey } from './transitions.ts';

export interface GraphNode {
  index: number;
  key: string;
  /** Dotted id of the active leaf state, e.g. `wizard.setup.email.enterCode`. */
  state: string;
  final: boolean;
  /** The first snapshot reached with this key (its audit log is that path's). */
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
  /**
   * The Security info page was explored one part at a time (`onePartAtATime`
   * in `machines/fragments/manage.ts`): too large whole, it is the sub-graph
   * in which the page differs from the opened one in one part at most.
   */
  byParts?: true;
}

/**
 * The default cap on the states one scenario may have: twenty times the
 * largest shipped scenario, and reached (then refused) in seconds, in a few
 * hundred megabytes.
 */
export const DEFAULT_MAX_STATES = 100_000;

/** A graph refused at the cap, with how far exploring got (the command names the scenario). */
export class GraphTooLarge extends Error {
  constructor(readonly scenario: string, readonly maxStates: number, readonly transitions: number) {
    const n = (x: number) => x.toLocaleString('en');
    super(`more than ${n(maxStates)} states (stopped at state ${n(maxStates + 1)}, after ${n(transitions)} transitions); `
      + 'raise --max-states, or enable fewer methods in the scenario');
  }
}

/** One step as exploring takes it: the edge, and the snapshots it really goes between. */
export interface ExploredStep {
  edge: GraphEdge;
  from: GraphNode;
  to: GraphNode;
  /** The graph as explored so far. */
  graph: StateGraph;
  /** The source node's snapshot. */
  before: AnyMachineSnapshot;
  /** What the event made of it: the target node's key, with this path's audit log. */
  after: AnyMachineSnapshot;
}

export interface ExploreOptions {
  maxStates?: number;
  /** Another machine for the scenario's flow (a broken copy, in tests). */
  machine?: AnyStateMachine;
  /** Another state key (a finer or coarser one, in tests). */
  key?: (s: AnyMachineSnapshot) => string;
  /** Told each step as it is taken, in one object reused for the next step: keep its fields, not it. */
  onStep?: (step: ExploredStep) => void;
  /**
   * A Security info page: `auto` (the default) explores it whole when it
   * fits the cap and one part at a time when it does not; `whole` never
   * splits it; `parts` splits it whatever its size.
   */
  page?: 'auto' | 'whole' | 'parts';
  /** Told when a refused page starts over part by part: forget the steps told so far. */
  onRestart?: () => void;
}

const EMPTY: never[] = [];

/**
 * A value per distinct sequence of keys, found a key at a time (a trie of
 * maps): a key that is an object or a string seen before is found without
 * reading it through, so no lookup builds or hashes the whole sequence.
 */
interface Trie<K, V> { value?: V; next?: Map<K, Trie<K, V>> }

/** The place of `ks` from `from` on in the trie at `root`, made if new. */
function placeOf<K, V>(root: Trie<K, V>, ks: readonly K[], from = 0): Trie<K, V> {
  let at = root;
  for (let i = from; i < ks.length; i++) {
    const next = (at.next ??= new Map());
    let child = next.get(ks[i]!);
    if (!child) next.set(ks[i]!, (child = {}));
    at = child;
  }
  return at;
}

/**
 * One list per distinct sequence of objects, found by the objects
 * themselves: steps repeat the same few sequences of transitions and audit
 * rows, so a million edges share a few dozen lists.
 */
function listsOf<T extends object, U>(make: (xs: readonly T[]) => U[]): (xs: readonly T[], from?: number) => U[] {
  const root: Trie<T, U[]> = {};
  return (xs, from = 0) => {
    if (xs.length <= from) return EMPTY;
    const at = placeOf(root, xs, from);
    return (at.value ??= make(xs.slice(from)));
  };
}

/**
 * An inert scope, as `xstate/graph` traverses with: the machines run no side
 * effects (no invoke, no delays) and start no actor. xstate's own
 * `transition()` creates an actor per call, which evaluates the machine's
 * initial context without input. `inspect` is told XState's inspection events.
 */
export function inertScope(inspect?: (e: { type: string; _transitions?: object[] }) => void): AnyActorScope {
  const self = createEmptyActor();
  const system = inspect ? Object.create(self.system, { _sendInspectionEvent: { value: inspect } }) : self.system;
  return {
    self, system, id: '', sessionId: 'regsim', logger: () => {},
    defer: () => {}, stopChild: () => {}, emit: () => {}, actionExecutor: () => {},
  } as unknown as AnyActorScope;
}

/**
 * An inert scope whose inspection sink collects each microstep's transitions;
 * `take` hands over those of the last step as transition ids, one shared list
 * per distinct sequence.
 */
function recordingScope(): { scope: AnyActorScope; take: () => string[] } {
  const sink: object[] = [];
  // A transition definition is one object for the machine's life: its id is worked out once.
  const ids = new WeakMap<object, string>();
  const idOf = (t: object) => { let id = ids.get(t); if (id === undefined) ids.set(t, (id = transitionKey(t as never))); return id; };
  const listOf = listsOf((ts: readonly object[]) => ts.map(idOf));
  const scope = inertScope((e) => {
    if (e.type === '@xstate.microstep') for (const t of e._transitions ?? []) sink.push(t);
  });
  const take = (): string[] => {
    const list = listOf(sink);
    sink.length = 0;
    return list;
  };
  return { scope, take };
}

/**
 * What every node in the same configuration shares: its id and the rules its
 * state nodes cite, those that bite in this graph's scenario (`applies`).
 */
function configurations(applies: (r: RuleId) => boolean): (s: AnyMachineSnapshot) => { state: string; rules: RuleId[] } {
  const byLeaf = new WeakMap<AnyStateNode, { state: string; rules: RuleId[] }>();
  const of = (s: AnyMachineSnapshot) =>
    ({ state: snapshotStateId(s), rules: [...new Set(activeNodes(s).flatMap(stateRules))].filter(applies) });
  return (s) => {
    const leaf = activeLeaf(s);
    if (!leaf) return of(s);
    let c = byLeaf.get(leaf);
    if (!c) byLeaf.set(leaf, (c = of(s)));
    return c;
  };
}

/** The events exploring tries in a snapshot when it takes the page one part at a time. */
export const partEvents = ({ keep }: PartByPart) => (s: AnyMachineSnapshot): RegsimEvent[] => possibleEventsAmong(s, keep(s.context));
/** The events exploring tries in a snapshot then (`eventsToTry`): those the part allows, accepted or not. */
const partEventsToTry = ({ keep }: PartByPart) => (s: AnyMachineSnapshot): RegsimEvent[] => eventsToTryAmong(s, keep(s.context));

/**
 * A scenario's graph. A Security info page whose whole graph is larger than
 * the cap (every method enabled: each method's count times every other's)
 * is explored one part at a time instead, where its scenario allows
 * (`onePartAtATime`): the cap then counts the states of that sub-graph.
 * Whether the whole page fits is judged from the pages it could have
 * times the machine's screens, and, judged wrong, from exploring it.
 */
export function exploreScenario(scenario: Scenario, options: ExploreOptions | number = {}): StateGraph {
  const o: ExploreOptions = typeof options === 'number' ? { maxStates: options } : options;
  const entry = machineFor(scenario.flow);
  const mode = o.page ?? 'auto';
  const parts = mode === 'whole' ? null : entry.parts?.(scenario) ?? null;
  const explore = (events: (s: AnyMachineSnapshot) => readonly RegsimEvent[]) => exploreMachine(o.machine ?? entry.machine, scenario, {
    ...o, name: scenario.name, events, keyWords: o.key ? oneWord(o.key) : (s, into) => snapshotKeyWords(entry, s, into),
    rulesApply: (r) => ruleApplies(r, scenario),
  });
  const byParts = (): StateGraph => {
    const g = explore(partEventsToTry(parts!));
    g.byParts = true;
    return g;
  };
  if (parts && (mode === 'parts' || tooLargeWhole(parts, o.machine ?? entry.machine, o.maxStates))) return byParts();
  try {
    return explore(eventsToTry);
  } catch (e) {
    if (!parts || !(e instanceof GraphTooLarge)) throw e;
  }
  o.onRestart?.();
  return byParts();
}

/** A key given as text, as the one word of itself (a test's key, the benchmark's). */
export const oneWord = (key: (s: AnyMachineSnapshot) => string) => (s: AnyMachineSnapshot, into: string[]): string[] => {
  into.length = 0;
  into.push(key(s));
  return into;
};

/**
 * Any machine's graph, given its input, the events to try in each snapshot
 * and the key (the yardstick, in the benchmark). An event the snapshot does
 * not accept leaves it as it was (XState returns the very same snapshot):
 * it makes no edge.
 */
export function exploreMachine(
  machine: AnyStateMachine, input: unknown,
  o: Omit<ExploreOptions, 'machine' | 'key'> & {
    name: string;
    events: (s: AnyMachineSnapshot) => readonly RegsimEvent[];
    /** A snapshot's key as words, in `into` (`snapshotKeyWords`); the node's key is them space-separated. */
    keyWords: (s: AnyMachineSnapshot, into: string[]) => readonly string[];
    /** Which rules its states cite bite here (`ruleApplies`); all, by default. */
    rulesApply?: (r: RuleId) => boolean;
  },
): StateGraph {
  const maxStates = o.maxStates ?? DEFAULT_MAX_STATES;
  const words: string[] = [];
  // Nodes by the words of their keys, a word at a time: a word is mostly a
  // string seen before, whose hash is kept, so no step builds or hashes its whole key.
  const byWords: Trie<string, number> = {};
  const { scope, take } = recordingScope();
  // Rows are made once each (src/domain/audit.ts): lists of the same rows are found by the rows.
  const rowsOf = listsOf((rows: readonly AuditRow[]) => rows as AuditRow[]);
  const labels = new Map<RegsimEvent, string>();
  const labelOf = (e: RegsimEvent) => { let l = labels.get(e); if (l === undefined) labels.set(e, (l = formatEvent(e))); return l; };
  const configuration = configurations(o.rulesApply ?? (() => true));

  const nodes: GraphNode[] = [];
  const out: GraphEdge[][] = [];
  const edges: GraphEdge[] = [];
  const graph: StateGraph = { machine, nodes, edges, out, initialTransitions: EMPTY };
  /** The node `snapshot`'s key names, added if it is new. */
  const nodeOf = (snapshot: AnyMachineSnapshot): number => {
    const ws = o.keyWords(snapshot, words);
    const at = placeOf(byWords, ws);
    if (at.value !== undefined) return at.value;
    if (nodes.length >= maxStates) throw new GraphTooLarge(o.name, maxStates, edges.length);
    const index = nodes.length;
    const { state, rules } = configuration(snapshot);
    nodes.push({ index, key: ws.join(' '), state, final: snapshot.status === 'done', snapshot, rules });
    out.push([]);
    at.value = index;
    return index;
  };

  // One step object, handed to the visitor step after step: it must not keep it (it keeps what it needs).
  const step: ExploredStep | null = o.onStep ? { graph } as ExploredStep : null;
  const first = machine.getInitialSnapshot(scope, input);
  graph.initialTransitions = take();
  nodeOf(first);
  for (let head = 0; head < nodes.length; head++) {
    const from = nodes[head]!;
    const before = from.snapshot;
    const written = auditLogOf(before).length;
    for (const event of o.events(before)) {
      const after = machine.transition(before, event, scope) as AnyMachineSnapshot;
      const taken = take();
      if (after === before) continue;
      const to = nodeOf(after);
      const edge: GraphEdge = {
        index: edges.length, from: head, to, event, label: labelOf(event),
        transitions: taken,
        audit: rowsOf(auditLogOf(after), written),
      };
      edges.push(edge);
      out[head]!.push(edge);
      if (step) {
        step.edge = edge; step.from = from; step.to = nodes[to]!; step.before = before; step.after = after;
        o.onStep!(step);
      }
    }
  }
  return graph;
}

/** How many screens a machine has: its atomic states. */
const screensOf = (machine: AnyStateMachine): number => stateNodesOf(machine).filter((n) => n.type === 'atomic').length;

/** Past the cap whole (each page times its screens): not worth exploring up to the cap before splitting it. */
const tooLargeWhole = (parts: PartByPart, machine: AnyStateMachine, maxStates = DEFAULT_MAX_STATES): boolean =>
  parts.wholePages * screensOf(machine) > maxStates;

/** Whether a scenario's page is explored one part at a time from the start, without trying it whole. */
export function splitsUpFront(scenario: Scenario, maxStates?: number): boolean {
  const entry = machineFor(scenario.flow);
  const parts = entry.parts?.(scenario) ?? null;
  return parts !== null && tooLargeWhole(parts, entry.machine, maxStates);
}

/** State ids reachable from the initial state, in discovery order. */
export const reachableStates = (g: StateGraph): string[] => [...new Set(g.nodes.map((n) => n.state))];
