/**
 * Model-based tests, generated: every shipped scenario (matrices expanded)
 * gets the paths of the `transitions` criterion — and every simple path when
 * there are few — and each path becomes one test that replays it on a fresh
 * actor, checking each step's state, audit rows and the scenario's
 * expectations. No path here is written by hand.
 */
import { describe, expect, it } from 'vitest';
import { createActor, type AnyMachineSnapshot } from 'xstate';
import { machineFor } from '../machines/index.ts';
import { scenarioLabel } from '../src/cli/output.ts';
import { formatAuditRow, type AuditRow } from '../src/domain/audit.ts';
import { isRuleId } from '../src/domain/rules.ts';
import { countPaths, generatePaths } from '../src/paths/generate.ts';
import type { TestPath } from '../src/paths/path.ts';
import type { ExpandedScenario } from '../src/scenario/matrix.ts';
import { snapshotStateId, stateMatches } from '../src/simulate/stateId.ts';
import { planOf, shipped } from './shipped.ts';

/** Scenarios with at most this many simple paths also get all of them as tests. */
const SIMPLE_PATHS_UP_TO = 12;

const { scenarios, errors } = shipped();
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
