/**
 * The model checker: explore every reachable state and transition of a
 * scenario (`exploreScenario`) and evaluate every invariant on each node,
 * each edge (replayed) and the graph; each violation comes with the shortest
 * event sequence from the initial state that reaches it. Deterministic: the
 * same scenario gives the same result, in the same order.
 */
import { shortestPaths } from '../paths/cover.ts';
import { exploreScenario, type StateGraph } from '../paths/graph.ts';
import type { RuleId } from '../domain/rules.ts';
import type { Scenario } from '../scenario/schema.ts';
import { stepsOf, type Step } from './facts.ts';
import { INVARIANTS, type Invariant } from './invariants.ts';

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
}

export interface CheckOptions {
  maxStates?: number;
  invariants?: readonly Invariant[];
}

/** Every violation of `invariants` in an explored graph, shortest counterexample first per invariant. */
export function checkGraph(
  scenario: Scenario, g: StateGraph, invariants: readonly Invariant[] = INVARIANTS, steps: readonly Step[] = stepsOf(g),
): Violation[] {
  const shortest = shortestPaths(g);
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
  invariants.forEach((inv, order) => {
    switch (inv.kind) {
      case 'node':
        for (const n of g.nodes) {
          const m = inv.check(scenario, n, g);
          if (m !== null) add(inv, order, m, n.index, shortest[n.index] ?? null);
        }
        break;
      case 'edge':
        for (const s of steps) {
          const m = inv.check(scenario, s, g);
          const to = shortest[s.edge.from];
          if (m !== null) add(inv, order, m, s.edge.to, to ? [...to, s.edge.index] : null);
        }
        break;
      case 'graph':
        for (const f of inv.check(scenario, g, steps)) add(inv, order, f.message, f.node, f.path ?? shortest[f.node] ?? null);
        break;
    }
  });
  return [...found.values()]
    .sort((a, b) => a.order - b.order || a.path.length - b.path.length || cmp(a.state, b.state) || cmp(a.message, b.message))
    .map(({ order: _, ...v }) => v);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function checkScenario(file: string, scenario: Scenario & { id?: string }, o: CheckOptions = {}): ScenarioCheck {
  const g = exploreScenario(scenario, o.maxStates);
  return {
    id: scenario.id ?? scenario.name, file, states: g.nodes.length, transitions: g.edges.length,
    violations: checkGraph(scenario, g, o.invariants),
  };
}
