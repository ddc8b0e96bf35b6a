/**
 * The shipped scenarios, loaded once, and their check as `regsim check
 * scenarios/` makes it, run once with each scenario's explored graph kept
 * (`onGraph`): `test/shippedScenarios.test.ts` reads the report and plans
 * paths on those graphs, so the suite explores every shipped graph once.
 * Files share their worker's modules (vitest.config.ts): `shipped()` serves
 * every file that reads the scenarios, and the graphs are let go once that
 * one file has run.
 */
import { checkScenarios, type CheckReport } from '../src/cli/check.ts';
import { loadAll, type Loaded } from '../src/cli/loadAll.ts';
import { planOfGraph, type ScenarioPlan } from '../src/paths/generate.ts';
import type { StateGraph } from '../src/paths/graph.ts';
import type { Scenario } from '../src/scenario/schema.ts';

let loaded: Loaded | undefined;

/** `loadAll(['scenarios'])`, once. */
export const shipped = (): Loaded => (loaded ??= loadAll(['scenarios']));

interface Checked { report: CheckReport; graphs: Map<Scenario, StateGraph>; plans: Map<Scenario, ScenarioPlan> }
let checked: Checked | undefined;

function check(): Checked {
  if (checked) return checked;
  const { scenarios, failed } = shipped();
  const graphs = new Map<Scenario, StateGraph>();
  const report = checkScenarios(scenarios, { failed, onGraph: (s, g) => graphs.set(s, g) });
  return (checked = { report, graphs, plans: new Map() });
}

/** Every shipped scenario checked as `regsim check scenarios/` checks it, once. */
export const shippedCheck = (): CheckReport => check().report;

/** A shipped scenario's plan, on the graph its check explored. */
export function planOf(scenario: Scenario): ScenarioPlan {
  const { graphs, plans } = check();
  let plan = plans.get(scenario);
  if (plan) return plan;
  const graph = graphs.get(scenario);
  if (!graph) throw new Error(`no explored graph for scenario "${scenario.name}": not a shipped scenario, or its check failed`);
  plans.set(scenario, (plan = planOfGraph(scenario, graph)));
  return plan;
}

/** Lets go of the check, its graphs and plans (the scenarios stay loaded); a later call checks again. */
export function releaseShippedGraphs(): void {
  checked = undefined;
}
