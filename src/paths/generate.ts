/**
 * Paths for one scenario under one criterion, streamed, with the coverage
 * the listed paths achieve — states, machine transitions and rules, against
 * what the scenario can reach and what the machine defines.
 */
import type { RuleId } from '../domain/rules.ts';
import { transitionRuleApplies } from '../domain/ruleScope.ts';
import type { Scenario } from '../scenario/schema.ts';
import { formatEvent } from '../simulate/events.ts';
import { stateIdsOf } from '../simulate/machineChecks.ts';
import { isRefusedStep, stepEvent } from '../simulate/runner.ts';
import {
  MAX_COVER_STEPS, countSimplePaths, randomWalks, reachableTransitions, ruleSites, rulesCover, simplePaths, statesCover,
  transitionsCover, type Criterion, type EdgePath, type RandomOptions,
} from './cover.ts';
import { EVENT_WORDS } from '../../machines/catalogue/index.ts';
import { exploreScenario, type StateGraph } from './graph.ts';
import { materialize, type TestPath } from './path.ts';
import { transitionsOf, type TransitionInfo } from './transitions.ts';

export interface PathOptions {
  criterion: Criterion;
  /** List the scenario's scripted `steps` first, as `W001` (default true; a scenario without steps has none). */
  walk?: boolean;
  random?: Omit<RandomOptions, 'maxWalks' | 'maxSteps'>;
  maxStates?: number;
}

export interface Ratio { covered: number; total: number }

export interface Coverage {
  states: Ratio;
  transitions: Ratio;
  rules: Ratio;
  /** Against what this scenario can reach at all. */
  reachable: { states: number; transitions: number; rules: number };
}

export interface ScenarioPlan {
  scenario: Scenario;
  graph: StateGraph;
  machineTransitions: TransitionInfo[];
  transitionRules: Map<string, RuleId[]>;
}

export function planScenario(scenario: Scenario, maxStates?: number): ScenarioPlan {
  return planOfGraph(scenario, exploreScenario(scenario, maxStates));
}

/** The plan of a graph already explored (by the checker, in the suite). */
export function planOfGraph(scenario: Scenario, graph: StateGraph): ScenarioPlan {
  const machineTransitions = transitionsOf(graph.machine);
  const transitionRules = new Map(machineTransitions.map((t) => [t.id, t.rules.filter((r) => transitionRuleApplies(r, scenario))]));
  return { scenario, graph, machineTransitions, transitionRules };
}

export const CRITERION_PREFIX: Record<Criterion, string> = { states: 'S', transitions: 'T', simple: 'P', rules: 'R', random: 'X' };

/** The id of the scenario's scripted walk, listed before every criterion's paths. */
export const WALK_ID = 'W001';

/**
 * The scenario's scripted `steps` as a path through its graph: each step is
 * the edge of that event from where the walk is. A step marked `refused`
 * checks that its event is not possible: no edge, and the walk goes on from
 * where it is, as `regsim run` does. A step that is not possible there ends
 * the walk (`regsim run` reports it), so the path stops short.
 */
export function scriptedWalk(plan: ScenarioPlan): EdgePath | null {
  const { graph, scenario } = plan;
  if (!scenario.steps.length) return null;
  const path: number[] = [];
  let at = 0;
  for (const step of scenario.steps) {
    if (isRefusedStep(step)) continue;
    const event = stepEvent(step);
    const label = typeof event === 'string' ? event : formatEvent(event);
    const edge = graph.out[at]!.find((e) => e.label === label);
    if (!edge) break;
    path.push(edge.index);
    at = edge.to;
  }
  return path;
}

function edgePaths(plan: ScenarioPlan, o: PathOptions): Generator<EdgePath> {
  const g = plan.graph;
  switch (o.criterion) {
    case 'states': return statesCover(g);
    case 'transitions': return transitionsCover(g, MAX_COVER_STEPS, (e) => EVENT_WORDS[e.event.type].provoke?.can === 'no');
    case 'simple': return simplePaths(g);
    case 'rules': return rulesCover(g, plan.transitionRules);
    case 'random': return randomWalks(g, plan.transitionRules, o.random ?? { seed: 1, until: 'transitions' });
  }
}

/**
 * The scenario's paths, one at a time, with stable ids: its scripted walk
 * first (`W001`), then the criterion's. Each path names the rules it is the
 * first to cover.
 */
