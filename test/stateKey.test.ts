/**
 * The state key merges only snapshots that behave alike. Each scenario is
 * explored twice: once keyed on the whole context but the audit log (which
 * only records the path) and the fixed input — the fine graph, where no two
 * snapshots that differ in anything a guard could read are merged — and once
 * on the shipped key. Every pair of fine states the key merges must agree on
 * what a user and the checker can observe: the screens, every node
 * invariant, the events accepted, the key each leads to and every edge
 * invariant on that step; the path invariants must find the same findings
 * on both graphs. A key that forgets something a guard reads fails this
 * (shown below with two deliberately coarse keys).
 */
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import { machineFor, snapshotKey, type MachineEntry } from '../machines/index.ts';
import { graphStepOf, type GraphStep } from '../src/check/facts.ts';
import { INVARIANTS } from '../src/check/invariants.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { scenarioLabel } from '../src/cli/output.ts';
import { registrations } from '../src/domain/manage.ts';
import type { MethodId } from '../src/domain/methods.ts';
import { exploreScenario, type StateGraph } from '../src/paths/graph.ts';
import type { Scenario } from '../src/scenario/schema.ts';

type Key = (s: AnyMachineSnapshot) => string;

/** The whole context but the audit log and the scenario: nothing a guard reads is left out. */
const fineKey: Key = (s) => {
  const { audit: _a, scenario: _s, ...rest } = s.context as Record<string, unknown>;
  return JSON.stringify({ value: s.value, status: s.status, rest });
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

/** Fine states merged by `key` that disagree on something observable, as readable lines (empty when sound). */
export function disagreements(scenario: Scenario, key: Key, maxStates = 20_000): string[] {
  const edgeVerdicts: string[] = [];
  const steps: GraphStep[] = [];
  const fine = exploreScenario(scenario, {
    key: fineKey, maxStates,
    onStep: (step) => {
      edgeVerdicts[step.edge.index] = JSON.stringify(edgeInvariants.map((inv) => (inv.check as never as (...a: unknown[]) => string | null)(scenario, step, step.graph)));
      steps.push(graphStepOf(step));
    },
  });
  const coarse = exploreScenario(scenario, { key });
  const observed = (i: number): string => {
    const n = fine.nodes[i]!;
    return JSON.stringify({
      screens: screensOf(n.snapshot),
      invariants: nodeInvariants.map((inv) => (inv.check as never as (...a: unknown[]) => string | null)(scenario, n, fine)),
      moves: fine.out[i]!.map((e) => `${e.label} → ${key(fine.nodes[e.to]!.snapshot)} ${edgeVerdicts[e.index]}`),
    });
  };
  const out: string[] = [];
  const seen = new Map<string, { node: number; observation: string }>();
  for (const n of fine.nodes) {
    const k = key(n.snapshot);
    const observation = observed(n.index);
    const had = seen.get(k);
    if (!had) seen.set(k, { node: n.index, observation });
    else if (had.observation !== observation) out.push(`${k}\n  ${fine.nodes[had.node]!.key}\n    ${had.observation}\n  ${n.key}\n    ${observation}`);
  }
  // Path properties: the same findings, state by state, on both graphs.
  const findings = (g: StateGraph, gSteps: readonly GraphStep[]) => [...new Set(graphInvariants.flatMap((inv) =>
    (inv.check as never as (...a: unknown[]) => Array<{ node: number; message: string }>)(scenario, g, gSteps)
      .map((f) => `${inv.id} ${key(g.nodes[f.node]!.snapshot)} ${f.message}`)))].sort();
  const coarseSteps: GraphStep[] = [];
  exploreScenario(scenario, { key, onStep: (step) => coarseSteps.push(graphStepOf(step)) });
  const [a, b] = [findings(fine, steps), findings(coarse, coarseSteps)];
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`path invariants differ: fine ${JSON.stringify(a)} vs keyed ${JSON.stringify(b)}`);
  return out;
}

const shipped = loadAll(['scenarios']).scenarios;
const keyOf = (entry: MachineEntry): Key => (s) => snapshotKey(entry, s);

describe.each(shipped.map((x) => [scenarioLabel(x.file, x.scenario.id), x] as const))('state key of %s', (_name, { scenario }) => {
  it('merges only states that show the same screens, accept the same events, lead to the same keys and agree on every invariant', () => {
    expect(disagreements(scenario, keyOf(machineFor(scenario.flow)))).toEqual([]);
  });
});

describe('the check has teeth', () => {
  const byName = (needle: string) => shipped.find((x) => x.file.includes(needle))!.scenario;

  it('catches a key that forgets the method being acted on', () => {
    const scenario = byName('walk-manage-delete-failure');
    const entry = machineFor(scenario.flow);
    const forgetful: Key = (s) => snapshotKey({ ...entry, observe: (c) => ({ ...(entry.observe(c) as object), current: null }) }, s);
    expect(disagreements(scenario, forgetful).length).toBeGreaterThan(0);
  });

  it('catches a key that counts registrations only as held or not (MTH-02: the maximum leaves the Add list)', () => {
    const scenario = byName('mng-app-passwords-per-user-mfa-enforced');
    const entry = machineFor(scenario.flow);
    const heldOnly: Key = (s) => {
      const c = s.context as { page: { resource: { methods: Array<{ method: MethodId; count: number }> } } };
      const classes = c.page.resource.methods.map((h) => `${h.method}:${registrations(h.method, h.count) === 'none' ? 0 : 1}`);
      return `${snapshotKey(entry, s).split(' ')[0]} ${JSON.stringify({ ...(entry.observe(s.context) as object), resource: classes })}`;
    };
    const found = disagreements(scenario, heldOnly);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(/SELECT_METHOD\((microsoftAuthenticator|appPassword)\)/);
  });
});
