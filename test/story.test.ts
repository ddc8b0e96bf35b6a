/**
 * Storyboards: the screens of one path in the order the user sees them, each
 * with the catalogue's words and the seeds' text, the action to the next, the
 * audit rows; the same bytes every time; HTML that escapes what it shows.
 * Then the command itself: its default path, --path, --format html and a
 * path that does not exist.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_WORDS, PROVOKE_LABEL, SCREENS, SOURCE_NAMES, screenKeyOf } from '../machines/catalogue/index.ts';
import { machineFor } from '../machines/index.ts';
import { loadAll } from '../src/cli/loadAll.ts';
import { PASSKEY_ERROR } from '../src/domain/passkey.ts';
import { escapeHtml, storyHtml, storyMarkdown, storyboard } from '../src/export/story.ts';
import { generatePaths, planScenario } from '../src/paths/generate.ts';
import { runScenario } from '../src/simulate/runner.ts';
import type { ExpandedScenario } from '../src/scenario/matrix.ts';
import { Scenario } from '../src/scenario/schema.ts';
import { regsim } from './regsimProcess.ts';
import { regsimIn } from './regsimInProcess.ts';

const WALK = 'scenarios/walk-interrupt-int06-swap-to-email.yaml';

const first = (file: string) => loadAll([file]).scenarios[0]!;
const pathOf = (s: ExpandedScenario, id: string) => [...generatePaths(planScenario(s), { criterion: 'transitions' })].find((p) => p.id === id)!;

/** The screen regsim's machine shows in a state, by the state id the runner reports. */
function screenAt(s: ExpandedScenario, state: string): string {
  const node = machineFor(s.flow).machine.getStateNodeById(`${machineFor(s.flow).machine.id}.${state}`);
  return SCREENS[screenKeyOf(node)!].name;
}

