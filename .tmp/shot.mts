import { startInspector } from '/work/wt-views/src/inspect/server.ts';
import { launchBrowser } from '/work/wt-views/test/browser.ts';
const [file, out, w, h, clicks] = process.argv.slice(2);
const ins = await startInspector({ file: file!, port: 0 });
const b = await launchBrowser();
const ctx = await b.browser.newContext({ viewport: { width: Number(w ?? 1440), height: Number(h ?? 900) } });
const page = await ctx.newPage();
const errs: string[] = [];
page.on('console', (m) => { if (m.type() === 'error') errs.push(m.text()); });
page.on('pageerror', (e) => errs.push(e.message));
await page.goto(ins.url);
await page.waitForSelector('#diagram svg');
for (const c of (clicks ?? '').split(',').filter(Boolean)) { await page.getByRole('button', { name: c, exact: true }).first().click(); await page.waitForTimeout(400); }
await page.waitForTimeout(800);
await page.screenshot({ path: out! });
console.log('errors', errs);
await b.browser.close(); await ins.close();
