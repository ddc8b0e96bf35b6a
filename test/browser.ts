/**
 * The browser the browser tests drive, found the way a newcomer's machine
 * allows: a system Chromium or Chrome when there is one, else the Chromium
 * that the `@sparticuz/chromium` npm package ships inside itself — so
 * `npm install && npm test` passes on a machine with nothing but Node and
 * npm, with no apt-get and no download outside the npm registry.
 *
 * Order: `CHROMIUM_PATH`; the usual install paths; playwright's `chrome` and
 * `msedge` channels; the bundled Chromium (Linux x64 only). `REGSIM_BROWSER`
 * forces one: `system` (never the bundled one) or `bundled` (only it).
 *
 * One browser per test file (launch it in `beforeAll`), a fresh context per test.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, LaunchOptions } from 'playwright-core';

export interface LaunchedBrowser {
  browser: Browser;
  /** Where it came from, for the test log: `system: /usr/bin/chromium`, `bundled: @sparticuz/chromium 153.0.0`. */
  source: string;
}

/**
 * Flags for a headless browser on a machine with no display and no network:
 * root needs --no-sandbox; without the background-networking flags Chromium
 * keeps trying to reach Google's hosts. Not @sparticuz/chromium's own list:
 * its --single-process kills the browser on a second context, and its
 * --disable-web-security would hide what the inspector's tests check (CSP, origins).
 */
export const BROWSER_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const USUAL_PATHS: Readonly<Record<string, readonly string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

const CHANNELS = ['chrome', 'msedge'] as const;

type Mode = 'any' | 'system' | 'bundled';

function mode(): Mode {
  const m = process.env.REGSIM_BROWSER ?? 'any';
  if (m === 'any' || m === 'system' || m === 'bundled') return m;
  throw new Error(`REGSIM_BROWSER must be system or bundled (got "${m}")`);
}

/** Launches the first browser that works; the error lists every place tried and why it failed. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const { chromium } = await import('playwright-core');
  const base: LaunchOptions = { headless: true, timeout: 60_000, ...options, args: [...BROWSER_ARGS, ...(options.args ?? [])] };
  const tried: string[] = [];
  const attempt = async (source: string, extra: LaunchOptions): Promise<LaunchedBrowser | null> => {
    try {
      return { browser: await chromium.launch({ ...base, ...extra }), source };
    } catch (e) {
      tried.push(`${source}: ${(e as Error).message.split('\n')[0]}`);
      return null;
    }
  };
  const m = mode();
  if (m !== 'bundled') {
    const explicit = process.env.CHROMIUM_PATH;
    const paths = explicit ? [explicit] : (USUAL_PATHS[process.platform] ?? []).filter((p) => existsSync(p));
    for (const p of paths) {
      const b = await attempt(`system: ${p}`, { executablePath: p });
      if (b) return b;
    }
    if (!explicit) {
      for (const channel of CHANNELS) {
        const b = await attempt(`system: playwright channel ${channel}`, { channel });
        if (b) return b;
      }
    }
  }
  if (m !== 'system') {
    try {
      const bundled = await bundledChromium();
      const b = await attempt(`bundled: @sparticuz/chromium ${bundled.version}`, { executablePath: bundled.path });
      if (b) return b;
    } catch (e) {
      tried.push(`bundled: ${(e as Error).message}`);
    }
  }
  throw new Error(`no browser could be started for the browser tests; tried:\n  ${tried.join('\n  ')}`);
}

/**
 * The Chromium inside `@sparticuz/chromium`, unpacked once into a cache
 * directory of its own. The package unpacks into `os.tmpdir()` and trusts
 * whatever binary it finds there, so a run killed halfway, or two test files
 * unpacking at once, would leave a broken browser behind; here it unpacks
 * into a staging directory under a lock and is moved into place whole.
 */
async function bundledChromium(): Promise<{ path: string; version: string }> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`@sparticuz/chromium ships a Linux x64 browser only (this is ${process.platform} ${process.arch}); install Chrome or Chromium, or set CHROMIUM_PATH`);
  }
  const { default: Chromium } = await import('@sparticuz/chromium');
  // The package's `exports` hide its package.json; it sits one level above the entry point.
  const entry = fileURLToPath(import.meta.resolve('@sparticuz/chromium'));
  const version = (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const dir = join(tmpdir(), `regsim-chromium-${version}`);
  const binary = join(dir, 'chromium');
  const complete = join(dir, '.complete');
  if (existsSync(complete)) return { path: binary, version };
  const lock = `${dir}.lock`;
  await acquire(lock);
  try {
    if (!existsSync(complete)) {
      const staging = `${dir}.staging-${process.pid}`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      const before = process.env.TMPDIR;
      // The package unpacks into os.tmpdir(), which reads TMPDIR on every call.
      process.env.TMPDIR = staging;
      try {
        await Chromium.executablePath();
      } finally {
        if (before === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = before;
      }
      writeFileSync(join(staging, '.complete'), `${version}\n`);
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return { path: binary, version };
}

/** A directory as a cross-process lock; a lock older than two minutes belongs to a process that died. */
async function acquire(lock: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (statSync(lock).mtimeMs < performance.timeOrigin + performance.now() - 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // Gone already: try again.
      }
      if (i > 1200) throw new Error(`waited 10 minutes for ${lock}; remove it if no test is running`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
