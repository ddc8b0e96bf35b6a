/**
 * The manual formats as a tester and a Cucumber user read them, rendered in
 * process: every step in the catalogue's words with the screen to expect,
 * the seeds' verbatim text, environment steps marked with how to provoke
 * them, the admin set-up, the scenario's walk first, rules once per path —
 * and Gherkin that the official parser accepts, each step matching exactly
 * one catalogue phrase.
 */
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { CucumberExpression, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { IdGenerator } from '@cucumber/messages';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_WORDS, FLOW_START, FLOW_WORDS, GHERKIN_STEPS, PROVOKE_LABEL, SAME_AS_WALK, SCREENS, instruction, screenDetails, variantTitle, variantWords, walkStepNumbers } from '../machines/catalogue/index.ts';
import { shipped } from './shipped.ts';
import { storyMarkdown, storyboard } from '../src/export/story.ts';
import { METHOD_EVENT_TYPES, PLAIN_EVENT_TYPES } from '../machines/events.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { PASSKEY_ERROR } from '../src/domain/passkey.ts';
import { checklist } from '../src/paths/checklist.ts';
import { scenarioHeader, writerFor, type Format } from '../src/paths/formats.ts';
import { CoverageTracker, WALK_ID, generatePaths, planScenario } from '../src/paths/generate.ts';
import type { TestPath } from '../src/paths/path.ts';
import { pathEnd } from '../src/paths/words.ts';
import { Scenario } from '../src/scenario/schema.ts';

/** One scenario file per flow. */
const BY_FLOW = {
  interrupt: 'scenarios/caveat3-windows-app-windows-error.yaml',
  manage: 'scenarios/walk-manage-change-default.yaml',
  ssprRefresh: 'scenarios/walk-refresh-backend-failure.yaml',
  b2bMfaTrust: 'scenarios/b2b-legacy-mfa-trust-greenfield-home-wizard.yaml',
  passkey: 'scenarios/walk-passkey-windows-app-windows-hang.yaml',
} as const;

function load(file: string) {
  const { scenarios, errors } = loadAll([file]);
  expect(errors).toEqual([]);
  return scenarios;
}

/** `regsim paths FILE --format F`, in process: each file the writer opens, by name. */
function render(file: string, format: Format): { files: Map<string, string>; paths: TestPath[] } {
  const files = new Map<string, string>();
  let open = '';
  const writer = writerFor(format, { open: (name) => { open = name; files.set(name, files.get(name) ?? ''); }, write: (t) => files.set(open, files.get(open)! + t) });
  const paths: TestPath[] = [];
  writer.start();
  for (const { file: f, scenario } of load(file)) {
    const h = scenarioHeader(f, scenario);
    const plan = planScenario(scenario);
    const tracker = new CoverageTracker(plan);
    writer.scenario(h);
    for (const p of generatePaths(plan, { criterion: 'transitions' })) { tracker.add(p); paths.push(p); writer.path(h, p); }
    writer.endScenario(h, tracker.report(), null);
  }
  writer.end({});
  return { files, paths };
}

const EVENT_TYPES = [...PLAIN_EVENT_TYPES, ...METHOD_EVENT_TYPES];

