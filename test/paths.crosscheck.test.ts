/**
 * regsim's own traversal against `xstate/graph` on the shipped scenarios
 * small enough for `getSimplePaths` (exponential): the `simple` paths are the
 * same event sequences to the same final states, `states` finds shortest
 * paths as long as `getShortestPaths`, and the graph has the same states.
 * Then the state key: merging snapshots by it never merges two screens that
 * behave differently.
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { machineFor, snapshotKey } from '../machines/index.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { scenarioLabel } from '../src/cli/output.ts';
import { countSimplePaths, shortestPaths, simplePaths } from '../src/paths/cover.ts';
import { planScenario } from '../src/paths/generate.ts';
import { formatEvent, possibleEvents } from '../src/simulate/events.ts';
import type { RegsimEvent } from '../machines/events.ts';

const SMALL = 400;
const { scenarios } = loadAll(['scenarios']);
const small = scenarios
  .map(({ file, scenario }) => ({ file, scenario, plan: planScenario(scenario) }))
  .filter(({ plan }) => plan.graph.nodes.length <= 60 && !countSimplePaths(plan.graph, SMALL + 1).capped);

const events = (s: unknown) => possibleEvents(s as AnyMachineSnapshot);
const labels = (steps: ReadonlyArray<{ event: { type: string } }>) =>
  JSON.stringify(steps.filter((s) => !s.event.type.startsWith('xstate.')).map((s) => formatEvent(s.event as RegsimEvent)));

it('has shipped scenarios small enough to cross-check', () => {
  expect(small.length).toBeGreaterThan(20);
});

describe.each(small.map((x) => [scenarioLabel(x.file, x.scenario.id), x] as const))('%s', (_name, { scenario, plan }) => {
  const entry = machineFor(scenario.flow);
  const options = { input: scenario, events, serializeState: (s: unknown) => snapshotKey(entry, s as AnyMachineSnapshot) };

  it('the graph is the one xstate/graph finds: the same states in the same order, the same edges', () => {
    const adjacency = getAdjacencyMap(entry.machine, options);
    expect(Object.keys(adjacency)).toEqual(plan.graph.nodes.map((n) => n.key));
    const theirs = Object.entries(adjacency).flatMap(([from, { transitions }]) =>
      Object.values(transitions).map((t) => `${from} ${formatEvent(t.event as RegsimEvent)} ${options.serializeState(t.state)}`));
    const g = plan.graph;
    expect(g.edges.map((e) => `${g.nodes[e.from]!.key} ${e.label} ${g.nodes[e.to]!.key}`)).toEqual(theirs);
  });

  it('simple paths equal getSimplePaths to final states', () => {
    const theirs = getSimplePaths(entry.machine, options)
      .filter((p) => (p.state as AnyMachineSnapshot).status === 'done')
      .map((p) => `${labels(p.steps)} ⇒ ${options.serializeState(p.state)}`);
    const ours = [...simplePaths(plan.graph)].map((edges) =>
      `${JSON.stringify(edges.map((i) => plan.graph.edges[i]!.label))} ⇒ ${plan.graph.nodes[edges.length ? plan.graph.edges[edges[edges.length - 1]!]!.to : 0]!.key}`);
    expect(ours.sort()).toEqual(theirs.sort());
  });

  it('shortest paths are as long as getShortestPaths', () => {
    const theirs = new Map(getShortestPaths(entry.machine, options).map((p) => [options.serializeState(p.state), labels(p.steps)]));
    const ours = shortestPaths(plan.graph);
    for (const n of plan.graph.nodes) {
      expect(JSON.parse(theirs.get(n.key)!).length, n.key).toBe(ours[n.index]!.length);
    }
  });
});

/** The whole context but the audit log (which only records the path) and the fixed input. */
const fullKey = (s: AnyMachineSnapshot): string => {
  const { audit: _a, scenario: _s, ...rest } = s.context as Record<string, unknown>;
  return JSON.stringify({ value: s.value, rest });
};

describe.each(small.map((x) => [scenarioLabel(x.file, x.scenario.id), x] as const))('state key of %s', (_name, { scenario }) => {
  it('never merges two screens that accept different events or lead elsewhere', () => {
    const entry = machineFor(scenario.flow);
    const fine = getAdjacencyMap(entry.machine, { input: scenario, events, serializeState: (s) => fullKey(s as AnyMachineSnapshot) });
    const behaviour = new Map<string, string>();
    for (const { state, transitions } of Object.values(fine)) {
      const snap = state as AnyMachineSnapshot;
      const moves = Object.values(transitions as Record<string, { event: RegsimEvent; state: unknown }>)
        .map((t) => `${formatEvent(t.event)}→${snapshotKey(entry, t.state as AnyMachineSnapshot)}`).sort();
      const key = snapshotKey(entry, snap);
      const seen = behaviour.get(key);
      if (seen === undefined) behaviour.set(key, JSON.stringify(moves));
      else expect(JSON.stringify(moves), key).toBe(seen);
    }
  });
});
