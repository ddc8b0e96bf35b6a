/**
 * `regsim inspect` in a real browser driven by playwright-core: a system
 * Chromium or Chrome when there is one, else the Chromium that the
 * @sparticuz/chromium package ships (see browser.ts). Opens the page, clicks
 * through a shipped scenario's walk button by button until the outcome banner
 * shows registrationComplete, checks undo, the audit log, the diagram and that
 * the page fetched nothing but its own server, and leaves a screenshot in /tmp.
 *
 * A browser that cannot start is a failure, not a skip.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegsimEvent } from '../machines/events.ts';
import { loadInspectScenario } from '../src/inspect/load.ts';
import { startInspector, type Inspector } from '../src/inspect/server.ts';
import { StatelyRelay } from '../src/inspect/stately.ts';
import { formatEvent } from '../src/simulate/events.ts';
import { stepEvent, stepExpectedState } from '../src/simulate/runner.ts';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';

/** The page's globals, as the functions run in the browser see them (tsconfig has no DOM lib). */
declare const document: {
  body: { dataset: Record<string, string | undefined> };
  querySelector(selector: string): { textContent: string | null } | null;
};
/** What the stand-in Stately Inspector records: each message posted to it, with the sender's origin. */
declare const received: Array<{ type: string; origin: string; event?: { type: string }; snapshot?: { value?: unknown } }>;
declare const location: { reload(): void };
/** Set on the stand-in before it reloads; gone once the reloaded page runs. */
declare let stale: boolean | undefined;
type BrowserContext = Awaited<ReturnType<LaunchedBrowser['browser']['newContext']>>;
type Page = Awaited<ReturnType<BrowserContext['newPage']>>;

const WALK = 'scenarios/walk-interrupt-int06-swap-to-email.yaml';
export const SCREENSHOT = join(tmpdir(), 'regsim-inspect-e2e.png');
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
    context = await launched.browser.newContext({ viewport: { width: 1440, height: 1000 } });
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

  it('walks the INT-06 scenario by clicking, to the registrationComplete banner and the audit row', async () => {
    ready();
    await page.goto(inspector!.url);
    await page.getByRole('heading', { level: 1, name: /^INT-06 walk/ }).waitFor();
    await waitForState('wizard.intro');
    expect(await page.locator('#connection').textContent()).toBe('live');
    expect(await page.locator('#flow').textContent()).toMatch(/^interrupt/);
    expect(await page.locator('#profile').textContent()).toBe('observed');
    expect(await page.locator('#outcome').isHidden()).toBe(true);
    expect(await page.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
    // The decision with its reasons and rule IDs (summaries as tooltips).
    expect(await page.locator('#decision').textContent()).toContain('combined');
    const ruleTitle = await page.locator('#reasons .rule').first().getAttribute('title');
    expect(ruleTitle).toMatch(/^INT-\d\d: \S/);

    const steps = loadInspectScenario(WALK).scenario.steps;
    for (const step of steps) {
      const label = formatEvent(stepEvent(step) as RegsimEvent);
      await page.getByRole('button', { name: label, exact: true }).click();
      const expected = stepExpectedState(step);
      if (expected) await waitForState(expected);
    }

    const banner = page.getByRole('status').filter({ hasText: 'Outcome:' });
    await banner.waitFor();
    expect(await banner.textContent()).toBe('Outcome: registrationComplete');
    const audit = page.locator('#audit');
    expect(await audit.textContent()).toContain('User registered all required security info');
    expect(await audit.locator('tbody tr').count()).toBe(3);
    expect(await page.locator('#trace li').count()).toBe(steps.length + 1);
    expect(await page.locator('#events button').count()).toBe(0);
    expect(await page.locator('#inspection-counts').textContent()).toMatch(/@xstate\.event ×\d+/);
    // The diagram follows: the final state is the current one.
    await page.waitForFunction(() => document.querySelector('#diagram .current title')?.textContent === 'registrationComplete');
  }, TIMEOUT);

  it('Undo steps back before the last event; redoing it finishes again', async () => {
    ready();
    await page.getByRole('button', { name: 'Undo' }).click();
    await waitForState('wizard.review');
    expect(await page.locator('#outcome').isHidden()).toBe(true);
    expect(await page.locator('#audit tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: 'DONE', exact: true }).click();
    await waitForState('registrationComplete');
    await page.getByRole('status').filter({ hasText: 'Outcome: registrationComplete' }).waitFor();
    await page.waitForFunction(() => document.querySelector('#diagram .current title')?.textContent === 'registrationComplete');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
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
