/**
 * Coverage per machine across scenarios: which states, transitions and rules
 * the listed paths covered, and for each transition left over, why — no
 * scenario reaches its source state, or none makes its guard hold there.
 */
import type { AnyStateMachine } from 'xstate';
import type { RuleId } from '../domain/rules.ts';
import { stateIdsOf } from '../simulate/machineChecks.ts';
import type { CoverageTracker, ScenarioPlan } from './generate.ts';
import { machineRules, passedThrough } from './generate.ts';
import { reachableTransitions } from './cover.ts';
import { transitionsOf } from './transitions.ts';

export interface Uncovered { id: string; why: string }

export interface MachineCoverage {
  machine: string;
  scenarios: number;
  states: { covered: number; total: number; uncovered: string[] };
  transitions: { covered: number; total: number; uncovered: Uncovered[] };
  rules: { covered: number; total: number; uncovered: RuleId[] };
}

interface Acc {
  machine: AnyStateMachine;
  scenarios: number;
  states: Set<string>;
  transitions: Set<string>;
  rules: Set<RuleId>;
  /** Machine state-node ids some scenario reaches (active in some snapshot). */
  reachedNodes: Set<string>;
}

/** What one machine's coverage is made of, as ids: what a shard hands `regsim merge`. */
export interface MachineCovered {
  machine: string;
  scenarios: number;
  states: string[];
  transitions: string[];
  rules: RuleId[];
  reachedNodes: string[];
}

export class MachineCoverageAcc {
  private readonly byMachine = new Map<string, Acc>();

  private accFor(m: AnyStateMachine): Acc {
    let acc = this.byMachine.get(m.id);
    if (!acc) {
      acc = { machine: m, scenarios: 0, states: new Set(), transitions: new Set(), rules: new Set(), reachedNodes: new Set() };
      this.byMachine.set(m.id, acc);
    }
    return acc;
  }

  add(plan: ScenarioPlan, tracker: CoverageTracker): void {
    const acc = this.accFor(plan.graph.machine);
    acc.scenarios++;
    tracker.states.forEach((s) => acc.states.add(s));
    tracker.transitions.forEach((t) => acc.transitions.add(t));
    tracker.rules.forEach((r) => acc.rules.add(r));
    for (const n of plan.graph.nodes) {
      for (const sn of (n.snapshot as unknown as { _nodes: Array<{ id: string }> })._nodes) acc.reachedNodes.add(sn.id);
    }
    // States a flow only passes through (`gate`) are in no snapshot; a transition taken from one reached it.
    for (const t of reachableTransitions(plan.graph)) acc.reachedNodes.add(t.slice(0, t.indexOf(':')));
  }

  /** Adds a shard's ids; `scenarios` counts once, since every shard visits every scenario. */
  addCovered(m: AnyStateMachine, c: MachineCovered): void {
    const acc = this.accFor(m);
    acc.scenarios = Math.max(acc.scenarios, c.scenarios);
    c.states.forEach((s) => acc.states.add(s));
    c.transitions.forEach((t) => acc.transitions.add(t));
    c.rules.forEach((r) => acc.rules.add(r));
    c.reachedNodes.forEach((n) => acc.reachedNodes.add(n));
  }

  covered(): MachineCovered[] {
    const sorted = <T extends string>(xs: Set<T>) => [...xs].sort();
    return [...this.byMachine.values()].sort((a, b) => a.machine.id.localeCompare(b.machine.id, 'en')).map((acc) => ({
      machine: acc.machine.id, scenarios: acc.scenarios,
      states: sorted(acc.states), transitions: sorted(acc.transitions), rules: sorted(acc.rules), reachedNodes: sorted(acc.reachedNodes),
    }));
  }

  report(): MachineCoverage[] {
    return [...this.byMachine.values()].sort((a, b) => a.machine.id.localeCompare(b.machine.id, 'en')).map((acc) => {
      const m = acc.machine;
      // A state counts as covered when a path enters it or one of its descendants.
      const allStates = stateIdsOf(m.root);
      const visited = [...acc.states, ...passedThrough(acc.transitions)];
      const coveredStates = allStates.filter((id) => visited.some((s) => s === id || s.startsWith(`${id}.`)));
      const transitions = transitionsOf(m);
      const uncovered = transitions.filter((t) => !acc.transitions.has(t.id)).map((t) => ({
        id: t.id,
        why: acc.reachedNodes.has(t.source)
          ? `${t.source} is reached, but no scenario of this run makes this ${t.event === 'always' ? 'route' : `${t.event} transition`} possible there`
          : `no scenario of this run reaches ${t.source}`,
      }));
      const rules = machineRules({ graph: { machine: m } as never, machineTransitions: transitions });
      return {
        machine: m.id,
        scenarios: acc.scenarios,
        states: { covered: coveredStates.length, total: allStates.length, uncovered: allStates.filter((s) => !coveredStates.includes(s)) },
        transitions: { covered: transitions.length - uncovered.length, total: transitions.length, uncovered },
        rules: { covered: rules.filter((r) => acc.rules.has(r)).length, total: rules.length, uncovered: rules.filter((r) => !acc.rules.has(r)) },
      };
    });
  }
}