describe('a storyboard', () => {
  const { file, scenario } = first(WALK);
  const story = storyboard(scenario, file, pathOf(scenario, 'W001'));

  it('shows the screens of the scenario\'s walk in the order the user sees them', () => {
    const seen = runScenario(scenario).trace.map((t) => screenAt(scenario, t.state));
    expect(story.screens.map((x) => x.screen.name)).toEqual(seen);
    const md = storyMarkdown(story);
    let at = 0;
    for (const [i, name] of seen.entries()) {
      const heading = `## ${i + 1}. ${name}`;
      expect(md.indexOf(heading, at), heading).toBeGreaterThan(at - 1);
      at = md.indexOf(heading, at);
    }
  });

  it('says what the user does to reach each next screen, and the audit rows on the way', () => {
    const md = storyMarkdown(story);
    expect(md).toContain('**The user:** Choose **Phone**.');
    expect(md).toContain('**The user:** Enter the code from the text message.');
    expect(md).toContain('Audit log: User registered security info · Success · User registered Phone.');
    // The last screen has no next action.
    expect(story.screens.at(-1)!.next).toBeUndefined();
    expect(story.screens.slice(0, -1).every((x) => x.next)).toBe(true);
  });

  it('gives the same bytes every time', () => {
    const again = storyboard(scenario, file, pathOf(scenario, 'W001'));
    expect(storyMarkdown(again)).toBe(storyMarkdown(story));
    expect(storyHtml(again)).toBe(storyHtml(story));
  });

  it('quotes the seeds\' verbatim text, and marks what the user does not do', () => {
    const { file: f, scenario: s } = first('scenarios/caveat3-windows-app-windows-error.yaml');
    const md = storyMarkdown(storyboard(s, f, pathOf(s, 'W001')));
    expect(md).toContain(`> ${PASSKEY_ERROR}`);
    expect(md).toContain('**Then, not by the user:** The passkey prompt fails.');
  });

  it('speaks to a guide\'s reader, not a tester: no test user, no how to provoke an outcome', () => {
    const files = [WALK, 'scenarios/caveat3-windows-app-windows-error.yaml', 'scenarios/walk-manage-add-phone-success.yaml',
      'scenarios/walk-interrupt-code-wrong-retry.yaml', 'scenarios/walk-interrupt-authenticator-denied-then-approved.yaml'];
    // The tester's words that have a reader's version in the catalogue: none of them reaches a storyboard.
    const testerOnly = Object.values(EVENT_WORDS).filter((e) => e.reader).flatMap((e) => [
      ...(e.reader!.does ? [e.does] : []), ...Object.keys(e.reader!.on ?? {}).map((k) => e.on?.[k as keyof typeof e.on]).filter((t): t is string => t !== undefined),
    ]);
    expect(testerOnly.length).toBeGreaterThan(5);
    let readerWords = 0;
    for (const file of files) {
      const { file: f, scenario: s } = first(file);
      const story = storyboard(s, f, pathOf(s, 'W001'));
      const md = storyMarkdown(story);
      expect(md, file).not.toContain('test user');
      expect(md, file).not.toMatch(/test phone|test mailbox|change one digit|Clear the box/);
      const actions = story.screens.flatMap((x) => (x.next ? [x.next.does] : []));
      for (const t of testerOnly) expect(actions, file).not.toContain(t.replace(/\{method\}/g, ''));
      readerWords += actions.filter((a) => Object.values(EVENT_WORDS).some((e) => e.reader && (e.reader.does === a || Object.values(e.reader.on ?? {}).includes(a)))).length;
      for (const label of Object.values(PROVOKE_LABEL)) expect(md, file).not.toContain(`${label.toLowerCase()}:`);
      expect(md, file).toMatch(/^\*\*To begin:\*\* .* sign in as the user\b/m);
    }
    expect(readerWords).toBeGreaterThan(3);
  });

  it('cites each quote by its document, numbered, and lists the documents it cites at the end, once each', () => {
    const md = storyMarkdown(story);
    const cited = [...new Set(story.screens.flatMap((x) => x.seen.map((q) => q.seed)))];
    expect(cited.length).toBeGreaterThan(0);
    const list = md.slice(md.indexOf('\n## Sources\n'));
    // Each cited document once, numbered in the order the screens first cite it, by the name a reader knows it by.
    const entries = list.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(entries).toHaveLength(cited.length);
    cited.forEach((seed, i) => expect(entries[i]!.startsWith(`${i + 1}. ${SOURCE_NAMES[seed]}`), entries[i]).toBe(true));
    expect(list).not.toMatch(/seed \d{3}/);
    for (const x of story.screens) for (const q of x.seen) expect(md).toContain(`"${q.text}" [${cited.indexOf(q.seed) + 1}]`);
    // The cards cite documents, not regsim's file numbers.
    expect(md.slice(0, md.indexOf('\n## Sources\n'))).not.toMatch(/\(seed \d+\)/);
    const html = storyHtml(story);
    for (const [i, seed] of cited.entries()) {
      expect(html).toContain(`<li id="source-${i + 1}">`);
      expect(html).toContain(`<a href="#source-${i + 1}">[${i + 1}]</a>`);
      expect(html).toContain(escapeHtml(SOURCE_NAMES[seed]));
    }
  });

  it('names a screen once on its card: under a quoted title the name, else only the state id', () => {
    const { file: f, scenario: s } = first('scenarios/walk-manage-add-phone-success.yaml');
    const manage = storyboard(s, f, pathOf(s, 'W001'));
    expect(manage.screens.some((x) => x.screen.title)).toBe(true);
    for (const one of [story, manage]) {
      const md = storyMarkdown(one);
      const subs = [...md.matchAll(/^<sub>(.*)<\/sub>$/gm)].map((m) => m[1]!);
      expect(subs).toHaveLength(one.screens.length);
      for (const [i, x] of one.screens.entries()) {
        expect(subs[i]!.startsWith(x.screen.title ? `${x.screen.name} · \`${x.screen.state}\`` : `\`${x.screen.state}\``), subs[i]).toBe(true);
      }
    }
  });

  it('in HTML, sets only the lead and the control in bold on the action line', () => {
    const html = storyHtml(story);
    expect(html).toContain('<p class="next"><strong>The user:</strong> Select <strong>Next</strong>.</p>');
    expect(/\.next\{[^}]*font-weight/.test(html)).toBe(false);
  });

  it('escapes in HTML everything it shows', () => {
    const evil = Scenario.parse({ name: '<script>alert("x")</script> & <b>co</b>', description: "O'Brien <img src=x onerror=1>", tenant: { authenticationMethods: { enabled: ['mobilePhone'] }, mfaRegistration: { identityProtection: true } } });
    const s: ExpandedScenario = { ...evil, id: evil.name, variant: {} };
    const html = storyHtml(storyboard(s, 'x<y>.yaml', pathOf(s, 'T001')));
    expect(html).not.toMatch(/<script|<img|<b>co/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;');
    expect(html).toContain('O&#39;Brien &lt;img src=x onerror=1&gt;');
    expect(html).toContain('x&lt;y&gt;.yaml');
    // Control labels become <strong>, after escaping.
    expect(html).toContain('Select <strong>Next</strong>.');
  });
});

describe.concurrent('regsim story', () => {
  it('tells the scenario\'s walk by default, as Markdown', async () => {
    const r = await regsim('story', WALK);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Storyboard: INT-06 walk/);
    expect(r.stdout).toContain('on path W001, the walk the scenario describes (ends: Registration complete)');
  }, 60_000);

  it('--path picks another path, --format html writes HTML; an unknown path names those there are', async () => {
    const [html, none] = await Promise.all([
      regsim('story', WALK, '--path', 'T003', '--format', 'html'),
      regsim('story', WALK, '--path', 'T999'),
    ]);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).toContain('on path T003');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no path T999 in .*; its transitions paths: T001, T002/);
  }, 60_000);

  it('--out writes the storyboard into a folder it makes, the same bytes as on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regsim-story-'));
    try {
      const out = join(dir, 'docs', 'int06.md');
      const [written, shown] = [await regsimIn('story', WALK, '--out', out), await regsimIn('story', WALK)];
      expect(written.code).toBe(0);
      expect(written.stdout).toBe('');
      expect(readFileSync(out, 'utf8')).toBe(shown.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
