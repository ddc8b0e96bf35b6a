/**
 * `regsim inspect` in a real browser driven by playwright-core: a system
 * Chromium or Chrome when there is one, else the Chromium that the
 * @sparticuz/chromium package ships (see browser.ts). At 1440×900 the
 * statechart is in the viewport; a highlighted transition in it is clicked;
 * trace row 1 brings the first snapshot back; a shipped scenario's walk is
 * clicked through button by button to the outcome banner; Undo, Redo, the
 * fork, the sequence view, a played path, the scenario switcher and B2B's
 * two tenants are checked; the page fetched nothing but its own server.
 * Screenshots go to test-results/ (1440×900 and 1280×720).
 *
 * A browser that cannot start is a failure, not a skip.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegsimEvent } from '../machines/events.ts';
import { eventLabel, transitionEventLabel } from '../src/export/labels.ts';
import { loadInspectScenario } from '../src/inspect/load.ts';
import { startInspector, type Inspector } from '../src/inspect/server.ts';
import { StatelyRelay } from '../src/inspect/stately.ts';
import { stepEvent, stepExpectedState } from '../src/simulate/runner.ts';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';

/** The page's globals, as the functions run in the browser see them (tsconfig has no DOM lib). */
/** What the page's elements are asked in the browser (the tests type-check without the DOM library). */
interface PageElement {
  textContent: string | null;
  scrollTop: number;
  getBoundingClientRect(): { top: number; bottom: number; width: number };
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  /** SVG text only. */
  getComputedTextLength(): number;
}
declare const document: {
  body: { dataset: Record<string, string | undefined> };
  documentElement: { scrollWidth: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
};
declare const window: { scrollY: number };
declare function getComputedStyle(e: PageElement): { display: string };
/** What the stand-in Stately Inspector records: each message posted to it, with the sender's origin. */
declare const received: Array<{ type: string; origin: string; event?: { type: string }; snapshot?: { value?: unknown } }>;
declare const location: { reload(): void };
/** Set on the stand-in before it reloads; gone once the reloaded page runs. */
declare let stale: boolean | undefined;
type BrowserContext = Awaited<ReturnType<LaunchedBrowser['browser']['newContext']>>;
type Page = Awaited<ReturnType<BrowserContext['newPage']>>;

const WALK = 'scenarios/walk-interrupt-int06-swap-to-email.yaml';
const B2B = 'scenarios/b2b-trust-home-claim-accepted.yaml';
const SHOTS = 'test-results';
mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => join(SHOTS, `inspect-${name}.png`);
/** CI has two cores: be generous. */
const TIMEOUT = 180_000;
const STEP_TIMEOUT = 30_000;

/**
 * A stand-in for the Stately Inspector UI (stately.ai is out of reach here),
 * on its own origin: it says it is connected, as the real one does, and keeps
 * what it is posted.
 */
const FAKE_INSPECTOR_PAGE = `<!doctype html><title>fake Stately Inspector</title><script>
var received = [];
addEventListener('message', (e) => received.push(Object.assign({ origin: e.origin }, e.data)));
parent.postMessage({ type: '@statelyai.connected' }, '*');
</script>`;

async function fakeInspectorUi(): Promise<{ url: string; server: Server }> {
  const server = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(FAKE_INSPECTOR_PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/inspect`, server };
}

describe('regsim inspect in chromium', () => {
  let inspector: Inspector | undefined;
  let launched: LaunchedBrowser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];

  /** Why the browser could not start: each test fails with it (a missing browser is never a skip). */
  let setupError: Error | undefined;
  const ready = (): void => { if (setupError) throw setupError; };

  beforeAll(async () => {
    try {
      await launch();
    } catch (e) {
      setupError = e as Error;
    }
  }, TIMEOUT);

  async function launch(): Promise<void> {
    launched = await launchBrowser();
    process.stdout.write(`inspect e2e: browser ${launched.source} (${launched.browser.version()})\n`);
    inspector = await startInspector({ file: WALK, port: 0 });
    context = await launched.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => { if (!r.url().startsWith(inspector!.url)) foreignRequests.push(r.url()); });
  }

  afterAll(async () => {
    await context?.close();
    await launched?.browser.close();
    await inspector?.close();
  }, TIMEOUT);

  /** Waits until the page shows `state` (or a state inside it). */
  const waitForState = (state: string) =>
    page.waitForFunction((s) => { const at = document.body.dataset.state ?? ''; return at === s || at.startsWith(`${s}.`); }, state);

  /** The button an event is sent with: named by its label. */
  const eventButton = (e: RegsimEvent) => page.getByRole('region', { name: 'Possible events' }).getByRole('button', { name: eventLabel(e), exact: true });
  const statechart = () => page.getByRole('figure', { name: 'Statechart' });
  const traceRows = () => page.getByRole('list', { name: 'Trace' }).getByRole('listitem');

  it('at 1440×900 the Statechart is in view; clicking a highlighted transition in it sends its event; trace row 1 shows the first snapshot again', async () => {
    ready();
    await page.goto(inspector!.url);
    await page.getByRole('heading', { level: 1, name: /^INT-06 walk/ }).waitFor();
    await waitForState('wizard.intro');
    expect(await page.locator('#connection').textContent()).toBe('live');
    const chart = statechart();
    await chart.locator('g.node.current').waitFor();
    const box = (await chart.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    expect(box.x + box.width).toBeLessThanOrEqual(1440);
    expect(box.width * box.height).toBeGreaterThan(0.35 * 1440 * 900);
    // The current state is drawn inside the visible chart, at a size its name can be read.
    const current = (await chart.locator('g.node.current').boundingBox())!;
    expect(current.x).toBeGreaterThanOrEqual(box.x);
    expect(current.y).toBeGreaterThanOrEqual(box.y);
    expect(current.x + current.width).toBeLessThanOrEqual(box.x + box.width);
    expect(current.y + current.height).toBeLessThanOrEqual(box.y + box.height);
    expect(current.height).toBeGreaterThan(14);
    await page.screenshot({ path: shot('1440x900-start') });
    const first = await page.locator('#context-json').textContent();

    // The possible transition is drawn highlighted (enabled) and is a button named by its event.
    const edge = chart.locator('g.edge.enabled', { hasText: transitionEventLabel({ event: 'NEXT' }) }).first();
    expect(await edge.getAttribute('role')).toBe('button');
    expect(await edge.getAttribute('aria-label')).toBe(eventLabel({ type: 'NEXT' }));
    // Clicked on its label, as a user would.
    await edge.locator('text').first().click();
    await waitForState('wizard.setup.microsoftAuthenticator.install');
    expect(await traceRows().count()).toBe(2);
    expect(await page.locator('#context-json').textContent()).not.toBe(first);

    await traceRows().nth(0).getByRole('button').click();
    await page.waitForFunction(() => document.body.dataset.cursor === '0');
    await waitForState('wizard.intro');
    expect(await page.locator('#context-json').textContent()).toBe(first);
    expect(await traceRows().nth(0).getAttribute('aria-current')).toBe('step');
    // The later step stays in the history: Redo goes forward again.
    expect(await traceRows().count()).toBe(2);
    await page.getByRole('button', { name: 'Redo' }).click();
    await waitForState('wizard.setup.microsoftAuthenticator.install');
    await page.screenshot({ path: shot('1440x900-step') });
    expect(existsSync(shot('1440x900-step'))).toBe(true);
  }, TIMEOUT);

  it('walks the INT-06 scenario by its buttons, grouped and explained, to the Registration complete banner, in view, and the audit row', async () => {
    ready();
    await page.getByRole('button', { name: 'Reset' }).click();
    await waitForState('wizard.intro');
    expect(await page.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
    // Buttons sit in groups by kind, each with a tooltip saying where it leads.
    const users = page.getByRole('region', { name: 'Possible events' }).getByRole('group', { name: 'User actions' });
    expect(await users.getByRole('button').count()).toBeGreaterThan(0);
    expect(await eventButton({ type: 'NEXT' }).getAttribute('title')).toMatch(/Leads to /);
    // The decision with its reasons and rule IDs (summaries as tooltips).
    await page.getByRole('tab', { name: 'Decision' }).click();
    expect(await page.locator('#decisions').textContent()).toContain('combined');
    expect(await page.locator('#decisions .rule').first().getAttribute('title')).toMatch(/^INT-\d\d: \S/);

    const steps = loadInspectScenario(WALK).scenario.steps;
    for (const step of steps) {
      await eventButton(stepEvent(step) as RegsimEvent).click();
      const expected = stepExpectedState(step);
      if (expected) await waitForState(expected);
    }
    const banner = page.getByRole('status').filter({ hasText: 'Outcome:' });
    await banner.waitFor();
    // In words, as the screen's name; and in view: only the trace list scrolls to its current step, not the side column or the page.
    expect(await banner.textContent()).toBe('Outcome: Registration complete');
    const view = await page.evaluate(() => {
      const [trace, current, outcome] = ['#trace', '#trace [aria-current="step"]', '#outcome'].map((q) => document.querySelector(q)!.getBoundingClientRect());
      return { page: window.scrollY, side: document.querySelector('.side')!.scrollTop, outcomeTop: outcome!.top, trace: trace!, current: current! };
    });
    expect(view).toMatchObject({ page: 0, side: 0 });
    expect(view.outcomeTop).toBeGreaterThanOrEqual(0);
    expect(view.current.top).toBeGreaterThanOrEqual(view.trace.top - 1);
    expect(view.current.bottom).toBeLessThanOrEqual(view.trace.bottom + 1);
    await page.getByRole('tab', { name: /^Audit log/ }).click();
    const audit = page.locator('#audit');
    expect(await audit.textContent()).toContain('User registered all required security info');
    expect(await audit.locator('tbody tr').count()).toBe(3);
    expect(await traceRows().count()).toBe(steps.length + 1);
    expect(await page.locator('#events button').count()).toBe(0);
    await page.getByRole('tab', { name: 'XState events' }).click();
    expect(await page.locator('#inspection-counts').textContent()).toMatch(/@xstate\.event ×\d+/);
    // The diagram follows: the final state is the current one.
    await page.waitForFunction(() => document.querySelector('#diagram g.node.current title')?.textContent === 'registrationComplete');
    // The sequence view has a row per step, with the audit rows as messages to the audit log.
    await page.getByRole('tab', { name: 'Sequence' }).click();
    const sequence = page.getByRole('img', { name: `Sequence of ${steps.length + 1} steps` });
    expect(await sequence.locator('g.row').count()).toBe(steps.length + 1);
    expect(await sequence.locator('g.msg.audit').count()).toBe(3);
    // Each lifeline's title fits its box ("Interrupt mode (sign-in wizard)" spilt out of a fixed one).
    const heads = await page.evaluate(() => Array.from(document.querySelectorAll('.sequence-heads g.head')).map((g) => ({
      text: g.querySelector('text')!.getComputedTextLength(), box: Number(g.querySelector('rect')!.getAttribute('width')),
    })));
    expect(heads).toHaveLength(3);
    for (const h of heads) expect(h.text).toBeLessThanOrEqual(h.box - 8);
  }, TIMEOUT);

  it('Undo steps back; sending another event from there forks the history', async () => {
    ready();
    const steps = loadInspectScenario(WALK).scenario.steps.length;
    await page.getByRole('button', { name: 'Undo' }).click();
    await waitForState('wizard.review');
    expect(await page.locator('#outcome').isHidden()).toBe(true);
    expect(await traceRows().count()).toBe(steps + 1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Redo' }).click();
    await waitForState('wizard.review');
    // Back to the start, then another way: the history after it is replaced.
    await traceRows().nth(0).getByRole('button').click();
    await waitForState('wizard.intro');
    expect(await traceRows().count()).toBe(steps + 1);
    await eventButton({ type: 'CANCEL' }).click();
    await waitForState('canceled');
    expect(await traceRows().count()).toBe(2);
    // The screen in words, then its state id.
    expect(await traceRows().last().textContent()).toMatch(/^1Cancel → Wizard canceled canceled(audit: |$)/);
    expect(await page.getByRole('button', { name: 'Redo' }).isDisabled()).toBe(true);
  }, TIMEOUT);

  it('plays a generated path step by step; the 1280×720 view still shows the chart, and a 390 px phone gets the whole page', async () => {
    ready();
    await page.locator('#path-select option[value="T001"]').waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Path', exact: true }).selectOption('T001');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => document.body.dataset.cursor === '0' && document.querySelectorAll('#trace li').length > 1);
    const rows = await traceRows().count();
    for (let i = 1; i < rows; i++) {
      await page.getByRole('button', { name: 'Redo' }).click();
      await page.waitForFunction((n) => document.body.dataset.cursor === String(n), i);
    }
    expect(await page.locator('#path-info').textContent()).toMatch(new RegExp(`^Playing T001 — step ${rows - 1} of ${rows - 1}`));
    await page.setViewportSize({ width: 1280, height: 720 });
    const box = (await statechart().boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    expect(box.width).toBeGreaterThan(600);
    await page.screenshot({ path: shot('1280x720') });
    // A phone: the header stacks and nothing is wider than the screen (the name was squeezed away, the page 475 px wide).
    await page.setViewportSize({ width: 390, height: 844 });
    const phone = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth, name: document.querySelector('#scenario-name')!.getBoundingClientRect().width,
      variantShown: getComputedStyle(document.querySelector('#variant-picker')!).display !== 'none',
    }));
    expect(phone).toMatchObject({ width: 390, variantShown: false });
    expect(phone.name).toBeGreaterThan(300);
    await page.screenshot({ path: shot('390x844') });
    await page.setViewportSize({ width: 1440, height: 900 });
  }, TIMEOUT);

  it('switches to another scenario without a restart, and shows a B2B guest\'s two tenants', async () => {
    ready();
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption(B2B);
    await page.waitForFunction((f) => document.querySelector('#file')?.textContent === f, B2B);
    const variant = page.getByRole('combobox', { name: 'Variant' });
    expect(await variant.locator('option').count()).toBe(loadInspectScenario(B2B).variants);
    await variant.selectOption('2');
    await page.waitForFunction(() => (document.querySelector('#variant')?.textContent ?? '').includes('user.homeMfaClaim=true'));
    await page.getByRole('tab', { name: 'Decision' }).click();
    const { scenario } = loadInspectScenario(B2B, 2);
    await page.getByRole('region', { name: `Resource tenant ${scenario.tenant.name}` }).waitFor();
    await page.getByRole('region', { name: `Home tenant ${scenario.user.home!.name}` }).waitFor();
    await page.getByRole('tab', { name: 'Sequence' }).click();
    expect(await page.locator('#sequence').textContent()).toContain(`Home tenant (${scenario.user.home!.name})`);
    await page.screenshot({ path: shot('1440x900-b2b') });
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption(WALK);
    await page.waitForFunction((f) => document.querySelector('#file')?.textContent === f, WALK);
  }, TIMEOUT);

  it('loaded nothing from anywhere but the inspector, and logged no errors', () => {
    ready();
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('--stately: /stately posts the actor, its events and snapshots into the embedded Stately Inspector, again after it reloads', async () => {
    ready();
    const ui = await fakeInspectorUi();
    const withStately = await startInspector({ file: WALK, stately: new StatelyRelay(ui.url) });
    const errors: string[] = [];
    const statelyPage = await context!.newPage();
    statelyPage.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    statelyPage.on('pageerror', (e) => errors.push(e.message));
    // The relay's script arrives late, as on a loaded machine: an inspector that loaded first and said it was
    // connected before anyone listened would wait for ever (the race this page once lost now and then).
    await statelyPage.route('**/stately.js', async (route) => { await new Promise((r) => setTimeout(r, 500)); await route.continue(); });
    try {
      await statelyPage.goto(withStately.statelyUrl!);
      const frame = (await (await statelyPage.locator('#inspector').elementHandle())!.contentFrame())!;
      expect(frame.url()).toBe(ui.url);
      await frame.waitForFunction(() => received.some((e) => e.type === '@xstate.actor'));
      const res = await fetch(`${withStately.url}send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"event":{"type":"NEXT"}}' });
      expect(res.status).toBe(200);
      await frame.waitForFunction(() => received.some((e) => e.type === '@xstate.snapshot' && e.event?.type === 'NEXT'));
      const seen = await frame.evaluate(() => received);
      expect(new Set(seen.map((e) => e.origin))).toEqual(new Set([withStately.url.slice(0, -1)]));
      expect(seen.find((e) => e.type === '@xstate.snapshot' && e.event?.type === 'NEXT')?.snapshot?.value)
        .toEqual({ wizard: { setup: { microsoftAuthenticator: 'install' } } });
      expect(await statelyPage.locator('#status').textContent()).toMatch(/^inspector connected · \d+ events$/);

      // A reloaded inspector says it is connected again and is given everything again.
      await frame.evaluate(() => { stale = true; location.reload(); });
      await frame.waitForFunction((n) => typeof stale === 'undefined' && typeof received !== 'undefined' && received.length >= n, seen.length);
      expect((await frame.evaluate(() => received)).slice(0, seen.length)).toEqual(seen);
      expect(errors).toEqual([]);
    } finally {
      await statelyPage.close();
      await withStately.close();
      ui.server.close();
    }
  }, TIMEOUT);
});
