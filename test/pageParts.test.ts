/**
 * Exploring the Security info page one part at a time (`onePartAtATime` in
 * machines/fragments/manage.ts) loses nothing the whole page has: on a
 * four-method page, both explorations reach the same states, take the same
 * machine transitions, cite the same rules and — with machines broken on
 * purpose — find the same violations, and every path listed from the
 * part-by-part graph replays on the real machine. (The same on every shipped
 * page scenario, the every-method pages' paths included, is in
 * shippedScenarios.test.ts, which holds what reads the shipped graphs.) Below,
 * a check that reads two parts at once and a guard that couples two methods
 * show the comparison fails where the argument does not hold.
 */
import { describe, expect, it } from 'vitest';
import { assign, type AnyStateMachine } from 'xstate';
import type { RegsimEvent } from '../machines/events.ts';
import { manageActions, manageGuards, type SecurityInfoContext } from '../machines/fragments/manage.ts';
import { manageMachine } from '../machines/manage.machine.ts';
import { checkScenario } from '../src/check/checker.ts';
import { INVARIANTS, type Invariant } from '../src/check/invariants.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import * as audit from '../src/domain/audit.ts';
import { shownPage, withAdded } from '../src/domain/manage.ts';
import { statesCover, transitionsCover } from '../src/paths/cover.ts';
import { exploreScenario } from '../src/paths/graph.ts';
import type { Scenario } from '../src/scenario/schema.ts';
import { covered, sorted, unreplayable } from './pageParts.ts';

const midsize = loadAll(['test/fixtures/page-parts.yaml']).scenarios[0]!.scenario;

/** Each violation found, as invariant, state and message (the paths may differ: each is a shortest one in its graph). */
const violations = (scenario: Scenario, page: 'whole' | 'parts', machine?: AnyStateMachine, invariants: readonly Invariant[] = INVARIANTS) =>
  sorted(checkScenario('', scenario, { page, machine, invariants }).violations.map((v) => `${v.invariant} at ${v.state}: ${v.message}`));

describe('the page explored part by part', () => {
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

  it('lists only paths the real machine takes, on the four-method page', () => {
    const parts = exploreScenario(midsize, { page: 'parts' });
    expect(unreplayable(parts, midsize, transitionsCover(parts))).toEqual([]);
    expect(unreplayable(parts, midsize, statesCover(parts))).toEqual([]);
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
