/**
 * The shipped scenarios, loaded once, and each one's state graph, explored
 * once. Several test files read every shipped graph; they run in one worker
 * without isolation (vitest.config.ts), so this module — and what it
 * explored — is shared between them instead of each file exploring all of
 * them again.
 *
 * The graphs are the ones `regsim check scenarios/` explores: a scenario's
 * first plan checks it against every invariant, keeping the graph it
 * explores (`onGraph`), and `shippedCheck` is those checks, so the full check
 * costs the suite the invariants only, not a second exploration of every graph.
 */
import { INVARIANTS } from '../src/check/invariants.ts';
import { checkScenarios, reportOf, unloadable, type CheckedScenario, type CheckReport } from '../src/cli/check.ts';
import { loadAll, type Loaded } from '../src/cli/loadAll.ts';
import { inFileOrder } from '../src/cli/run.ts';
import { planOfGraph, planScenario, type ScenarioPlan } from '../src/paths/generate.ts';
import type { StateGraph } from '../src/paths/graph.ts';
import type { Scenario } from '../src/scenario/schema.ts';

let loaded: Loaded | undefined;

/** `loadAll(['scenarios'])`, once. */
export const shipped = (): Loaded => (loaded ??= loadAll(['scenarios']));

let graphs = new WeakMap<Scenario, StateGraph>();

let checks = new WeakMap<Scenario, CheckedScenario>();

/** One shipped scenario checked as `regsim check` checks it, once; its graph is kept for `planOf`. */
function checkOf(x: Loaded['scenarios'][number]): CheckedScenario {
  let c = checks.get(x.scenario);
  if (!c) checks.set(x.scenario, (c = checkScenarios([x], { onGraph: (s, g) => graphs.set(s, g) }).scenarios[0]!));
  return c;
}

/** Every shipped scenario checked as `regsim check scenarios/` checks it, each once. */
export function shippedCheck(): CheckReport {
  const { scenarios, failed } = shipped();
  const started = performance.now();
  const rows = inFileOrder(scenarios.map(checkOf), failed, unloadable);
  return reportOf(rows, INVARIANTS.map((i) => i.id), performance.now() - started);
}

let plans = new WeakMap<Scenario, ScenarioPlan>();

/** A scenario's plan (its explored graph): a shipped one's from its check, another explored here; each once. */
export function planOf(scenario: Scenario): ScenarioPlan {
  let plan = plans.get(scenario);
  if (plan) return plan;
  const listed = shipped().scenarios.find((x) => x.scenario === scenario);
  if (listed) checkOf(listed);
  const graph = graphs.get(scenario);
  plans.set(scenario, (plan = graph ? planOfGraph(scenario, graph) : planScenario(scenario)));
  return plan;
}

/** Lets go of the explored graphs, their checks and plans (the scenarios stay loaded); a later `planOf` explores again. */
export function releaseShippedGraphs(): void {
  graphs = new WeakMap();
  checks = new WeakMap();
  plans = new WeakMap();
}
