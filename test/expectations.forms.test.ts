/**
 * Expectations that can say no (issue 12): refused steps, list forms
 * (`includes` / `excludes` / `exactly`), URL patterns, per-step choices,
 * `firstChoices`, states passed through without an event, the default
 * option at the end of a walk, ADM-02's rollback verdict — and `validate`
 * replaying steps to say why one is impossible.
 */
import { describe, expect, it } from 'vitest';
import { loadAll } from '../src/cli/loadAll.ts';
import { didYouMean } from '../src/scenario/diagnostics.ts';
import { parseScenarioText } from '../src/scenario/load.ts';
import type { ExpandedScenario } from '../src/scenario/matrix.ts';
import { checkExpectations, listChecks } from '../src/simulate/expectations.ts';
import { machineDiagnostics } from '../src/simulate/machineChecks.ts';
import { runScenario } from '../src/simulate/runner.ts';

const FILE = 'forms.yaml';

/** An interrupt tenant where MFA (Identity Protection) and SSPR (two methods) are both enforced: INT-05. */
const INT05 = `name: int05
tenant:
  authenticationMethods:
    enabled: [microsoftAuthenticator, mobilePhone, alternateMobilePhone, email, securityQuestions, appPassword]
  sspr: { enabledFor: all, methodsRequired: 2, requireRegistration: true }
  mfaRegistration: { identityProtection: true }
`;

function load(text: string) {
  const r = parseScenarioText(text, FILE);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('\n'));
  return r;
}
const first = (text: string): ExpandedScenario => load(text).variants[0]!;
const failing = (s: ExpandedScenario) => checkExpectations(s, runScenario(s)).filter((c) => !c.ok);

describe('list forms', () => {
  it('a bare list is the whole list in order; includes, excludes and exactly each fail on their own, saying what', () => {
    expect(listChecks('choices', ['a', 'b'], ['b', 'a'])[0]).toMatchObject({ ok: false, form: 'exactly', message: 'the same members in another order' });
    expect(listChecks('choices', { includes: ['a', 'z'] }, ['a', 'b'])[0]).toMatchObject({ ok: false, form: 'includes', message: 'missing z' });
    expect(listChecks('choices', { excludes: ['b', 'y'] }, ['a', 'b'])[0]).toMatchObject({ ok: false, form: 'excludes', message: 'present although excluded: b' });
    expect(listChecks('choices', { exactly: ['a'] }, ['a', 'b'])[0]).toMatchObject({ ok: false, form: 'exactly', message: 'unexpected b' });
    expect(listChecks('choices', { includes: ['a'], excludes: ['c'] }, ['a', 'b']).map((c) => c.ok)).toEqual([true, true]);
  });

  it('a walk list (visits, screens) in bare form is an order, not the whole list', () => {
    expect(listChecks('visits', ['a', 'c'], ['a', 'b', 'c'], 'in order')[0]!.ok).toBe(true);
    expect(listChecks('visits', ['c', 'a'], ['a', 'b', 'c'], 'in order')[0]).toMatchObject({ ok: false, message: 'a is there, but not after the members before it' });
    expect(listChecks('visits', ['d'], ['a'], 'in order')[0]).toMatchObject({ ok: false, message: 'd is never there' });
  });

  it('the schema rejects an empty or contradictory list form at its position', () => {
    const empty = parseScenarioText(`${INT05}expect:\n  choices: {}\n`, FILE);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.errors[0]).toMatchObject({ path: 'expect.choices', message: 'write includes, excludes or exactly (a list of values)' });
    const both = parseScenarioText(`${INT05}expect:\n  choices: { exactly: [email], excludes: [email] }\n`, FILE);
    expect(both.ok).toBe(false);
  });
});

