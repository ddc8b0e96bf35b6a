/** `expect` fields that need a walk: final state, visits, audit rows, verbatim screens. */
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/scenario/load.ts';
import { checkExpectations } from '../src/simulate/expectations.ts';
import { runScenario } from '../src/simulate/runner.ts';

const FILE = 'scenarios/caveat3-windows-app-windows-error.yaml';
const PK_ERROR = 'Passkey not registered. This might be due to a timeout, a canceled request or a private browsing window.';

function load() {
  const r = loadScenarioFile(FILE);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.variants[0]!;
}

describe('walk expectations', () => {
  it('PK-04: the Windows App walk shows the exact passkey error, and every expectation holds', () => {
    const s = load();
    const run = runScenario(s);
    expect(run.trace.filter((t) => t.screen).map((t) => t.screen)).toEqual([PK_ERROR, PK_ERROR]);
    expect(checkExpectations(s, run).filter((c) => !c.ok)).toEqual([]);
  });

  it('a screen text that differs by a word fails, naming the field', () => {
    const s = load();
    const wrong = { ...s, expect: { ...s.expect, screens: [PK_ERROR.replace('private browsing', 'private')] } };
    const failed = checkExpectations(wrong, runScenario(wrong)).filter((c) => !c.ok);
    expect(failed.map((c) => c.field)).toEqual(['screens']);
  });

  it('final, visits and audit fail when the walk ends elsewhere', () => {
    const s = load();
    const other = { ...s, expect: { ...s.expect, final: 'registrationComplete', visits: ['wizard.review'], audit: [] } };
    const failed = checkExpectations(other, runScenario(other)).filter((c) => !c.ok).map((c) => c.field);
    expect(failed).toEqual(['final', 'visits', 'audit']);
  });

  it('a step that is not possible is named by its YAML path, 0-based, as validate names it', () => {
    const s = load();
    const bad = { ...s, steps: [s.steps[0]!, 'DONE'] };
    const failed = checkExpectations(bad, runScenario(bad)).filter((c) => !c.ok && c.field.startsWith('steps'));
    expect(failed.map((c) => c.field)).toEqual(['steps[1]']);
    expect(failed[0]!.message).toMatch(/^DONE is not possible in /);
    // What the walk met: the state it was in when DONE was refused.
    expect(failed[0]!.actual).toBe(runScenario(bad).state);
  });

  it('a step that ends elsewhere gives the state it reached, and its number in the checklist beside its YAML path', () => {
    const s = load();
    const at = s.steps.length - 1;
    const last = s.steps[at]!;
    const bad = { ...s, steps: [...s.steps.slice(0, at), { ...(typeof last === 'string' ? { send: last } : last), expect: 'wizard.review' }] };
    const run = runScenario(bad);
    const [f] = checkExpectations(bad, run).filter((c) => !c.ok && c.field.startsWith('steps'));
    expect(f).toMatchObject({ field: `steps[${at}]`, form: 'state', expected: 'wizard.review', actual: run.state });
    // Signing in is step 1, and no step of this walk happens by itself: YAML index i is the checklist's step i + 2.
    expect(f!.step).toBe(at + 2);
  });
});
