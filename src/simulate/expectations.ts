/**
 * Checks a scenario's `expect` against what regsim computed: the policy
 * decision, the manage-mode Add list, the scripted walk (final state, states
 * visited, audit rows) and what the state graph can reach.
 */
import { formatAuditRow } from '../domain/audit.ts';
import { addList } from '../domain/manage.ts';
import { homeClaimAccepted, trustsHomeMfa } from '../domain/b2b.ts';
import type { RuleId } from '../domain/rules.ts';
import { methodsHeld, rollbackDecision } from '../domain/rollback.ts';
import { evaluate, evaluateHome, type Decision } from '../domain/policy.ts';
import { stepPool } from '../domain/steps.ts';
import { passedThrough } from '../paths/generate.ts';
import { exploreScenario, reachableStates } from '../paths/graph.ts';
import type { Expectations, ListMatch, Scenario } from '../scenario/schema.ts';
import { stepExpectedState, type Run, type StepFailure } from './runner.ts';
import { stateMatches } from './stateId.ts';
import { walkStepNumbers } from '../../machines/catalogue/events.ts';

export interface Check {
  field: string;
  ok: boolean;
  expected: unknown;
  actual: unknown;
  /** Which form of the expectation this check is (`includes`, `excludes`, `exactly`, `in order`, `pattern`). */
  form?: string;
  /** What failed, in words: the members missing, present, or out of order. */
  message?: string;
  /** A step of the walk: its number in the checklist (W001), beside its YAML path in `field`. */
  step?: number;
}

/** The decision a scenario's `expect` speaks of: for a trusting B2B flow, the home tenant's wizard. */
export function decisionFor(s: Scenario): Decision {
  if (s.flow !== 'b2bMfaTrust' || !s.user.home) return evaluate(s);
  // A guest's decision is the tenant's where the guest registers; which one, and why, is the first reason.
  if (!trustsHomeMfa(s)) return withReason(evaluate(s), 'B2B-05', 'MFA trust is off: the guest registers and does MFA in the resource tenant');
  const home = evaluateHome(s);
  return homeClaimAccepted(s)
    ? withReason(home, 'B2B-01', "MFA trust is on and the session's home MFA claim, with the methods behind it, meets the resource's requirement: the guest is not sent home")
    : withReason(home, 'B2B-02', "MFA trust is on: the guest is sent to the home tenant for MFA, and registers there what it lacks");
}

const withReason = (d: Decision, rule: RuleId, text: string): Decision => ({ ...d, reasons: [{ part: 'trigger', rules: [rule], text }, ...d.reasons] });

const SCALAR_DECISION_FIELDS = ['interrupted', 'trigger', 'wizard', 'gate', 'required', 'skippable'] as const;
const LIST_DECISION_FIELDS = ['offered', 'choices'] as const;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const show = (xs: readonly unknown[]): string => xs.map(String).join(', ');

/** How a bare list compares: the whole list in order, or these members in this order among others. */
type BareMeaning = 'exactly' | 'in order';

/** `expected` appear in `actual` in this order (each matching by `eq`). */
function inOrder<T>(actual: readonly T[], expected: readonly T[], eq: (a: T, e: T) => boolean): { ok: boolean; next?: T } {
  let i = 0;
  for (const a of actual) if (i < expected.length && eq(a, expected[i]!)) i++;
  return i === expected.length ? { ok: true } : { ok: false, next: expected[i] };
}

/**
 * The checks of one list expectation: a bare list (exactly, or in order for
 * walks), or `{ includes, excludes, exactly }`, each form its own check
 * saying what failed.
 */
export function listChecks<T>(field: string, expected: ListMatch<T>, actual: readonly T[], bare: BareMeaning = 'exactly', eq: (a: T, e: T) => boolean = (a, e) => a === e): Check[] {
  const out: Check[] = [];
  const has = (x: T) => actual.some((a) => eq(a, x));
  const whole = (form: string, list: readonly T[], meaning: BareMeaning) => {
    if (meaning === 'in order') {
      const r = inOrder(actual, list, eq);
      const missing = r.ok ? '' : has(r.next as T) ? `${String(r.next)} is there, but not after the members before it` : `${String(r.next)} is never there`;
      out.push({ field, form, expected: list, actual, ok: r.ok, ...(r.ok ? {} : { message: missing }) });
    } else {
      const ok = same(list, actual);
      const missing = list.filter((x) => !has(x));
      const extra = actual.filter((a) => !list.some((x) => eq(a, x)));
      const why = [...(missing.length ? [`missing ${show(missing)}`] : []), ...(extra.length ? [`unexpected ${show(extra)}`] : [])];
      out.push({ field, form, expected: list, actual, ok, ...(ok ? {} : { message: why.join('; ') || 'the same members in another order' }) });
    }
  };
  if (Array.isArray(expected)) {
    whole(bare, expected, bare);
    return out;
  }
  const m = expected as Exclude<ListMatch<T>, T[]>;
  if (m.exactly) whole('exactly', m.exactly, 'exactly');
  if (m.includes) {
    const missing = m.includes.filter((x) => !has(x));
    out.push({ field, form: 'includes', expected: m.includes, actual, ok: missing.length === 0, ...(missing.length ? { message: `missing ${show(missing)}` } : {}) });
  }
  if (m.excludes) {
    const present = m.excludes.filter(has);
    out.push({ field, form: 'excludes', expected: m.excludes, actual, ok: present.length === 0, ...(present.length ? { message: `present although excluded: ${show(present)}` } : {}) });
  }
  return out;
}

