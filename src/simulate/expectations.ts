/**
 * Checks a scenario's `expect` against what regsim computed: the policy
 * decision, the manage-mode Add list, the scripted walk (final state, states
 * visited, audit rows) and what the state graph can reach.
 */
import { formatAuditRow } from '../domain/audit.ts';
import { addList } from '../domain/manage.ts';
import { trustsHomeMfa } from '../domain/b2b.ts';
import { evaluate, evaluateHome, type Decision } from '../domain/policy.ts';
import { exploreScenario, reachableStates } from '../paths/graph.ts';
import type { Expectations, Scenario } from '../scenario/schema.ts';
import type { Run } from './runner.ts';
import { stateMatches } from './stateId.ts';

export interface Check {
  field: string;
  ok: boolean;
  expected: unknown;
  actual: unknown;
}

/** The decision a scenario's `expect` speaks of: for a trusting B2B flow, the home tenant's wizard. */
export function decisionFor(s: Scenario): Decision {
  return s.flow === 'b2bMfaTrust' && s.user.home && trustsHomeMfa(s) ? evaluateHome(s) : evaluate(s);
}

const DECISION_FIELDS = ['interrupted', 'trigger', 'wizard', 'gate', 'offered', 'choices', 'required', 'skippable', 'url'] as const;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** `expected` appear in `actual` in this order (each matching a state or its descendants). */
function visitsInOrder(actual: readonly string[], expected: readonly string[]): boolean {
  let i = 0;
  for (const state of actual) if (i < expected.length && stateMatches(state, expected[i]!)) i++;
  return i === expected.length;
}

export function checkExpectations(s: Scenario, run: Run | null): Check[] {
  const e: Expectations = s.expect;
  const checks: Check[] = [];
  const check = (field: string, expected: unknown, actual: unknown, ok = same(expected, actual)) =>
    checks.push({ field, expected, actual, ok });
  const decision = decisionFor(s);
  for (const f of DECISION_FIELDS) if (e[f] !== undefined) check(f, e[f], decision[f]);
  if (e.addable !== undefined) check('addable', e.addable, addList(s, s.user.methods).addable);
  if (run) {
    // Named by the step's YAML path (0-based), as `regsim validate` names it.
    for (const f of run.failures) check(`steps[${f.step - 1}]`, 'a possible event', f.message, false);
    if (e.final !== undefined) check('final', e.final, run.outcome ?? `(not finished: in ${run.state})`);
    if (e.visits !== undefined) {
      const states = run.trace.map((t) => t.state);
      check('visits', e.visits, states, visitsInOrder(states, e.visits));
    }
    if (e.audit !== undefined) check('audit', e.audit, run.audit.map(formatAuditRow));
    if (e.screens !== undefined) {
      const shown = run.trace.flatMap((t) => (t.screen ? [t.screen] : []));
      let i = 0;
      for (const text of shown) if (i < e.screens.length && text === e.screens[i]) i++;
      check('screens', e.screens, shown, i === e.screens.length);
    }
  }
  if (e.reachable !== undefined || e.unreachable !== undefined) {
    const reached = reachableStates(exploreScenario(s));
    const can = (id: string) => reached.some((r) => stateMatches(r, id));
    for (const id of e.reachable ?? []) check(`reachable ${id}`, true, can(id));
    for (const id of e.unreachable ?? []) check(`unreachable ${id}`, false, can(id));
  }
  return checks;
}
