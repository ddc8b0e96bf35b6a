/**
 * Every Mermaid chart regsim writes, rendered by the real `mermaid` library
 * (from node_modules, in the browser the inspector tests use): `regsim
 * diagram all --format mermaid` and the docs pages' charts parse and render
 * with no error, and no chart at depth 1 — the docs' overviews — is wider
 * than 2,000 px, so it reads at a docs page's width.
 *
 * A browser that cannot start is a failure, not a skip.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MACHINES } from '../machines/index.ts';
import { toMermaid, type MermaidOptions } from '../src/export/mermaid.ts';
import { machineModel } from '../src/export/model.ts';
import { OVERVIEW_DEPTH } from '../src/export/markdown.ts';
import { focusable } from '../src/export/view.ts';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';

type Page = Awaited<ReturnType<Awaited<ReturnType<LaunchedBrowser['browser']['newContext']>>['newPage']>>;
/** The page's globals, as the functions run in the browser see them (tsconfig has no DOM lib). */
declare const mermaid: { initialize(o: object): void; render(id: string, text: string): Promise<{ svg: string }> };
declare const document: { createElement(tag: string): { innerHTML: string; querySelector(s: string): { viewBox: { baseVal: { width: number; height: number } } } | null; remove(): void }; body: { append(n: unknown): void } };

const MAX_OVERVIEW_WIDTH = 2000;
const TIMEOUT = 180_000;
const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

describe('Mermaid renders every chart', () => {
  let launched: LaunchedBrowser | undefined;
  let page: Page;
  let setupError: Error | undefined;

  beforeAll(async () => {
    try {
      launched = await launchBrowser();
      page = await (await launched.browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
      await page.setContent('<!doctype html><body></body>');
      await page.addScriptTag({ path: MERMAID });
      await page.evaluate(() => mermaid.initialize({ startOnLoad: false }));
    } catch (e) {
      setupError = e as Error;
    }
  }, TIMEOUT);
  afterAll(async () => { await launched?.browser.close(); }, TIMEOUT);

  let n = 0;
  /** Renders one chart; its drawn size, or Mermaid's error. */
  async function render(text: string): Promise<{ width: number; height: number } | { error: string }> {
    if (setupError) throw setupError;
    return page.evaluate(async ({ text, id }) => {
      try {
        const { svg } = await mermaid.render(id, text);
        const div = document.createElement('div');
        div.innerHTML = svg;
        document.body.append(div);
        const box = div.querySelector('svg')!.viewBox.baseVal;
        div.remove();
        return { width: box.width, height: box.height };
      } catch (e) {
        return { error: String(e) };
      }
    }, { text, id: `chart${n++}` });
  }

  const charts = Object.values(MACHINES).flatMap(({ flow, title, machine }) => {
    const model = machineModel(machine);
    // What `diagram all --format mermaid` and the docs pages write, for every machine; the other options once each.
    const variants: Array<[string, MermaidOptions]> = [
      ['all', {}], ['all, left to right (docs)', { direction: 'LR' }], [`depth ${OVERVIEW_DEPTH}`, { depth: OVERVIEW_DEPTH }],
      ...(flow === 'ssprRefresh' ? [['depth 2, dark, top-down', { depth: 2, theme: 'dark', direction: 'TB' }] as [string, MermaidOptions]] : []),
      ...(flow === 'passkey' ? [['labels ids', { labels: 'ids' }] as [string, MermaidOptions]] : []),
      ...(flow === 'interrupt' ? [[`focus ${focusable(model)[1]}`, { focus: focusable(model)[1] }] as [string, MermaidOptions]] : []),
    ];
    return variants.map(([name, o]) => ({ flow, name, depth: o.depth, text: toMermaid(model, { title, ...o }) }));
  });

  it.each(charts.map((c) => [`${c.flow} (${c.name})`, c] as const))('%s renders with no error', async (_, chart) => {
    const r = await render(chart.text);
    expect('error' in r ? r.error : '').toBe('');
    if (!('error' in r) && chart.depth === OVERVIEW_DEPTH) expect(r.width, 'width in px').toBeLessThanOrEqual(MAX_OVERVIEW_WIDTH);
  }, TIMEOUT);
});