export function* generatePaths(plan: ScenarioPlan, o: PathOptions): Generator<TestPath> {
  const seen = new Set<RuleId>();
  const first = (p: TestPath): TestPath => {
    const newRules = p.rules.filter((r) => !seen.has(r));
    newRules.forEach((r) => seen.add(r));
    return { ...p, newRules };
  };
  const walk = o.walk === false ? null : scriptedWalk(plan);
  if (walk) yield first(materialize(plan.graph, walk, WALK_ID, plan.transitionRules));
  let n = 0;
  for (const edges of edgePaths(plan, o)) {
    n++;
    yield first(materialize(plan.graph, edges, `${CRITERION_PREFIX[o.criterion]}${String(n).padStart(3, '0')}`, plan.transitionRules));
  }
}

/** How many paths a criterion yields, without materializing them; `simple` stops at `cap`. */
export function countPaths(plan: ScenarioPlan, o: PathOptions, cap?: number): { count: number; capped: boolean } {
  if (o.criterion === 'simple') return countSimplePaths(plan.graph, cap);
  const limit = cap ?? Number.MAX_SAFE_INTEGER;
  let count = 0;
  for (const _ of edgePaths(plan, o)) if (++count >= limit) return { count, capped: true };
  return { count, capped: false };
}

/** Accumulates what listed paths cover, in sets of ids — never the paths themselves. */
export class CoverageTracker {
  readonly states = new Set<string>();
  readonly transitions = new Set<string>();
  readonly rules = new Set<RuleId>();

  constructor(private readonly plan: ScenarioPlan) {
    const g = plan.graph;
    this.states.add(g.nodes[0]!.state);
    for (const t of g.initialTransitions) this.transitions.add(t);
    for (const r of g.nodes[0]!.rules) this.rules.add(r);
  }

  add(p: TestPath): void {
    const g = this.plan.graph;
    for (const i of p.edges) {
      const e = g.edges[i]!;
      this.states.add(g.nodes[e.to]!.state);
      for (const t of e.transitions) this.transitions.add(t);
    }
    for (const r of p.rules) this.rules.add(r);
  }

  /** The ids listed paths covered, sorted: what a shard hands `regsim merge`. */
  covered(): CoveredIds {
    const sorted = <T extends string>(xs: Set<T>) => [...xs].sort();
    return { states: sorted(this.states), transitions: sorted(this.transitions), rules: sorted(this.rules) };
  }

  report(): Coverage {
    const { graph, machineTransitions, transitionRules } = this.plan;
    const reachableStates = within([...graph.nodes.map((n) => n.state), ...passedThrough(reachableTransitions(graph))]);
    return coverageOf(this.covered(), {
      states: stateIdsOf(graph.machine.root).length,
      transitions: machineTransitions.length,
      rules: machineRules(this.plan).length,
    }, {
      states: reachableStates.size,
      transitions: reachableTransitions(graph).size,
      rules: ruleSites(graph, transitionRules).size,
    });
  }
}

/** Ids of what paths covered: visited state ids, machine transition ids, rules. */
export interface CoveredIds { states: string[]; transitions: string[]; rules: RuleId[] }

/** A state node is covered when it, or a state inside it, is visited: every prefix of each leaf id. */
function within(leaves: Iterable<string>): Set<string> {
  const ids = new Set<string>();
  for (const leaf of leaves) { const parts = leaf.split('.'); for (let i = 1; i <= parts.length; i++) ids.add(parts.slice(0, i).join('.')); }
  return ids;
}

/** Coverage from what was covered, against the machine's totals and what the scenario reaches. */
export function coverageOf(c: CoveredIds, total: Coverage['reachable'], reachable: Coverage['reachable']): Coverage {
  return {
    states: { covered: within([...c.states, ...passedThrough(c.transitions)]).size, total: total.states },
    transitions: { covered: new Set(c.transitions).size, total: total.transitions },
    rules: { covered: new Set(c.rules).size, total: total.rules },
    reachable,
  };
}

/**
 * States a flow only passes through (eventless routing such as `gate`): the
 * source of every transition taken, as a state id (`interrupt.gate:always` → `gate`).
 */
export function passedThrough(transitions: Iterable<string>): string[] {
  return [...transitions].map((t) => t.slice(0, t.indexOf(':')).split('.').slice(1).join('.')).filter(Boolean);
}

/** Every rule the machine cites anywhere, on states or transitions. */
export function machineRules(plan: Pick<ScenarioPlan, 'graph' | 'machineTransitions'>): RuleId[] {
  const rules = new Set<RuleId>(plan.machineTransitions.flatMap((t) => t.rules));
  const walk = (n: { meta?: { rules?: RuleId[] }; states: Record<string, unknown> }) => {
    for (const r of n.meta?.rules ?? []) rules.add(r);
    for (const c of Object.values(n.states)) walk(c as typeof n);
  };
  walk(plan.graph.machine.root as never);
  return [...rules].sort();
}
