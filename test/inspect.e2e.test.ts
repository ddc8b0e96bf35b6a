/**
 * `regsim inspect` in a real browser: Debian's chromium driven by
 * playwright-core (no downloaded browser). Opens the page, clicks through a
 * shipped scenario's walk button by button until the outcome banner shows
 * registrationComplete, checks undo, the audit log, the diagram and that the
 * page fetched nothing but its own server, and leaves a screenshot in /tmp.
 *
 * Missing chromium is a failure, not a skip: CI installs it
 * (`apt-get install -y chromium`); CHROMIUM_PATH points elsewhere.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegsimEvent } from '../machines/events.ts';
import { loadInspectScenario } from '../src/inspect/load.ts';
import { startInspector, type Inspector } from '../src/inspect/server.ts';
import { formatEvent } from '../src/simulate/events.ts';
import { stepEvent } from '../src/simulate/runner.ts';

type Playwright = typeof import('playwright-core');
/** The page's globals, as the functions run in the browser see them (tsconfig has no DOM lib). */
declare const document: {
  body: { dataset: Record<string, string | undefined> };
  querySelector(selector: string): { textContent: string | null } | null;
};
type BrowserContext = Awaited<ReturnType<Playwright['chromium']['launchPersistentContext']>>;
type Page = Awaited<ReturnType<BrowserContext['newPage']>>;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const WALK = 'scenarios/walk-interrupt-int06-swap-to-email.yaml';
export const SCREENSHOT = join(tmpdir(), 'regsim-inspect-e2e.png');
/** CI has two cores: be generous. */
const TIMEOUT = 180_000;
const STEP_TIMEOUT = 30_000;

async function loadPlaywright(): Promise<Playwright> {
  try {
    return await import('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core is not installed (npm install -D playwright-core): ${(e as Error).message}`);
  }
}

function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  }
}

describe('regsim inspect in chromium', () => {
  let inspector: Inspector | undefined;
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
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
    requireChromium();
    const { chromium } = await loadPlaywright();
    inspector = await startInspector({ file: WALK, port: 0 });
    userDataDir = mkdtempSync(join(tmpdir(), 'regsim-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 1000 }, timeout: STEP_TIMEOUT * 2,
    });
    page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => { if (!r.url().startsWith(inspector!.url)) foreignRequests.push(r.url()); });
  }

  afterAll(async () => {
    await context?.close();
    await inspector?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
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
      if (typeof step !== 'string' && step.expect) await waitForState(step.expect);
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
});
