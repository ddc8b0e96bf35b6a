/**
 * Exploring the Security info page one part at a time (`onePartAtATime` in
 * machines/fragments/manage.ts) loses nothing the whole page has: on every
 * shipped page scenario small enough to explore whole, and on a four-method
 * page, both explorations reach the same states, take the same machine
 * transitions, cite the same rules and — with machines broken on purpose —
 * find the same violations. Every path listed from the part-by-part graph,
 * the every-method pages' included, replays on the real machine. Below,
 * a check that reads two parts at once and a guard that couples two methods
 * show the comparison fails where the argument does not hold.
 */
import { describe, expect, it } from 'vitest';
import { assign, initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { RegsimEvent } from '../machines/events.ts';
import { manageActions, manageGuards, type SecurityInfoContext } from '../machines/fragments/manage.ts';
import { machineFor, snapshotKey } from '../machines/index.ts';
import { manageMachine } from '../machines/manage.machine.ts';
import { checkScenario } from '../src/check/checker.ts';
import { INVARIANTS, type Invariant } from '../src/check/invariants.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { scenarioLabel } from '../src/cli/output.ts';
import * as audit from '../src/domain/audit.ts';
import { shownPage, withAdded } from '../src/domain/manage.ts';
import { reachableTransitions, statesCover, transitionsCover } from '../src/paths/cover.ts';
import { exploreScenario, reachableStates, type StateGraph } from '../src/paths/graph.ts';
import { transitionsOf } from '../src/paths/transitions.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import { planOf, shipped } from './shipped.ts';

const midsize = loadAll(['test/fixtures/page-parts.yaml']).scenarios[0]!.scenario;

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** What a graph covers: state ids, machine transitions, and the rules its states and transitions cite. */
function covered(g: StateGraph) {
  const rulesOf = new Map(transitionsOf(g.machine).map((t) => [t.id, t.rules]));
  const transitions = reachableTransitions(g);
  return {
    states: sorted(reachableStates(g)),
    transitions: sorted(transitions),
    rules: sorted([...g.nodes.flatMap((n) => n.rules), ...[...transitions].flatMap((t) => rulesOf.get(t) ?? [])]),
  };
}

/** Each violation found, as invariant, state and message (the paths may differ: each is a shortest one in its graph). */
const violations = (scenario: Scenario, page: 'whole' | 'parts', machine?: AnyStateMachine, invariants: readonly Invariant[] = INVARIANTS) =>
  sorted(checkScenario('', scenario, { page, machine, invariants }).violations.map((v) => `${v.invariant} at ${v.state}: ${v.message}`));

/** The events of a graph path replayed from the machine's own initial state: each step must reach the node the path says. */
function replays(g: StateGraph, scenario: Scenario, path: readonly number[]): string | null {
  const entry = machineFor(scenario.flow);
  let [s] = initialTransition(g.machine, scenario) as [AnyMachineSnapshot, unknown];
  if (snapshotKey(entry, s) !== g.nodes[0]!.key) return 'the initial state differs';
  for (const i of path) {
    const e = g.edges[i]!;
    const [next] = transition(g.machine, s, e.event) as [AnyMachineSnapshot, unknown];
    if (next === s || snapshotKey(entry, next) !== g.nodes[e.to]!.key) return `${e.label} from ${g.nodes[e.from]!.state} does not reach ${g.nodes[e.to]!.key}`;
    s = next;
  }
  return null;
}

const unreplayable = (g: StateGraph, scenario: Scenario, paths: Iterable<readonly number[]>): string[] =>
  [...paths].map((p) => replays(g, scenario, p)).filter((x): x is string => x !== null);

const pageScenarios = shipped().scenarios.filter((x) => machineFor(x.scenario.flow).parts?.(x.scenario));

describe('the page explored part by part', () => {
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

  it('reaches, on a four-method page, what the whole page reaches, with a tenth of its states', () => {
    const whole = exploreScenario(midsize, { page: 'whole' });
    const parts = exploreScenario(midsize, { page: 'parts' });
    expect(whole.byParts).toBeUndefined();
    expect(covered(parts)).toEqual(covered(whole));
    expect(parts.nodes.length * 10).toBeLessThan(whole.nodes.length);
  });

  it('finds the same violations as the whole page, with machines broken on purpose', () => {
    type Page = SecurityInfoContext['page'];
    type Args = { context: SecurityInfoContext; event: RegsimEvent };
    const bump = (page: Page, m: string, by: number): Page => ({
      ...page, resource: { ...page.resource, methods: page.resource.methods.map((h) => (h.method === m ? { ...h, count: h.count + by } : h)) },
    });
    // MTH-02: each add counts one too many, past the maximum; MNG-04: a failed delete removes the method anyway (and audits it as deleted); MNG-05: any option is offered.
    const broken = manageMachine.provide({
      guards: { isDefaultChoice: ({ event }: Args) => event.type === 'SELECT_DEFAULT' },
      actions: {
        recordAdded: assign(({ context: c }: Args) => ({ current: null, page: bump(withAdded(c.page, c.current!), c.current!, 1), audit: [...c.audit, audit.methodRegistered(c.current!)] })),
        auditDeleteFailed: manageActions.recordDeleted,
      },
    } as never);
    const whole = violations(midsize, 'whole', broken);
    expect(sorted(whole.map((v) => v.split(' ')[0]!))).toEqual(['audit-matches-transition', 'default-capable', 'default-option-offered', 'max-not-exceeded', 'page-changes-explained']);
    expect(violations(midsize, 'parts', broken)).toEqual(whole);
  });

  it('lists only paths the real machine takes, on the four-method page and on the every-method pages', () => {
    const parts = exploreScenario(midsize, { page: 'parts' });
    expect(unreplayable(parts, midsize, transitionsCover(parts))).toEqual([]);
    expect(unreplayable(parts, midsize, statesCover(parts))).toEqual([]);
    for (const { scenario } of pageScenarios.filter((x) => planOf(x.scenario).graph.byParts)) {
      const g = planOf(scenario).graph;
      expect(unreplayable(g, scenario, transitionsCover(g))).toEqual([]);
    }
  });
});

describe('the comparison has teeth', () => {
  it('catches an invariant that reads two parts at once', () => {
    // A check no part-by-part exploration can fail: it needs a passkey and an email held together.
    const both: Invariant = {
      id: 'probe-passkey-and-email', kind: 'node', rules: [], description: 'probe',
      check: (_, n) => {
        const c = n.snapshot.context as SecurityInfoContext;
        const held = shownPage(c.page).methods.map((h) => h.method);
        return held.includes('fido2') && held.includes('email') ? 'a passkey and an email are held together' : null;
      },
    };
    const whole = violations(midsize, 'whole', undefined, [both]);
    expect(whole.length).toBeGreaterThan(0);
    expect(violations(midsize, 'parts', undefined, [both])).not.toEqual(whole);
  });

  it('catches a guard that couples two methods', () => {
    type Args = { context: SecurityInfoContext; event: RegsimEvent };
    // Email can be added only once a passkey is held: acting on one part reads another.
    const coupled = manageMachine.provide({
      guards: {
        isAddable: (a: Args) => manageGuards.isAddable(a)
          && (a.event.type !== 'SELECT_METHOD' || a.event.method !== 'email' || shownPage(a.context.page).methods.some((h) => h.method === 'fido2')),
      },
    } as never);
    const whole = covered(exploreScenario(midsize, { page: 'whole', machine: coupled }));
    const parts = covered(exploreScenario(midsize, { page: 'parts', machine: coupled }));
    expect(whole.states.filter((s) => s.includes('adding.email')).length).toBeGreaterThan(0);
    expect(parts).not.toEqual(whole);
  });

  it('refuses a page whose update changes two parts at once', () => {
    type Args = { context: SecurityInfoContext };
    // Adding any method registers an email too.
    const twice = manageMachine.provide({
      actions: { recordAdded: assign(({ context: c }: Args) => ({ current: null, page: withAdded(withAdded(c.page, c.current!), 'email'), audit: c.audit })) },
    } as never);
    expect(() => exploreScenario(midsize, { page: 'parts', machine: twice })).toThrow(/does not split into parts: .* changed together/);
  });
});
