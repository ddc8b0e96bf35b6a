/**
 * Every shipped scenario (matrices expanded), on the graphs test/shipped.ts
 * explores once: the check `regsim check scenarios/` makes, every rule reached
 * by a generated path, the Security info pages explored part by part against
 * whole (pageParts.test.ts says why it holds), regsim's traversal against
 * `xstate/graph` on the small ones, and the generated model-based tests. They are one file so that one
 * vitest worker explores every shipped graph: a second file reading them all
 * would have the other worker explore the 215 again.
 *
 * The model-based tests: every shipped scenario gets the paths of the
 * `transitions` criterion — and every simple path when there are few — and
 * each path becomes one test that replays it on a fresh actor, checking each
 * step's state, audit rows and the scenario's expectations. No path here is
 * written by hand.
 *
 * The cross-check, on the shipped scenarios small enough for
 * `getSimplePaths` (exponential): the `simple` paths are the same event
 * sequences to the same final states, `states` finds shortest paths as long
 * as `getShortestPaths`, and the graph has the same states. (That the state
 * key merges only states that behave alike is `stateKey.test.ts`.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createActor, type AnyMachineSnapshot } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import type { RegsimEvent } from '../machines/events.ts';
import { machineFor, snapshotKey } from '../machines/index.ts';
import { INVARIANTS } from '../src/check/invariants.ts';
import { scenarioLabel } from '../src/cli/output.ts';
import { formatAuditRow, type AuditRow } from '../src/domain/audit.ts';
import { RULE_IDS, isRuleId } from '../src/domain/rules.ts';
import { countSimplePaths, shortestPaths, simplePaths, transitionsCover } from '../src/paths/cover.ts';
import { exploreScenario, partEvents } from '../src/paths/graph.ts';
import { countPaths, generatePaths } from '../src/paths/generate.ts';
import type { TestPath } from '../src/paths/path.ts';
import type { ExpandedScenario } from '../src/scenario/matrix.ts';
import { formatEvent, possibleEvents } from '../src/simulate/events.ts';
import { snapshotStateId, stateMatches } from '../src/simulate/stateId.ts';
import { covered, unreplayable } from './pageParts.ts';
import { planOf, releaseShippedGraphs, shipped, shippedCheck } from './shipped.ts';

const { scenarios, errors } = shipped();
// No other file reads the explored graphs: kept, they would make every later collection in this worker trace them.
afterAll(releaseShippedGraphs);

// ─── the check ──────────────────────────────────────────────────────────────

describe('the check', () => {
  // The check `regsim check scenarios/` makes, on the graphs the suite shares (test/shipped.ts); the command's
  // own loading, output and exit codes are tested in check.test.ts on a few files.
  it('every shipped scenario, checked as `regsim check scenarios/` checks it, visits every reachable state and transition and finds no violation', () => {
    const loaded = shipped();
    expect(loaded.errors).toEqual([]);
    const report = shippedCheck();
    const bad = report.scenarios.filter((x) => x.violations.length || x.error)
      .map((x) => `${x.file} ${x.id}: ${x.error ?? x.violations.map((v) => `${v.invariant} at ${v.state}: ${v.message} (${v.path.join(' → ')})`).join('; ')}`);
    expect(bad).toEqual([]);
    expect(Object.keys(report)).toEqual(['scenarios', 'summary', 'timing']);
    expect(report.summary).toMatchObject({ scenarios: loaded.scenarios.length, failed: 0, violations: 0, errors: 0 });
    expect(report.summary.invariants).toEqual(INVARIANTS.map((i) => i.id));
    expect(report.scenarios.every((x) => x.states > 0)).toBe(true);
    expect(report.summary.states).toBe(report.scenarios.reduce((n, x) => n + x.states, 0));
    expect(report.summary.transitions).toBe(report.scenarios.reduce((n, x) => n + x.transitions, 0));
    expect(report.summary.transitions).toBeGreaterThan(report.summary.states);
  }, 180_000);
});

// ─── the rules ──────────────────────────────────────────────────────────────

describe('the rules', () => {
  it('every rule is covered by a generated path of the shipped scenarios', () => {
    expect(errors).toEqual([]);
    const covered = new Set<string>();
    for (const { scenario } of scenarios) {
      for (const p of generatePaths(planOf(scenario), { criterion: 'transitions' })) p.rules.forEach((r) => covered.add(r));
    }
    expect(RULE_IDS.filter((id) => !covered.has(id))).toEqual([]);
  }, 180_000);
});

// ─── the shipped Security info pages, part by part ──────────────────────────

describe('the shipped Security info pages explored part by part', () => {
  const pageScenarios = scenarios.filter((x) => machineFor(x.scenario.flow).parts?.(x.scenario));
  it('applies to the shipped Security info pages that split, the every-method ones among them', () => {
    const big = pageScenarios.filter((x) => planOf(x.scenario).graph.byParts).map((x) => x.file.replace(/^.*\//, ''));
    expect(big).toEqual(expect.arrayContaining(['scale-manage-every-method.yaml', 'scale-ssprrefresh-every-method.yaml']));
    expect(pageScenarios.length).toBeGreaterThan(big.length);
  });

  describe.each(pageScenarios.filter((x) => !planOf(x.scenario).graph.byParts).map((x) => [scenarioLabel(x.file, x.scenario.id), x] as const))(
    '%s',
    (_name, { scenario }) => {
      it('reaches the same states, transitions and rules as the whole page', () => {
        const parts = exploreScenario(scenario, { page: 'parts' });
        expect(parts.byParts).toBe(true);
        expect(covered(parts)).toEqual(covered(planOf(scenario).graph));
      });
    },
  );

  it('lists only paths the real machine takes on the every-method pages', () => {
    for (const { scenario } of pageScenarios.filter((x) => planOf(x.scenario).graph.byParts)) {
      const g = planOf(scenario).graph;
      expect(unreplayable(g, scenario, transitionsCover(g))).toEqual([]);
    }
  });
});

// ─── the events exploring tries ─────────────────────────────────────────────

describe('the events exploring tries', () => {
  // Exploring tries the events an active state node handles, asks `can()` only of those a guard may refuse,
  // and keeps those that change the snapshot (eventsToTry); `possibleEvents` asks `can()` of every one. On every
  // shipped graph, the large and the part-by-part ones included, each node's edges are exactly the accepted events, in order.
  it('leaves each node of every shipped graph exactly the events can() accepts there', () => {
    const differ: string[] = [];
    for (const { file, scenario } of scenarios) {
      const { graph } = planOf(scenario);
      const parts = graph.byParts ? machineFor(scenario.flow).parts?.(scenario) : null;
      const accepted = parts ? partEvents(parts) : possibleEvents;
      for (const n of graph.nodes) {
        const ours = graph.out[n.index]!.map((e) => e.label).join(' ');
        const theirs = accepted(n.snapshot).map(formatEvent).join(' ');
        if (ours !== theirs) differ.push(`${scenarioLabel(file, scenario.id)} ${n.state}: explored [${ours}], can() [${theirs}]`);
      }
    }
    expect(differ.slice(0, 5)).toEqual([]);
  });
});

// ─── regsim's traversal against xstate/graph ────────────────────────────────

describe('the cross-check against xstate/graph', () => {
  const SMALL = 400;
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
});

// ─── the generated model-based tests ────────────────────────────────────────

/** Scenarios with at most this many simple paths also get all of them as tests. */
const SIMPLE_PATHS_UP_TO = 12;

