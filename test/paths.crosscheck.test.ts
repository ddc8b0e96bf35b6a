/**
 * regsim's own traversal against `xstate/graph` on the shipped scenarios
 * small enough for `getSimplePaths` (exponential): the `simple` paths are the
 * same event sequences to the same final states, `states` finds shortest
 * paths as long as `getShortestPaths`, and the graph has the same states.
 * (That the state key merges only states that behave alike is
 * `stateKey.test.ts`.)
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { machineFor, snapshotKey } from '../machines/index.ts';
import { scenarioLabel } from '../src/cli/output.ts';
import { countSimplePaths, shortestPaths, simplePaths } from '../src/paths/cover.ts';
import { planOf, shipped } from './shipped.ts';
import { formatEvent, possibleEvents } from '../src/simulate/events.ts';
import type { RegsimEvent } from '../machines/events.ts';

const SMALL = 400;
const { scenarios } = shipped();
const small = scenarios
  .map(({ file, scenario }) => ({ file, scenario, plan: planOf(scenario) }))
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
      (Object.values(transitions) as Array<{ event: unknown; state: unknown }>).map((t) => `${from} ${formatEvent(t.event as RegsimEvent)} ${options.serializeState(t.state)}`));
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