/** `url`: the exact URL, null, or `{ pattern }`. */
function urlCheck(expected: NonNullable<Expectations['url']> | null, actual: string | null): Check {
  if (expected === null || typeof expected === 'string') return { field: 'url', expected, actual, ok: expected === actual, form: 'exactly' };
  let ok = false;
  try {
    ok = actual !== null && new RegExp(expected.pattern).test(actual);
  } catch {
    // validate reports a bad pattern at its position; here it simply does not match.
  }
  return { field: 'url', form: 'pattern', expected: expected.pattern, actual, ok, ...(ok ? {} : { message: actual === null ? 'there is no URL' : `does not match /${expected.pattern}/` }) };
}

/** Every state the walk entered, in order: those passed through without an event, then where each step settled. */
export const statesEntered = (run: Run): string[] =>
  run.trace.flatMap((t) => (t.refused ? [] : [...t.passed, t.state]));

const STEP_FORMS: Record<StepFailure['kind'], string> = {
  unknownEvent: 'event', refused: 'possible', notRefused: 'refused', otherState: 'state',
};

export function checkExpectations(s: Scenario, run: Run | null): Check[] {
  const e: Expectations = s.expect;
  const checks: Check[] = [];
  const check = (field: string, expected: unknown, actual: unknown, ok = same(expected, actual)) =>
    checks.push({ field, expected, actual, ok });
  const decision = decisionFor(s);
  for (const f of SCALAR_DECISION_FIELDS) if (e[f] !== undefined) check(f, e[f], decision[f]);
  for (const f of LIST_DECISION_FIELDS) if (e[f] !== undefined) checks.push(...listChecks(f, e[f]!, decision[f]));
  if (e.firstChoices !== undefined) checks.push(...listChecks('firstChoices', e.firstChoices, stepPool(decision, [])));
  if (e.url !== undefined) checks.push(urlCheck(e.url, decision.url));
  if (e.addable !== undefined) checks.push(...listChecks('addable', e.addable, addList(s, methodsHeld(s.user)).addable));
  if (e.rollback !== undefined || e.rollbackReason !== undefined) {
    const r = rollbackDecision(s.user);
    if (e.rollback !== undefined) check('rollback', e.rollback, r.decision);
    if (e.rollbackReason !== undefined) {
      const ok = r.reasons.includes(e.rollbackReason);
      checks.push({ field: 'rollbackReason', expected: e.rollbackReason, actual: r.reasons, ok, ...(ok ? {} : { message: `${e.rollbackReason} is not among the reasons` }) });
    }
  }
  if (run) {
    // Named by the step's YAML path (0-based), as `regsim validate` names it, and by its number in the checklist's W001, as a tester knows it.
    const numbers = walkStepNumbers(s.steps);
    for (const f of run.failures) {
      const step = s.steps[f.step - 1];
      const expected = f.kind === 'notRefused' ? 'refused' : f.kind === 'otherState' && step ? stepExpectedState(step) : 'a possible event';
      checks.push({ field: `steps[${f.step - 1}]`, form: STEP_FORMS[f.kind], expected, actual: f.actual ?? f.message, ok: false, message: f.message, step: numbers[f.step - 1]! });
    }
    s.steps.forEach((step, i) => {
      if (typeof step === 'string' || typeof step.expect !== 'object') return;
      const reached = run.trace.find((t) => t.step === i);
      const at = (c: Check): Check => ({ ...c, step: numbers[i]! });
      if (step.expect.choices && reached?.choices) checks.push(...listChecks<string>(`steps[${i}].expect.choices`, step.expect.choices, reached.choices).map(at));
      if (step.expect.listed && reached?.listed) checks.push(...listChecks<string>(`steps[${i}].expect.listed`, step.expect.listed, reached.listed).map(at));
    });
    if (e.final !== undefined) check('final', e.final, run.outcome ?? `(not finished: in ${run.state})`);
    if (e.visits !== undefined) checks.push(...listChecks('visits', e.visits, statesEntered(run), 'in order', stateMatches));
    if (e.audit !== undefined) checks.push(...listChecks('audit', e.audit, run.audit.map(formatAuditRow)));
    if (e.screens !== undefined) {
      const shown = run.trace.flatMap((t) => (t.screen && !t.refused ? [t.screen] : []));
      checks.push(...listChecks('screens', e.screens, shown, 'in order'));
    }
    if (e.default !== undefined) check('default', e.default, run.defaultOption);
    if (e.listed !== undefined) checks.push(...listChecks('listed', e.listed, run.listed));
  }
  if (e.reachable !== undefined || e.unreachable !== undefined) {
    // States passed through without an event (`gate`) are reachable too: the sources of the transitions taken.
    const g = exploreScenario(s);
    const reached = [...reachableStates(g), ...passedThrough([...g.initialTransitions, ...g.edges.flatMap((x) => x.transitions)])];
    const can = (id: string) => reached.some((r) => stateMatches(r, id));
    for (const id of e.reachable ?? []) check(`reachable ${id}`, true, can(id));
    for (const id of e.unreachable ?? []) check(`unreachable ${id}`, false, can(id));
  }
  return checks;
}
