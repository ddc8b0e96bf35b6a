/**
 * Whether a state key is sound for a scenario: explores it keyed on the whole
 * context but the audit log (which only records the path) and the fixed
 * input — the fine graph, where no two snapshots that differ in anything a
 * guard could read are merged — and compares every pair of fine states the
 * key merges on what a user and the checker observe: the screens, every node
 * invariant, the events accepted, the key each leads to and every edge
 * invariant on that step; then the path invariants' findings on the fine
 * graph and on the graph the key makes of it. Only states merged with
 * another are compared, so most of the cost is exploring the fine graph.
 */
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import { graphStepOf, type GraphStep, type Step } from '../src/check/facts.ts';
import { INVARIANTS } from '../src/check/invariants.ts';
import { exploreScenario, type GraphEdge, type GraphNode, type StateGraph } from '../src/paths/graph.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import { snapshotStateId } from '../src/simulate/stateId.ts';

export type Key = (s: AnyMachineSnapshot) => string;

/** Each distinct object its own number, so a large one (a wizard's decision) is told apart without printing it. */
const ids = new WeakMap<object, number>();
let lastId = 0;
const idOf = (o: object): number => { let i = ids.get(o); if (i === undefined) ids.set(o, (i = ++lastId)); return i; };

/** The whole context but the audit log and the scenario: nothing a guard reads is left out. */
const fineKey: Key = (s) => {
  const { audit: _a, scenario: _s, wizard, ...rest } = s.context as Record<string, unknown> & { wizard?: { decision: object } };
  const w = wizard && { ...wizard, decision: idOf(wizard.decision) };
  return JSON.stringify([snapshotStateId(s), s.status, rest, w]);
};

/** What a user sees of a snapshot: the description and verbatim text of every active state node. */
const screensOf = (s: AnyMachineSnapshot): string[] =>
  (s as unknown as { _nodes: AnyStateNode[] })._nodes
    .map((n) => {
      const meta = n.meta as { description?: string; screen?: string } | undefined;
      return `${n.id}: ${meta?.description ?? ''} | ${meta?.screen ?? ''}`;
    })
    .sort();

const nodeInvariants = INVARIANTS.filter((i) => i.kind === 'node');
const edgeInvariants = INVARIANTS.filter((i) => i.kind === 'edge');
const graphInvariants = INVARIANTS.filter((i) => i.kind === 'graph');

/**
 * The graph `key` makes of the fine one: a node per key, in order, with the
 * steps of its first fine state — what exploring on `key` finds when the
 * merged states agree step by step, as the first check below makes sure.
 */
function quotient(fine: StateGraph, steps: readonly GraphStep[], keys: readonly string[]): { graph: StateGraph; steps: GraphStep[] } {
  const index = new Map<string, number>();
  const firsts: GraphNode[] = [];
  for (const n of fine.nodes) {
    const k = keys[n.index]!;
    if (!index.has(k)) { index.set(k, firsts.length); firsts.push(n); }
  }
  const nodes = firsts.map((n, i) => ({ ...n, index: i, key: keys[n.index]! }));
  const edges: GraphEdge[] = [];
  const out: GraphEdge[][] = nodes.map(() => []);
  const qSteps: GraphStep[] = [];
  firsts.forEach((n, i) => {
    for (const e of fine.out[n.index]!) {
      const edge = { ...e, index: edges.length, from: i, to: index.get(keys[e.to]!)! };
      edges.push(edge);
      out[i]!.push(edge);
      const step = steps[e.index];
      if (step) qSteps.push({ ...step, edge, from: nodes[i]!, to: nodes[edge.to]! });
    }
  });
  return { graph: { ...fine, nodes, edges, out }, steps: qSteps };
}

/** Fine states merged by `key` that disagree on something observable, as readable lines (empty when sound). */
export function disagreements(scenario: Scenario, key: Key, maxStates = 20_000): string[] {
  // The steps the path properties read, by edge (the checker keeps the same ones).
  const stepAt: GraphStep[] = [];
  // What each step really produced (a scenario's fine graph is small enough to keep them).
  const afters: AnyMachineSnapshot[] = [];
  const wanted = graphInvariants.flatMap((inv) => (inv.kind === 'graph' && inv.steps ? [inv.steps] : []));
  const fine = exploreScenario(scenario, {
    key: fineKey, maxStates,
    onStep: (step) => {
      afters[step.edge.index] = step.after;
      if (wanted.some((w) => w(step))) stepAt[step.edge.index] = graphStepOf(step);
    },
  });
  const keys = fine.nodes.map((n) => key(n.snapshot));
  const members = new Map<string, number[]>();
  for (const n of fine.nodes) members.set(keys[n.index]!, [...(members.get(keys[n.index]!) ?? []), n.index]);
  // Only states the key merges with another are compared, each invariant asked of them and of their steps.
  const observed = (i: number): string => {
    const n = fine.nodes[i]!;
    const moves = fine.out[i]!.map((edge) => {
      const step: Step = { edge, from: n, to: fine.nodes[edge.to]!, before: n.snapshot, after: afters[edge.index]! };
      const verdicts = edgeInvariants.map((inv) => (inv.check as never as (...a: unknown[]) => string | null)(scenario, step, fine));
      return `${edge.label} → ${keys[edge.to]} ${JSON.stringify(verdicts)}`;
    });
    return JSON.stringify({
      screens: screensOf(n.snapshot),
      invariants: nodeInvariants.map((inv) => (inv.check as never as (...a: unknown[]) => string | null)(scenario, n, fine)),
      moves,
    });
  };
  const out: string[] = [];
  for (const [k, group] of members) {
    if (group.length < 2) continue;
    const first = observed(group[0]!);
    for (const other of group.slice(1)) {
      const observation = observed(other);
      if (observation !== first) out.push(`${k}\n  ${fine.nodes[group[0]!]!.key}\n    ${first}\n  ${fine.nodes[other]!.key}\n    ${observation}`);
    }
  }
  if (out.length || [...members.values()].every((g) => g.length < 2)) return out;
  // Path properties: the same findings, state by state, on both graphs.
  const findings = (g: StateGraph, gSteps: readonly GraphStep[]) => [...new Set(graphInvariants.flatMap((inv) =>
    (inv.check as never as (...a: unknown[]) => Array<{ node: number; message: string }>)(scenario, g, gSteps)
      .map((f) => `${inv.id} ${key(g.nodes[f.node]!.snapshot)} ${f.message}`)))].sort();
  const q = quotient(fine, stepAt, keys);
  const [a, b] = [findings(fine, stepAt.filter(Boolean)), findings(q.graph, q.steps)];
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`path invariants differ: fine ${JSON.stringify(a)} vs keyed ${JSON.stringify(b)}`);
  return out;
}