describe('the MFA prompt', () => {
  it('lists the methods the user holds for it, and for a guest those the resource accepts', () => {
    const md = [...render('scenarios/walk-manage-add-phone-success.yaml', 'md').files.values()].join('\n');
    expect(md).toContain('Methods the user holds for it: Microsoft Authenticator.');
    // Caveat 2: a phone and a passkey at home; the resource's phishing-resistant strength takes only the passkey.
    const guest = [...render('scenarios/b2b-trust-home-claim-method-decides.yaml', 'md').files.values()].join('\n');
    const line = guest.split('\n').find((l) => l.includes('`home.completeMfa`'))!;
    expect(line).toContain('Methods the guest holds for it at home: Phone, Security key or passkey; the resource accepts: Security key or passkey.');
    expect(guest).toContain(EVENT_WORDS.MFA_APPROVED.does);
  });

  it('judges each registration as held: a passwordless Authenticator meets the Passwordless strength, a plain one would not', () => {
    const prompt = (authenticator: object) => {
      const s = Scenario.parse({
        name: 'passwordless guest', flow: 'b2bMfaTrust', client: { app: 'browser' },
        tenant: {
          authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone'] },
          conditionalAccess: [{ name: 'Guests - passwordless', users: 'guests', grant: { authenticationStrength: 'passwordless' } }],
          crossTenant: { trustMfa: true },
        },
        user: { type: 'guest', homeMfaClaim: 'mobilePhone', home: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone'] }, methods: ['mobilePhone', authenticator] } },
      });
      // Holding an MFA method at home, the guest meets the home prompt: where there is nothing to register, or before the home wizard.
      const node = planScenario(s).graph.nodes.find((n) => n.state === 'home.completeMfa' || n.state === 'home.mfaChallenge')!;
      return screenDetails('mfaChallenge', node.snapshot)[0];
    };
    expect(prompt({ method: 'microsoftAuthenticator', passwordless: true })).toBe('Methods the guest holds for it at home: Phone, Microsoft Authenticator; the resource accepts: Microsoft Authenticator');
    expect(prompt({ method: 'microsoftAuthenticator', passwordless: false })).toBe('Methods the guest holds for it at home: Phone, Microsoft Authenticator; the resource accepts: none');
  });

  it('leaves out a virtual number, which cannot answer the prompt (MTH-06)', () => {
    const s = Scenario.parse({
      name: 'virtual phone', flow: 'manage', client: { app: 'browser' },
      tenant: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone'] } },
      user: { methods: ['microsoftAuthenticator', { method: 'mobilePhone', virtual: true }] },
    });
    const node = planScenario(s).graph.nodes.find((n) => n.state === 'mfaChallenge')!;
    expect(screenDetails('mfaChallenge', node.snapshot)).toEqual(['Methods the user holds for it: Microsoft Authenticator']);
  });

  it('lists them on the legacy SSPR page\'s prompt too', () => {
    const md = [...render('scenarios/adm-legacy-sspr-page-after-disabling-combined.yaml', 'md').files.values()].join('\n');
    const lines = md.split('\n').filter((l) => l.includes('`legacyMfaChallenge`'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toContain('Methods the user holds for it: ');
  });
});

describe('a refused code or number', () => {
  it('is typed again once: the step after the refusal only clears the box, and the typing is the next step\'s', () => {
    const md = [...render('scenarios/walk-interrupt-int06-swap-to-email.yaml', 'md').files.values()].join('\n');
    const steps = md.split('\n').filter((l) => /^\d+\. \[ \] /.test(l)).map((l) => l.replace(/^\d+\. \[ \] /, ''));
    const clears = steps.flatMap((x, i) => (x === EVENT_WORDS.RETRY.on!['setup.mobilePhone.codeRejected'] ? [i] : []));
    expect(clears.length).toBeGreaterThan(0);
    for (const i of clears) {
      expect(steps[i - 1], `before step ${i}`).toMatch(/^Enter a wrong code|^\*Environment:\* Enter a virtual/);
    }
    // No step asks to type the code "again" before the step that types it.
    expect(md).not.toMatch(/Enter the code again|Go back to enter another number/);
    expect(clears.some((i) => /^Enter the code/.test(steps[i + 1]!))).toBe(true);
  });
});

describe('a path with steps no one can provoke by hand', () => {
  const FILES = ['scenarios/walk-refresh-edit-then-confirm.yaml', 'scenarios/cover-manage-add-passkey-per-client.yaml', 'scenarios/aud08-default-option-names.yaml', 'scenarios/walk-manage-delete-failure.yaml', 'scenarios/caveat3-windows-app-windows-error.yaml'];

  it('says which, in English, and how far to follow the path', () => {
    let banners = 0;
    let several = 0;
    for (const file of FILES) {
      const md = [...render(file, 'md').files.values()].join('\n');
      for (const section of md.split('\n## ').slice(1)) {
        const cannot = [...section.matchAll(new RegExp(`^(\\d+)\\. \\[ \\] .*\\*${PROVOKE_LABEL.no}:\\*`, 'gm'))].map((m) => Number(m[1]));
        const banner = /^> (Steps? [^\n]*) cannot be provoked by hand: on a real tenant, follow this path as far as step (\d+),/m.exec(section);
        if (!cannot.length) { expect(banner, section.split('\n')[0]).toBeNull(); continue; }
        banners++;
        if (cannot.length > 1) several++;
        const words = cannot.length === 1 ? `Step ${cannot[0]}` : `Steps ${cannot.slice(0, -1).join(', ')} and ${cannot.at(-1)}`;
        expect(banner?.[1], section.split('\n')[0]).toBe(words);
        expect(Number(banner![2])).toBe(cannot[0]! - 1);
      }
    }
    expect(banners).toBeGreaterThan(0);
    expect(several).toBeGreaterThan(0);
  });

  it.each(FILES)('%s: a generated path ends once it has taken such a step, by the shortest way to an outcome', (file) => {
    for (const { scenario } of load(file)) {
      const plan = planScenario(scenario);
      const g = plan.graph;
      const cannot = (i: number) => EVENT_WORDS[g.edges[i]!.event.type].provoke?.can === 'no';
      /** Edges from a node to the nearest final state (BFS), round such steps where there is a way round. */
      const toFinal = (from: number): number => {
        const bfs = (skip: boolean) => {
          const seen = new Map([[from, 0]]);
          const queue = [from];
          for (let h = 0; h < queue.length; h++) {
            const n = queue[h]!;
            if (g.nodes[n]!.final) return seen.get(n)!;
            for (const e of g.out[n]!) if (!seen.has(e.to) && !(skip && cannot(e.index))) { seen.set(e.to, seen.get(n)! + 1); queue.push(e.to); }
          }
          return Infinity;
        };
        const round = bfs(true);
        return round < Infinity ? round : bfs(false);
      };
      for (const p of generatePaths(plan, { criterion: 'transitions' })) {
        if (p.id === WALK_ID) continue;
        const k = p.edges.findIndex(cannot);
        if (k < 0) continue;
        // After the step no one can provoke, only the shortest finish follows.
        expect(p.edges.length - k - 1, `${scenario.id} ${p.id}`).toBe(toFinal(g.edges[p.edges[k]!]!.to));
      }
    }
  });
});

describe('a matrix variant\'s title', () => {
  it('says in words what sets each shipped variant apart, each its own, and keeps the dotted id beside it for traceability', () => {
    const variants = shipped().scenarios.filter((x) => Object.keys(x.scenario.variant).length);
    expect(variants.length).toBeGreaterThan(50);
    const byFile = new Map<string, Set<string>>();
    for (const { file, scenario } of variants) {
      const title = variantTitle(scenario);
      // No dimension left to its dotted path (a dimension without words would read `path = value`).
      expect(title, scenario.id).not.toMatch(/\[|=|\b(tenant|user|client|steps)\.[a-zA-Z]/);
      byFile.set(file, (byFile.get(file) ?? new Set()).add(title));
    }
    for (const [file, titles] of byFile) expect(titles.size, file).toBe(variants.filter((x) => x.file === file).length);
    const md = [...render('scenarios/adm01-combined-off-interrupt-legacy-pages.yaml', 'md').files.values()][0]!;
    expect(md).toMatch(/^# ADM-01: .* — Identity Protection MFA registration policy off, modern browser\n/);
    expect(md).toContain('`scenarios/adm01-combined-off-interrupt-legacy-pages.yaml`, variant `tenant.mfaRegistration.identityProtection=false, client.app=browser`');
  });

  it('is the same in every format a person reads (Gherkin, the table, the vitest export, the storyboard), each keeping the dotted id', () => {
    const FILE = 'scenarios/adm01-combined-off-interrupt-legacy-pages.yaml';
    const title = 'ADM-01: combined registration disabled: no updated-experience wizard at sign-in, the legacy pages instead — Identity Protection MFA registration policy off, modern browser';
    const id = 'tenant.mfaRegistration.identityProtection=false, client.app=browser';
    const [feature] = [...render(FILE, 'gherkin').files.values()];
    expect(feature).toContain(`# variant: ${id}\nFeature: ${title}\n`);
    expect([...render(FILE, 'table').files.values()][0]).toContain(`\n${title}  (${FILE})\n`);
    const [test] = [...render(FILE, 'vitest').files.values()];
    expect(test).toContain(`describe(${JSON.stringify(title)}, () => {`);
    expect(test).toContain(`, variant ${id}.`);
    const { scenario } = load(FILE)[0]!;
    const md = storyMarkdown(storyboard(scenario, FILE, [...generatePaths(planScenario(scenario), { criterion: 'transitions' })][0]!));
    expect(md).toMatch(new RegExp(`^# Storyboard: ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
    expect(md).toContain(`Generated by regsim from \`${FILE}\`, variant \`${id}\`.`);
  });

  it('names a walk\'s step by the checklist\'s number and words', () => {
    const FILE = 'scenarios/caveat3-private-window-error.yaml';
    const md = [...render(FILE, 'md').files.values()];
    for (const text of md) {
      const [, step, words] = /^# .* — the walk's step (\d+): (.*)$/m.exec(text)!;
      // W001's step of that number is the one the title names.
      const w001 = text.slice(text.indexOf('## W001'), text.indexOf('\n## T0', text.indexOf('## W001')));
      expect(w001, words).toMatch(new RegExp(`^${step}\\. \\[ \\] (\\*Environment:\\* )?${words!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`, 'm'));
    }
  });

  it('reads an unknown dimension exactly: `path = value`', () => {
    const { scenario } = load('scenarios/adm01-combined-off-interrupt-legacy-pages.yaml')[0]!;
    expect(variantWords({ 'tenant.sspr.securityQuestions.toRegister': 4 }, scenario)).toBe('tenant.sspr.securityQuestions.toRegister = 4');
  });
});

describe('a path the walk already takes', () => {
  it('keeps its id, and sends the tester to the walk instead of repeating its steps', () => {
    const { files, paths } = render('scenarios/walk-refresh-looks-good.yaml', 'md');
    const walk = paths.find((p) => p.id === WALK_ID)!;
    const same = paths.filter((p) => p.id !== WALK_ID && p.edges.join() === walk.edges.join());
    expect(same.length).toBeGreaterThan(0);
    const md = [...files.values()].join('\n');
    for (const p of same) expect(md).toContain(`\n## ${p.id} — ${pathEnd(p)}\n\n${SAME_AS_WALK}\n`);
    // Every other path is written out in full: its first step signs in.
    for (const p of paths.filter((x) => !same.includes(x))) expect(md).toMatch(new RegExp(`## ${p.id}[^\n]*\n\n[^\n]*\n\n(> [^\n]*\n\n)?1\\. \\[ \\] `));
  });
});

describe('the walk, W001, and its refused steps', () => {
  const REFUSING = shipped().scenarios.filter(({ scenario }) => scenario.steps.some((x) => typeof x !== 'string' && x.refused === true));

  it('goes on past a step marked refused, as run does, so the checklist numbers every step run names', () => {
    expect(REFUSING.length).toBeGreaterThan(0);
    for (const { file, scenario } of REFUSING) {
      const plan = planScenario(scenario);
      const walk = [...generatePaths(plan, { criterion: 'transitions' })][0]!;
      expect(walk.id).toBe(WALK_ID);
      // Every step but the refused ones is an edge of W001.
      const moves = scenario.steps.filter((x) => typeof x === 'string' || x.refused !== true);
      expect(walk.steps.length, `${file} ${scenario.id}`).toBe(moves.length);
      // The numbers run names a step by (walkStepNumbers) are the checklist's own: the largest is W001's last box.
      const md = render(file, 'md').files;
      const section = [...md.values()].join('\n').split(`\n## ${WALK_ID}`)[1]!.split('\n## ')[0]!;
      const boxes = [...section.matchAll(/^(\d+)\. \[ \] /gm)].map((m) => Number(m[1]));
      expect(Math.max(...walkStepNumbers(scenario.steps)), `${file} ${scenario.id}`).toBe(boxes.at(-1));
    }
  });

  it('says so when the walk stops short, at a step that is not possible', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regsim-walk-'));
    try {
      const file = join(dir, 'walk.yaml');
      const yaml = readFileSync('scenarios/walk-refresh-backend-failure.yaml', 'utf8').replace('  - { send: RETRY, expect: review }', '  - { send: LOOKS_GOOD, expect: saving }');
      writeFileSync(file, yaml.replace(/^# yaml-language-server.*\n/, ''));
      const md = [...render(file, 'md').files.values()].join('\n');
      expect(md).toContain("> The scenario's walk goes on, but its `steps[3]` is not possible here: this path stops before it. `regsim run` says why.");
      expect(render('scenarios/walk-refresh-backend-failure.yaml', 'md').files.values().next().value).not.toContain("The scenario's walk goes on");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what happens by itself', () => {
  const FILES = ['scenarios/cover-ssprrefresh-edit-add-phones.yaml', 'scenarios/b2b-legacy-mfa-trust-greenfield-home-wizard.yaml'];
  const automatic = Object.values(EVENT_WORDS).filter((e) => e.provoke?.can === 'automatic');

  it.each(FILES)('%s: is part of the step it follows, with no box to tick, and the numbers run on; the vitest export numbers it alike', (file) => {
    const md = [...render(file, 'md').files.values()].join('\n');
    const vitest = [...render(file, 'vitest').files.values()].join('\n');
    let seen = 0;
    for (const section of md.split('\n## T').slice(1)) {
      const numbers = [...section.matchAll(/^(\d+)\. \[ \] /gm)].map((m) => Number(m[1]));
      expect(numbers, section.split('\n')[0]).toEqual(numbers.map((_, i) => i + 1));
      for (const e of automatic) {
        // Never a numbered step of its own, always the line under one.
        expect(section).not.toMatch(new RegExp(`^\\d+\\. \\[ \\] \\*Environment:\\* ${e.does.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
      }
      seen += [...section.matchAll(/^ {3}\*Then, by itself:\* /gm)].length;
    }
    expect(seen).toBeGreaterThan(0);
    // The same number in the take-home test: its failure names the checklist's step.
    const first = /^(\d+)\. \[ \] [^\n]*\n(?: {3}[^\n]*\n)*? {3}\*Then, by itself:\* (.*)$/m.exec(md)!;
    expect(vitest).toContain(`// ${first[1]}, then, by itself: ${first[2]!.replace(/\*\*/g, '')}`);
  });

  it.each(FILES)('%s: JSON numbers each step as the checklist does, and marks what happens by itself', (file) => {
    const md = [...render(file, 'md').files.values()].join('\n');
    const json = JSON.parse([...render(file, 'json').files.values()][0]!) as { scenarios: Array<{ paths: Array<{ id: string; steps: Array<{ step: number; byItself?: true }> }> }> };
    let byItself = 0;
    for (const p of json.scenarios.flatMap((x) => x.paths)) {
      const section = md.split(`\n## ${p.id}`)[1]!.split('\n## ')[0]!;
      if (section.includes(SAME_AS_WALK)) continue;
      // The checklist's boxes are 1 (signing in) and each step JSON does not mark byItself.
      const boxes = [...section.matchAll(/^(\d+)\. \[ \] /gm)].map((m) => Number(m[1]));
      expect([1, ...p.steps.filter((x) => !x.byItself).map((x) => x.step)], p.id).toEqual(boxes);
      for (const [i, x] of p.steps.entries()) if (x.byItself) expect(x.step, p.id).toBe(i === 0 ? 1 : p.steps[i - 1]!.step);
      byItself += p.steps.filter((x) => x.byItself).length;
    }
    expect(byItself).toBeGreaterThan(0);
  });
});

describe('the md checklist of caveat 3 (the Windows App passkey error)', () => {
  const { files, paths } = render(BY_FLOW.interrupt, 'md');
  const md = [...files.values()][0]!;
  const steps = md.split('\n').filter((l) => /^\d+\. \[ \] /.test(l));

  it('quotes the passkey error word for word, as the blog gives it', () => {
    expect(md).toContain(`"${PASSKEY_ERROR}"`);
  });

  it('has no step that is an event id, nor any event id anywhere', () => {
    expect(steps.length).toBeGreaterThan(10);
    for (const type of EVENT_TYPES) expect(md, type).not.toMatch(new RegExp(`\\b${type}\\b`));
  });

  it('gives every step an instruction and the screen to expect, with its state id in small print', () => {
    const lines = md.split('\n');
    lines.forEach((l, i) => {
      if (!/^\d+\. \[ \] /.test(l)) return;
      expect(lines[i + 1], l).toMatch(/^ {3}Expect: .+ <sub>.+ · `[\w.]+`<\/sub>$/);
    });
  });

  it('at the passkey error, expects only the ways on the page offers: no other method under this strength', () => {
    const at = md.split('\n').filter((l) => l.includes('`wizard.setup.fido2.error`'));
    expect(at.length).toBeGreaterThan(0);
    for (const l of at) expect(l).toContain(`The page offers: ${EVENT_WORDS.RETRY.label}, ${EVENT_WORDS.CANCEL.label}.`);
    expect(md).not.toContain(EVENT_WORDS.CHOOSE_DIFFERENT_METHOD.label);
    // With alternatives (a browser, a legacy MFA grant), the same screen offers the third way.
    const s = Scenario.parse({
      name: 'alternatives', profile: 'observed', client: { app: 'browser' }, user: { tap: true },
      tenant: { authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'fido2', 'temporaryAccessPass'], passkey: { selfServiceSetup: true } }, conditionalAccess: [{ name: 'MFA', grant: 'mfa' }] },
    });
    const error = planScenario(s).graph.nodes.find((n) => n.state === 'wizard.setup.fido2.error')!;
    expect(screenDetails('passkey.error', error.snapshot)).toEqual([`The page offers: ${['RETRY', 'CHOOSE_DIFFERENT_METHOD', 'CANCEL'].map((t) => EVENT_WORDS[t as 'RETRY'].label).join(', ')}`]);
  });

  it('says why a general outcome shows, where the step before caused it: a refused Temporary Access Pass', () => {
    const lines = md.split('\n');
    const i = lines.findIndex((l) => l.includes(EVENT_WORDS.TAP_REJECTED.does));
    expect(i).toBeGreaterThan(0);
    expect(lines[i + 1]).toContain(`${SCREENS['outcome.blocked'].shows} ${EVENT_WORDS.TAP_REJECTED.into!['outcome.blocked']}.`);
    // Nowhere else: the words belong to the step that leads there.
    expect(md.split(EVENT_WORDS.TAP_REJECTED.into!['outcome.blocked']!).length - 1).toBe(lines.filter((l) => l.includes(EVENT_WORDS.TAP_REJECTED.does)).length);
  });

  it('asks to check the address bar only in a client that has one: the Windows App has none', () => {
    const intro = md.split('\n').find((l) => l.includes('`wizard.intro`'))!;
    expect(intro).not.toContain('address bar shows');
    expect(intro).toMatch(/Its address, https:\/\/mysignins\.microsoft\.com\/register\?\S+, cannot be checked here: the Windows App .* shows no address bar\./);
    const browser = load('scenarios/caveat3-browser-passkey-registered.yaml')[0]!.scenario;
    const shown = planScenario(browser).graph.nodes.find((n) => n.state === 'wizard.intro')!;
    expect(screenDetails('wizard.intro', shown.snapshot)[0]).toMatch(/^The address bar shows https:\/\/mysignins\.microsoft\.com\/register\?/);
  });

  it('marks each environment step, with how to provoke it or that it cannot be', () => {
    for (const type of ['WEBAUTHN_FAILED', 'WEBAUTHN_TIMEOUT', 'WIZARD_HANGS'] as const) {
      const e = EVENT_WORDS[type];
      expect(md).toContain(`*Environment:* ${e.does} *${PROVOKE_LABEL[e.provoke!.can]}:* ${e.provoke!.how}`);
    }
  });

  it('sets up the tenant as an admin checklist, waits for it to apply, signs in as a fresh user and resets between paths', () => {
    const c = checklist(load(BY_FLOW.interrupt)[0]!.scenario);
    for (const item of [...c.tenant, ...c.user.map((i) => i.text)]) expect(md).toContain(`- [ ] ${item}`);
    expect(md).toContain('**Conditional Access** policy "Require phishing-resistant MFA for all apps"');
    expect(md).toContain('Phishing-resistant MFA (built-in)');
    expect(md).toContain('- [ ] Wait up to 2 hours for the changes to apply before testing.');
    expect(md).toMatch(/^Sign in as a fresh test user, made as above, with the Windows App .* on Windows\.$/m);
    // The Windows App keeps its session: it is quit, not a browser window opened afresh.
    expect(md).toMatch(/^Before each path, sign out, with the Windows App quit and opened again, and start again from this set-up: a new test user made as above .*\.$/m);
    const browser = [...render(BY_FLOW.manage, 'md').files.values()][0]!;
    expect(browser).toMatch(/^Before each path, sign out, in a new browser window, and start again from this set-up: a new test user/m);
    // A user due for a review cannot be new: a new user has reviewed nothing.
    const review = [...render(BY_FLOW.ssprRefresh, 'md').files.values()][0]!;
    expect(review).toMatch(/^- \[ \] Use a test user, a member of the tenant, who last reviewed their security info \d+ days ago/m);
    expect(review).toMatch(/^Sign in as the test user, made as above,/m);
    // Nor the last path's: confirming or changing the security info starts the review interval again (REF-01).
    expect(review).toMatch(/^Before each path, sign out, .*: another test user due for review, holding what is listed above/m);
    expect(review).toContain('each path needs its own such user');
    expect(review).not.toContain('a new test user');
    // A Temporary Access Pass is issued again only where the set-up issued one.
    expect(browser).not.toContain('Temporary Access Pass');
    expect(md).toMatch(/^Before each path, .*and issue a new Temporary Access Pass\)\.$/m);
  });

  it('makes a change that must not have applied yet pending again after a path that waited for it (GATE-04)', () => {
    const pending = [...render('scenarios/cover-ssprrefresh-edit-wait-propagation.yaml', 'md').files.values()][0]!;
    expect(pending).toContain('*Wait:*');
    expect(pending).toMatch(/^Before each path, .*If the previous path waited for the changes to apply, set the earlier settings back, wait up to 2 hours for them to apply, and save the changes again; start within 20 minutes of saving them\.$/m);
    expect(md).not.toContain('set the earlier settings back');
  });

  it('lists the scenario\'s own walk first, as W001, step for step', () => {
    const scenario = load(BY_FLOW.interrupt)[0]!.scenario;
    expect(paths[0]!.id).toBe(WALK_ID);
    expect(paths[0]!.steps.map((s) => s.send.type)).toEqual(scenario.steps.map((s) => (typeof s === 'string' ? s : s.send)));
    expect(md.indexOf('## W001')).toBeLessThan(md.indexOf('## T001'));
  });

  it('names each rule once: with the first path to cover it, the rest behind a count', () => {
    const firsts = paths.flatMap((p) => p.newRules);
    expect(new Set(firsts).size).toBe(firsts.length);
    expect(new Set(firsts)).toEqual(new Set(paths.flatMap((p) => p.rules)));
    const seen = new Set<string>();
    for (const p of paths) {
      expect(p.newRules).toEqual(p.rules.filter((r) => !seen.has(r)));
      p.rules.forEach((r) => seen.add(r));
      expect(md.toLowerCase()).toContain(`covers ${p.rules.length} rule`);
    }
  });
});

describe('the md checklist of each flow', () => {
  // Outside `code` and <sub> small print, where ids trace a step to regsim on purpose.
  const prose = (md: string) => md.replace(/<sub>[^<]*<\/sub>/g, '').replace(/`[^`]*`/g, '');
  for (const [flow, file] of Object.entries(BY_FLOW) as Array<[keyof typeof BY_FLOW, string]>) {
    it(`${flow}: names the flow in words, and no flow id outside its traces`, () => {
      const md = [...render(file, 'md').files.values()][0]!;
      expect(md).toContain(`(${FLOW_WORDS[flow]}: regsim's \`${flow}\` flow)`);
      expect(md).toContain(`(${FLOW_WORDS[flow]} has `);
      // The ids that are no English word (interrupt, manage and passkey are, and the scenarios' own text uses them so).
      expect(prose(md)).not.toMatch(/\bssprRefresh\b|\bb2bMfaTrust\b|\bmachine has\b/);
    });
  }
});

describe('Gherkin', () => {
  const registry = new ParameterTypeRegistry();
  const expressions = [
    ...Object.values(EVENT_WORDS).map((e) => e.step),
    ...Object.values(FLOW_START).map((f) => f.step),
    ...Object.values(GHERKIN_STEPS),
  ].map((phrase) => ({ phrase, expression: new CucumberExpression(phrase.replace(/"\{\w+\}"/g, '{string}'), registry) }));

  for (const [flow, file] of Object.entries(BY_FLOW)) {
    it(`${flow}: the official parser reads every feature, and each step matches exactly one catalogue phrase`, () => {
      const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
      for (const [name, text] of render(file, 'gherkin').files) {
        const doc = parser.parse(text);
        const children = doc.feature!.children;
        expect(children.filter((c) => c.scenario).length, name).toBeGreaterThan(0);
        for (const child of children) {
          for (const step of (child.background ?? child.scenario)!.steps) {
            const matching = expressions.filter((x) => x.expression.match(step.text));
            expect(matching.map((x) => x.phrase), `${name}: ${step.keyword}${step.text}`).toHaveLength(1);
          }
        }
      }
    });
  }

  it('names screens by the catalogue and quotes the passkey error', () => {
    const feature = [...render(BY_FLOW.interrupt, 'gherkin').files.values()][0]!;
    expect(feature).toContain(`Then the screen is "${SCREENS['passkey.error'].name}"`);
    expect(feature).toContain(`And the page shows "${PASSKEY_ERROR}"`);
    expect(feature).toMatch(/^ {4}# environment\. Cannot be provoked by hand: /m);
  });
});

describe('CSV and the path table', () => {
  it('CSV: one row per step, each with the same columns as the header, the words and the state id', () => {
    const csv = [...render(BY_FLOW.manage, 'csv').files.values()][0]!;
    // How many cells a row has: commas outside quotes, plus one.
    const cells = (row: string) => { let n = 1; let quoted = false; for (const ch of row) { if (ch === '"') quoted = !quoted; else if (ch === ',' && !quoted) n++; } return n; };
    const rows = csv.trim().split('\n');
    for (const r of rows) expect(cells(r), r).toBe(cells(rows[0]!));
    expect(csv).toContain(',setup,1,,admin,"In the Authentication methods policy, enable');
    // What only the user can do is the tester's, signed in as them; making the account is the admin's.
    const setup = (file: string) => [...render(file, 'csv').files.values()][0]!.split('\n').filter((r) => /,setup,\d+,,/.test(r));
    const guest = setup('scenarios/b2b-legacy-mfa-trust-greenfield-home-wizard.yaml');
    expect(guest.find((r) => r.includes('Before opening the resource, sign in at home'))).toMatch(/,setup,\d+,,user,/);
    // The wait is a wait, and the reset between paths makes a new user: an admin's.
    expect(guest.find((r) => r.includes('Wait up to 2 hours'))).toMatch(/,setup,\d+,,time,/);
    expect(guest.find((r) => r.includes('Before each path, sign out'))).toMatch(/,setup,\d+,,admin,/);
    const holder = setup('scenarios/walk-refresh-backend-failure.yaml');
    expect(holder.find((r) => r.includes('Register for the test user, before the test'))).toMatch(/,setup,\d+,,user,/);
    expect(holder.find((r) => /Create a (new )?test user|test user/i.test(r) && !r.includes('Register'))).toMatch(/,setup,\d+,,admin,/);
    expect(csv).toMatch(/,W001,1,,start,"In a modern browser/);
    // What happens by itself shares the number of the step before, and says so.
    const byItself = [...render('scenarios/walk-refresh-backend-failure.yaml', 'csv').files.values()][0]!.split('\n').filter((r) => /,yes,environment,/.test(r));
    expect(byItself.length).toBeGreaterThan(0);
    for (const type of EVENT_TYPES) expect(csv, type).not.toMatch(new RegExp(`\\b${type}\\b`));
  });

  it('the table lists each path by its actions\' labels', () => {
    const table = [...render(BY_FLOW.ssprRefresh, 'table').files.values()][0]!;
    expect(table).toMatch(/W001 .* Complete MFA › Looks good › Save fails › Try again/);
    for (const type of EVENT_TYPES) expect(table, type).not.toMatch(new RegExp(`\\b${type}\\b`));
  });
});

describe('the admin checklist', () => {
  it('names every setting that changes the outcome, in the admin center\'s words, for the tenant, the user and a guest\'s home tenant', () => {
    const c = checklist(Scenario.parse({
      name: 'x',
      flow: 'b2bMfaTrust',
      tenant: {
        authenticationMethods: { enabled: ['microsoftAuthenticator', 'mobilePhone', 'fido2'], voiceCalls: false, passkey: { selfServiceSetup: false } },
        sspr: { enabledFor: 'selected', methodsRequired: 2, methods: ['mobilePhone', 'microsoftAuthenticator'], reconfirmDays: 90 },
        combinedRegistration: false,
        crossTenant: { trustMfa: true },
      },
      user: {
        type: 'guest', inSsprGroup: false, rolledBack: true, lastReviewedDaysAgo: 120, homeMfaClaim: true,
        methods: [{ method: 'microsoftAuthenticator', count: 2, passwordless: true }, { method: 'mobilePhone', virtual: true }],
        home: { authenticationMethods: { enabled: ['email'] }, combinedRegistration: false, methods: ['email'] },
      },
    }));
    const text = [...c.tenant, ...c.home, ...c.user.map((i) => i.text), c.signIn].join('\n');
    for (const words of [
      'enable **Microsoft Authenticator**, **Phone**, **Security key or passkey** for guests, and no other method',
      '**Voice calls** off', '**Allow self-service set up**: No',
      '**Self-service password reset enabled**: Selected', '**Number of methods required to reset**: 2', 'every 90 days',
      'methods available for reset: **Phone**, **Microsoft Authenticator**',
      'set **Users can use the combined security information registration experience** to **None**',
      'turn **MFA trust** on', 'Keep the test user out of the SSPR group',
      '**Microsoft Authenticator** (×2, with phone sign-in enabled in the app), **Phone** (a virtual number)',
      'last reviewed their security info 120 days ago', '**Reset-MsolStrongAuthenticationMethodByUpn**',
      'enable **Email** for the guest', 'In the home tenant, register for the guest: **Email**', 'complete MFA',
      'Use a guest user (B2B collaboration) whose account is in the home tenant, who last reviewed',
    ]) expect(text).toContain(words);
    // The home tenant has combined registration off too.
    expect(c.home.some((l) => l.includes('**None**'))).toBe(true);
  });

  it('says which tenant is which for a guest, and which code a wrong one changes', () => {
    const guest = [...render(BY_FLOW.b2bMfaTrust, 'md').files.values()][0]!;
    for (const words of [
      '## Set up the resource tenant\n\nIn the Microsoft Entra admin center of the resource tenant (the one whose app the guest opens), as an administrator:',
      "In the guest's home tenant (where the guest's account is), as its administrator:", '## The guest\n',
      'Register no security info for the guest in the resource tenant.', 'Sign in as a fresh guest, made as above,', 'a new guest invited as above',
    ]) expect(guest).toContain(words);
    expect(guest).not.toContain('greenfield user');
    const member = [...render(BY_FLOW.manage, 'md').files.values()][0]!;
    expect(member).toContain('## Set up the tenant\n\nIn the Microsoft Entra admin center, as an administrator:');
    expect(member).toContain('## The test user\n');
    const wrong = { type: 'CODE_WRONG' } as const;
    expect(instruction(wrong, ['setup.mobilePhone.enterCode'])).toBe('Enter a wrong code: change one digit of the code in the text message.');
    expect(instruction(wrong, ['setup.softwareOath.enterCode'])).toBe('Enter a wrong code: change one digit of the code the authenticator app shows.');
    // A storyboard's reader gets the reader's words, not the tester's for the screen.
    expect(instruction(wrong, ['setup.mobilePhone.enterCode'], 'reader')).toBe('Enter a wrong code.');
  });

  it('asks only for settings the admin center can make: security questions in the password reset policy, a calls-only phone off with voice calls', () => {
    const tenant = (voiceCalls: boolean) => checklist(Scenario.parse({
      name: 'x', flow: 'manage',
      tenant: { authenticationMethods: { enabled: ['mobilePhone', 'alternateMobilePhone', 'securityQuestions'], voiceCalls }, sspr: { enabledFor: 'all' } },
    })).tenant.join('\n');
    expect(tenant(false)).toContain('In the **Authentication methods policy**, enable **Phone** for the test user, and no other method.');
    expect(tenant(false)).toContain('**Alternate phone** takes calls only: with **Voice calls** off, it is off too.');
    expect(tenant(true)).toContain('enable **Phone**, **Alternate phone** for the test user, and no other method.');
    expect(tenant(true)).not.toContain('calls only');
    for (const voice of [false, true]) expect(tenant(voice)).toMatch(/\*\*Self-service password reset enabled\*\*: All .* · \*\*Security questions\*\* on: 3 to register, 3 to reset\./);
  });

  it('tests a change that must not have applied yet: the earlier settings first, and no waiting', () => {
    const s = load('scenarios/walk-manage-policy-propagation.yaml')[0]!.scenario;
    const c = checklist(s);
    expect(c.before.length).toBeGreaterThan(0);
    expect(c.wait).toMatch(new RegExp(`^Do not wait: start within ${s.tenant.propagation!.changedMinutesAgo} minutes of saving`));
  });
});