describe('INT-05 as the seed says it', () => {
  it('choices is the whole wizard; firstChoices the first step: MFA methods only', () => {
    const s = first(`${INT05}expect:
  choices: { includes: [email, securityQuestions], excludes: [alternateMobilePhone, appPassword] }
  firstChoices: { includes: [microsoftAuthenticator, mobilePhone], excludes: [email, securityQuestions] }
`);
    expect(failing(s)).toEqual([]);
    const wrong = first(`${INT05}expect:\n  firstChoices: { includes: [email] }\n`);
    expect(failing(wrong)).toMatchObject([{ field: 'firstChoices', form: 'includes', message: 'missing email' }]);
  });

  it('a refused step passes when the event is not possible, and the walk goes on from the same state', () => {
    const s = first(`${INT05}steps:
  - NEXT
  - { send: CHOOSE_DIFFERENT_METHOD, expect: { state: wizard.chooser, choices: { excludes: [email] } } }
  - { send: SELECT_METHOD, method: email, refused: true }
  - { send: SELECT_METHOD, method: mobilePhone, expect: wizard.setup.mobilePhone }
`);
    const run = runScenario(s);
    expect(run.trace.map((t) => [t.event, t.state, t.refused ?? false])).toEqual([
      [null, 'wizard.intro', false],
      ['NEXT', 'wizard.setup.microsoftAuthenticator.install', false],
      ['CHOOSE_DIFFERENT_METHOD', 'wizard.chooser', false],
      ['SELECT_METHOD(email)', 'wizard.chooser', true],
      ['SELECT_METHOD(mobilePhone)', 'wizard.setup.mobilePhone.enterNumber', false],
    ]);
    expect(checkExpectations(s, run).filter((c) => !c.ok)).toEqual([]);
  });

  it('a step marked refused that is possible fails, and the per-step choices fail by form', () => {
    const s = first(`${INT05}steps:
  - NEXT
  - { send: CHOOSE_DIFFERENT_METHOD, expect: { state: wizard.chooser, choices: { includes: [email] } } }
  - { send: SELECT_METHOD, method: mobilePhone, refused: true }
`);
    expect(failing(s).map((c) => [c.field, c.form])).toEqual([['steps[2]', 'refused'], ['steps[1].expect.choices', 'includes']]);
    expect(failing(s)[0]!.message).toBe('SELECT_METHOD(mobilePhone) should be refused in wizard.chooser, but it is possible there (it goes to wizard.setup)');
  });

  it('the impossible step says why: the guard and the rule (INT-05)', () => {
    const s = first(`${INT05}steps:\n  - NEXT\n  - CHOOSE_DIFFERENT_METHOD\n  - { send: SELECT_METHOD, method: email }\n`);
    const f = runScenario(s).failures[0]!;
    expect(f.refusal).toMatchObject({ guard: 'isChoosable', rules: ['INT-05'] });
    expect(f.message).toMatch(/^SELECT_METHOD\(email\) is not possible in wizard\.chooser: the first method must be an MFA method; Email is not \(INT-05; guard isChoosable\); possible: /);
  });
});