const audit = (s: AnyMachineSnapshot): AuditRow[] => (s.context as { audit: AuditRow[] }).audit;

function replay(scenario: ExpandedScenario, path: TestPath): void {
  const actor = createActor(machineFor(scenario.flow).machine, { input: scenario });
  actor.start();
  let snap = actor.getSnapshot();
  expect(snapshotStateId(snap)).toBe(path.start);
  const visited = [path.start];
  for (const [i, step] of path.steps.entries()) {
    expect(snap.can(step.send), `step ${i + 1}: ${step.event} possible in ${snapshotStateId(snap)}`).toBe(true);
    const before = audit(snap);
    actor.send(step.send);
    snap = actor.getSnapshot();
    expect(snapshotStateId(snap), `step ${i + 1}: ${step.event}`).toBe(step.state);
    const after = audit(snap);
    // The audit log only grows, and by exactly the rows the path predicts.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map(formatAuditRow)).toEqual(step.audit);
    expect(step.rules.every(isRuleId)).toBe(true);
    visited.push(step.state);
  }
  expect(snap.status === 'done').toBe(path.complete);
  for (const id of scenario.expect.unreachable ?? []) {
    expect(visited.some((s) => stateMatches(s, id)), `${id} is expected unreachable`).toBe(false);
  }
  actor.stop();
}

it('every shipped scenario loads without errors', () => {
  expect(errors).toEqual([]);
  expect(scenarios.length).toBeGreaterThan(0);
});

for (const { file, scenario } of scenarios) {
  describe(scenarioLabel(file, scenario.id), () => {
    const plan = planOf(scenario);
    const paths = [...generatePaths(plan, { criterion: 'transitions' })];
    const simple = countPaths(plan, { criterion: 'simple' }, SIMPLE_PATHS_UP_TO + 1);
    if (!simple.capped) paths.push(...generatePaths(plan, { criterion: 'simple', walk: false }));
    for (const path of paths) {
      it(`${path.id} ${path.description}`, () => replay(scenario, path));
    }
    if (scenario.expect.final) {
      it(`reaches its expected final state ${scenario.expect.final}`, () => {
        expect(plan.graph.nodes.some((n) => n.final && stateMatches(n.state, scenario.expect.final!))).toBe(true);
      });
    }
  });
}
