/**
 * The state key merges only snapshots that behave alike, on every shipped
 * scenario (`bisimulation.ts` says how that is checked): every pair of
 * states it merges shows the same screens and agrees on the events accepted,
 * the keys they lead to and every invariant. A key that forgets something a
 * guard reads fails this (shown below with two deliberately coarse keys).
 */
import { describe, expect, it } from 'vitest';
import { machineFor, snapshotKey, type MachineEntry } from '../machines/index.ts';
import { shipped } from './shipped.ts';
import { scenarioLabel } from '../src/cli/output.ts';
import { disagreements, type Key } from './bisimulation.ts';
import { splitsUpFront } from '../src/paths/graph.ts';

const scenarios = shipped().scenarios;
const keyOf = (entry: MachineEntry): Key => (s) => snapshotKey(entry, s);

// A page explored one part at a time (the every-method ones) is left to test/pageParts.test.ts: the key on the
// same page is shown sound here on every smaller page scenario, and its fine graph would cost the suite seconds.
const whole = scenarios.filter((x) => !splitsUpFront(x.scenario));

describe.each(whole.map((x) => [scenarioLabel(x.file, x.scenario.id), x] as const))('state key of %s', (_name, { scenario }) => {
  it('merges only states that show the same screens, accept the same events, lead to the same keys and agree on every invariant', () => {
    expect(disagreements(scenario, keyOf(machineFor(scenario.flow)))).toEqual([]);
  });
});

describe('the check has teeth', () => {
  const byName = (needle: string) => scenarios.find((x) => x.file.includes(needle))!.scenario;

  it('catches a key that forgets the method being acted on', () => {
    const scenario = byName('walk-manage-delete-failure');
    const entry = machineFor(scenario.flow);
    const forgetful: Key = (s) => snapshotKey({ ...entry, observe: (c, into) => entry.observe({ ...c, current: null }, into) }, s);
    expect(disagreements(scenario, forgetful).length).toBeGreaterThan(0);
  });

  it('catches a key that counts registrations only as held or not (MTH-02: the maximum leaves the Add list)', () => {
    const scenario = byName('mng-app-passwords-per-user-mfa-enforced');
    const entry = machineFor(scenario.flow);
    // Every method held counts as held once: several and the maximum are forgotten.
    const heldOnly: Key = (s) => snapshotKey({
      ...entry,
      observe: (c: { page: { resource: { methods: Array<{ count: number }> } } }, into) => entry.observe({
        ...c, page: { ...c.page, resource: { ...c.page.resource, methods: c.page.resource.methods.map((h) => ({ ...h, count: Math.min(h.count, 1) })) } },
      }, into),
    }, s);
    const found = disagreements(scenario, heldOnly);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(/SELECT_METHOD\((microsoftAuthenticator|appPassword)\)/);
  });
});