describe('why a step is refused: the rule behind each guard', () => {
  const refusal = (text: string) => runScenario(first(text)).failures[0]!.refusal!;
  const wizard = (enabled: string, extra = '') => `name: r
tenant:
  authenticationMethods: { enabled: [${enabled}] }
  sspr: { enabledFor: all, methodsRequired: 2, requireRegistration: true }
  mfaRegistration: { identityProtection: true }
${extra}steps: [NEXT, CHOOSE_DIFFERENT_METHOD, { send: SELECT_METHOD, method: PICK }]
`;

  it('the sign-in wizard: held (INT-08), never here (INT-12), not an SSPR method (SSPR-01)', () => {
    expect(refusal(wizard('microsoftAuthenticator, mobilePhone, email', 'user: { methods: [email] }\n').replace('PICK', 'email')))
      .toMatchObject({ rules: ['INT-08'], text: 'the user already holds Email; the wizard asks only for what is missing' });
    expect(refusal(wizard('microsoftAuthenticator, mobilePhone, alternateMobilePhone').replace('PICK', 'alternateMobilePhone')))
      .toMatchObject({ rules: ['INT-12'], text: 'an alternate phone can only be registered on the Security info page (manage mode)' });
    expect(refusal(wizard('microsoftAuthenticator, mobilePhone, email', 'user: { methods: [] }\n').replace('methodsRequired: 2', 'methodsRequired: 2, methods: [microsoftAuthenticator, mobilePhone]').replace('PICK', 'email')).rules)
      .toEqual(['SSPR-01']);
  });

  it('the strength wizard never offers a password-reset-only method (STR-02)', () => {
    const text = `name: s
tenant:
  authenticationMethods: { enabled: [microsoftAuthenticator, mobilePhone, email] }
  sspr: { enabledFor: all, methodsRequired: 2, requireRegistration: true }
  conditionalAccess: [{ name: strength, grant: { authenticationStrength: multifactor } }]
steps: [NEXT, CHOOSE_DIFFERENT_METHOD, { send: SELECT_METHOD, method: email }]
`;
    expect(refusal(text)).toMatchObject({ guard: 'isChoosable', rules: ['STR-02'] });
  });

  it('the Security info page: a method the policy does not enable (MNG-07, MTH-01); a default option a virtual number cannot give (MTH-06)', () => {
    const page = `name: p\nflow: manage\ntenant: { authenticationMethods: { enabled: [mobilePhone, officePhone] } }\n`;
    expect(refusal(`${page}user: { methods: [officePhone] }\nsteps: [MFA_APPROVED, ADD_METHOD, { send: SELECT_METHOD, method: email }]\n`))
      .toMatchObject({ guard: 'isAddable', rules: ['MNG-07', 'MTH-01'], text: 'Email is not enabled in the Authentication methods policy' });
    expect(refusal(`${page}user: { methods: [officePhone, { method: mobilePhone, virtual: true }] }\nsteps: [MFA_APPROVED, CHANGE_DEFAULT, { send: SELECT_DEFAULT, option: mobilePhoneCall }]\n`))
      .toMatchObject({ guard: 'isDefaultChoice', rules: ['MTH-04', 'MTH-06'], text: '"Phone call" is not available for a virtual number' });
    expect(refusal(`${page}user: { methods: [officePhone] }\nsteps: [MFA_APPROVED, { send: CHANGE, method: fido2 }]\n`))
      .toMatchObject({ guard: 'isChangeable', rules: ['MNG-03'] });
  });
});

describe('walks: states passed through, the default, the URL, rollback', () => {
  it('visits matches states passed through without an event (gate, wizard.setup.route)', () => {
    const s = first(`${INT05}steps: [NEXT]\nexpect:\n  visits: [gate, wizard.intro, wizard.setup.route, wizard.setup.microsoftAuthenticator]\n`);
    expect(runScenario(s).trace.map((t) => t.passed)).toEqual([['gate'], ['wizard.setup.route']]);
    expect(failing(s)).toEqual([]);
  });

  it('reachable counts a state passed through without an event', () => {
    expect(failing(first(`${INT05}expect:\n  reachable: [gate, wizard.setup.route]\n`))).toEqual([]);
  });

  it('url takes a pattern, and says when it does not match', () => {
    expect(failing(first(`${INT05}expect:\n  url: { pattern: "^https://mysignins\\\\.microsoft\\\\.com/register$" }\n`))).toEqual([]);
    expect(failing(first(`${INT05}expect:\n  url: { pattern: "authMethods=" }\n`))).toMatchObject([{ field: 'url', form: 'pattern', message: 'does not match /authMethods=/' }]);
  });

  it('INT-09: the review shows the default option; a greenfield user who set up a phone gets its text message [A]', () => {
    const s = first(`${INT05}steps: [NEXT, CHOOSE_DIFFERENT_METHOD, { send: SELECT_METHOD, method: mobilePhone }, ENTER_NUMBER, CODE_CORRECT]\nexpect:\n  default: mobilePhoneText\n`);
    expect(failing(s)).toEqual([]);
    expect(runScenario(first(`${INT05}steps: [NEXT]\n`)).defaultOption).toBeNull();
  });

  it('ADM-02: rollback is a decision with its reason, assertable in expect', () => {
    const base = `name: r\nflow: manage\ntenant: { authenticationMethods: { enabled: [mobilePhone] } }\n`;
    expect(failing(first(`${base}user: { methods: [mobilePhone] }\nexpect: { rollback: eligible }\n`))).toEqual([]);
    expect(failing(first(`${base}user: { methods: [mobilePhone], perUserMfa: enabled }\nexpect: { rollback: notEligible, rollbackReason: perUserMfa }\n`))).toEqual([]);
    expect(failing(first(`${base}user: { methods: [email] }\nexpect: { rollback: notEligible, rollbackReason: noStrongAuthenticationMethods }\n`))).toEqual([]);
    expect(failing(first(`${base}user: { methods: [email] }\nexpect: { rollbackReason: perUserMfa }\n`)))
      .toMatchObject([{ field: 'rollbackReason', actual: ['noStrongAuthenticationMethods'] }]);
  });
});

