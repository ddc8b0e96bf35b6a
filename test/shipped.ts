/**
 * The shipped scenarios, loaded once, and each one's state graph, explored
 * once. Several test files read every shipped graph; they run in one worker
 * without isolation (vitest.config.ts), so this module — and what it
 * explored — is shared between them instead of each file exploring all of
 * them again.
 *
 * The graphs are the ones `regsim check scenarios/` explores: the first ask
 * checks every shipped scenario against every invariant (`shippedCheck`),
 * keeping each graph it explores, so the full check costs the suite the
 * invariants only, not a second exploration of every graph.
 */
import { INVARIANTS, type Invariant } from '../src/check/invariants.ts';
import { checkScenarios, type CheckReport } from '../src/cli/check.ts';
import { loadAll, type Loaded } from '../src/cli/loadAll.ts';
import { planOfGraph, planScenario, type ScenarioPlan } from '../src/paths/generate.ts';
import type { StateGraph } from '../src/paths/graph.ts';
import type { Scenario } from '../src/scenario/schema.ts';

let loaded: Loaded | undefined;

/** `loadAll(['scenarios'])`, once. */
export const shipped = (): Loaded => (loaded ??= loadAll(['scenarios']));

const graphs = new WeakMap<Scenario, StateGraph>();

/** Not a property: it finds nothing, and keeps the graph the checker hands every path property. */
export const KEEP_GRAPH: Invariant = {
  id: 'test-keep-graph', kind: 'graph', rules: [], description: 'keeps the explored graph for the suite',
  check: (scenario, g) => { graphs.set(scenario, g); return []; },
};

let checked: CheckReport | undefined;

/** Every shipped scenario checked as `regsim check scenarios/` checks it (the invariants and `KEEP_GRAPH`), once. */
export function shippedCheck(): CheckReport {
  const { scenarios, failed } = shipped();
  return (checked ??= checkScenarios(scenarios, { invariants: [...INVARIANTS, KEEP_GRAPH], failed }));
}

const plans = new WeakMap<Scenario, ScenarioPlan>();

/** A scenario's plan (its explored graph): a shipped one's from `shippedCheck`, another explored here, once. */
export function planOf(scenario: Scenario): ScenarioPlan {
  let plan = plans.get(scenario);
  if (plan) return plan;
  if (shipped().scenarios.some((x) => x.scenario === scenario)) shippedCheck();
  const graph = graphs.get(scenario);
  plans.set(scenario, (plan = graph ? planOfGraph(scenario, graph) : planScenario(scenario)));
  return plan;
}
