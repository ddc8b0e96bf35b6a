/**
 * The model checker: explore every reachable state and transition of a
 * scenario (`exploreScenario`) and evaluate every invariant on each node,
 * each step as exploring takes it, and the graph; each violation comes with the shortest
 * event sequence from the initial state that reaches it. Deterministic: the
 * same scenario gives the same result, in the same order.
 */
import { bfs, pathTo } from '../paths/cover.ts';
import type { AnyStateMachine } from 'xstate';
import { exploreScenario, type ExploreOptions, type GraphEdge, type StateGraph } from '../paths/graph.ts';
import type { RuleId } from '../domain/rules.ts';
import type { Scenario } from '../scenario/schema.ts';
import { graphStepOf, stepsOf, type GraphStep, type Step } from './facts.ts';
import { INVARIANTS, type EdgePredicate, type Invariant } from './invariants.ts';

export interface Violation {
  invariant: string;
  rules: RuleId[];
  message: string;
  /** Event labels from the initial state, e.g. `NEXT`, `SELECT_METHOD(email)`. */
  path: string[];
  /** The state the violation shows at (after the last event of `path`). */
  state: string;
}

export interface ScenarioCheck {
  id: string;
  file: string;
  states: number;
  transitions: number;
  violations: Violation[];
  /** The Security info page was checked one part at a time (`StateGraph.byParts`). */
  byParts?: true;
}

export interface CheckOptions {
  maxStates?: number;
  invariants?: readonly Invariant[];
  /** Another machine for the scenario's flow (a broken copy, in tests). */
  machine?: AnyStateMachine;
  /** How to take a Security info page (`ExploreOptions.page`). */
  page?: ExploreOptions['page'];
  /** Handed the graph checked, for a caller that also wants its paths (the suite, which explores each shipped graph once). */
  onGraph?: (g: StateGraph) => void;
}

/** An edge invariant that failed on a step, found while exploring. */
interface EdgeHit { order: number; message: string; edge: GraphEdge }

/** Evaluates the edge invariants on each step and keeps what the path properties need. */
function stepChecker(scenario: Scenario, invariants: readonly Invariant[]) {
  const hits: EdgeHit[] = [];
  const steps: GraphStep[] = [];
  const edge = invariants.flatMap((inv, order) => (inv.kind === 'edge' ? [{ inv, order }] : []));
  // Only the steps some path property reads are kept for the whole graph.
  const wanted = invariants.flatMap((inv) => (inv.kind === 'graph' && inv.steps ? [inv.steps] : []));
  return {
    hits, steps,
    visit: (step: Step, g: StateGraph) => {
      for (const { inv, order } of edge) {
        const m = (inv.check as EdgePredicate)(scenario, step, g);
        if (m !== null) hits.push({ order, message: m, edge: step.edge });
      }
      for (const w of wanted) if (w(step)) { steps.push(graphStepOf(step)); break; }
    },
  };
}

/** Node and path properties on the whole graph, with the edge invariants' hits: each with its shortest counterexample. */
function violationsOf(
  scenario: Scenario, g: StateGraph, invariants: readonly Invariant[], hits: readonly EdgeHit[], steps: readonly GraphStep[],
): Violation[] {
  // The shortest path to a node is worked out for the nodes a violation shows at only.
  const via = bfs(g);
  const shortest = (node: number): number[] | null => pathTo(via, node);
  const labels = (edges: readonly number[]) => edges.map((i) => g.edges[i]!.label);
  // One counterexample per invariant, message and state: the shortest.
  const found = new Map<string, Violation & { order: number }>();
  const add = (inv: Invariant, order: number, message: string, node: number, edges: readonly number[] | null) => {
    if (edges === null) return;
    const v = { invariant: inv.id, rules: [...inv.rules], message, path: labels(edges), state: g.nodes[node]!.state, order };
    const key = `${inv.id}\u0000${v.state}\u0000${message}`;
    const had = found.get(key);
    if (!had || v.path.length < had.path.length) found.set(key, v);
  };
  for (const h of hits) {
    const to = shortest(h.edge.from);
    add(invariants[h.order]!, h.order, h.message, h.edge.to, to ? [...to, h.edge.index] : null);
  }
  invariants.forEach((inv, order) => {
    if (inv.kind === 'node') {
      for (const n of g.nodes) {
        const m = inv.check(scenario, n, g);
        if (m !== null) add(inv, order, m, n.index, shortest(n.index));
      }
    } else if (inv.kind === 'graph') {
      for (const f of inv.check(scenario, g, steps)) add(inv, order, f.message, f.node, f.path ?? shortest(f.node));
    }
  });
  return [...found.values()]
    .sort((a, b) => a.order - b.order || a.path.length - b.path.length || cmp(a.state, b.state) || cmp(a.message, b.message))
    .map(({ order: _, ...v }) => v);
}

/**
 * Every violation of `invariants` in a graph built elsewhere (by hand, in
 * tests), its steps replayed unless given; shortest counterexample first per invariant.
 */
export function checkGraph(
  scenario: Scenario, g: StateGraph, invariants: readonly Invariant[] = INVARIANTS, steps: readonly Step[] = stepsOf(g),
): Violation[] {
  const c = stepChecker(scenario, invariants);
  for (const step of steps) c.visit(step, g);
  return violationsOf(scenario, g, invariants, c.hits, c.steps);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Explores a scenario and checks each step as it is taken: the snapshots exploring made, none replayed. */
export function checkScenario(file: string, scenario: Scenario & { id?: string }, o: CheckOptions = {}): ScenarioCheck {
  const invariants = o.invariants ?? INVARIANTS;
  let c = stepChecker(scenario, invariants);
  const g = exploreScenario(scenario, {
    maxStates: o.maxStates, machine: o.machine, page: o.page,
    onStep: (s) => c.visit(s, s.graph), onRestart: () => { c = stepChecker(scenario, invariants); },
  });
  o.onGraph?.(g);
  return {
    id: scenario.id ?? scenario.name, file, states: g.nodes.length, transitions: g.edges.length,
    violations: violationsOf(scenario, g, invariants, c.hits, c.steps),
    ...(g.byParts ? { byParts: true as const } : {}),
  };
}