describe('validate: machine checks and the replay', () => {
  const diagnostics = (text: string) => {
    const r = load(text);
    return machineDiagnostics(r.variants, FILE, r.locate, { replay: true });
  };

  it('a step picking a method the tenant does not enable is an error at that step, naming MTH-01', () => {
    const text = `${INT05.replace('email, securityQuestions, appPassword', 'email')}user: { tap: true }
steps:
  - TAP_ACCEPTED
  - NEXT
  - CHOOSE_DIFFERENT_METHOD
  - { send: SELECT_METHOD, method: fido2 }
`;
    const [d, ...rest] = diagnostics(text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ line: 12, col: 36, path: 'steps[3].method', severity: 'error' });
    expect(d!.message).toMatch(/Security key or passkey is not enabled in the Authentication methods policy \(MTH-01; guard isChoosable\)/);
  });

  it('a matrix prints each problem once, with the variants it holds for', () => {
    const text = `${INT05}matrix:\n  profile: [observed, documented]\nsteps: [{ send: NEXT, expect: wizard.setup.phone }]\n`;
    const ds = diagnostics(text);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(/did you mean "wizard\.setup\.mobilePhone"\?.* \(in both variants\)$/);
    expect(ds[0]!.path).toBe('steps[0].expect');
  });

  it('did you mean weighs the last segment of a state id', () => {
    const states = ['wizard.setup.route', 'wizard.setup.microsoftAuthenticator', 'wizard.setup.mobilePhone', 'wizard.setup.officePhone'];
    expect(didYouMean('wizard.setup.phone', states)).toBe('wizard.setup.mobilePhone');
    expect(didYouMean('wizard.setup.rute', states)).toBe('wizard.setup.route');
    expect(didYouMean('tenat', ['tenant', 'user'])).toBe('tenant');
  });

  it('a payload that does not fit its event is named: SELECT_DEFAULT takes an option', () => {
    const text = `name: d\nflow: manage\ntenant: { authenticationMethods: { enabled: [mobilePhone] } }\nuser: { methods: [mobilePhone] }
steps: [MFA_APPROVED, CHANGE_DEFAULT, { send: SELECT_DEFAULT, method: mobilePhone }]\n`;
    expect(diagnostics(text)).toMatchObject([{
      path: 'steps[2].method',
      message: 'SELECT_DEFAULT names a default sign-in option, not a method: write option: …; mobilePhone gives mobilePhoneCall, mobilePhoneText',
    }]);
  });

  it('validate passes every shipped scenario, steps replayed', () => {
    expect(loadAll(['scenarios'], undefined, { replay: true }).errors).toEqual([]);
  });
});
