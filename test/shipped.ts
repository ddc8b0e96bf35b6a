/**
 * The shipped scenarios, loaded once, and each one's state graph, explored
 * the first time a test asks for it. Several test files read every shipped
 * graph; they run in one worker without isolation (vitest.config.ts), so
 * this module — and what it explored — is shared between them instead of
 * each file exploring all of them again.
 */
import { loadAll, type Loaded } from '../src/cli/loadAll.ts';
import { planScenario, type ScenarioPlan } from '../src/paths/generate.ts';
import type { Scenario } from '../src/scenario/schema.ts';

let loaded: Loaded | undefined;

/** `loadAll(['scenarios'])`, once. */
export const shipped = (): Loaded => (loaded ??= loadAll(['scenarios']));

const plans = new WeakMap<Scenario, ScenarioPlan>();

/** A shipped scenario's plan (its explored graph), explored once. */
export function planOf(scenario: Scenario): ScenarioPlan {
  let plan = plans.get(scenario);
  if (!plan) plans.set(scenario, (plan = planScenario(scenario)));
  return plan;
}
