/**
 * `regsim inspect <scenario.yaml> [--port N] [--variant N] [--no-open] [--stately]`:
 * serves a live view of one scenario on http://127.0.0.1:PORT/ until Ctrl+C
 * (SIGINT) or SIGTERM, then closes every connection and exits 0. A scenario
 * that does not load prints its file:line:col diagnostics and exits 2; a
 * port in use is one line and exit 2.
 */
import { spawn } from 'node:child_process';
import { formatDiagnostic } from '../scenario/diagnostics.ts';
import type { LoadLimits } from '../scenario/limits.ts';
import { InspectError } from '../inspect/load.ts';
import { startInspector, type Inspector } from '../inspect/server.ts';
import { StatelyRelay } from '../inspect/stately.ts';
import { bold, dim, red } from './output.ts';

export interface InspectCommandOptions {
  port?: string;
  variant?: string;
  /** Open the page in the default browser (`--no-open` turns it off). */
  open: boolean;
  stately: boolean;
  limits?: LoadLimits;
}

/** A one-line error and exit code 2. */
function usage(message: string): number {
  process.stderr.write(`${red('regsim:')} ${message}\n`);
  return 2;
}

function wholeNumber(flag: string, v: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined | string {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) > max) return `${flag} takes a whole number${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''} (got "${v}")`;
  return Number(v);
}

/** Opens `url` with the platform's opener; quietly does nothing where there is none (CI, no display). */
export function openBrowser(url: string): void {
  if (process.env.CI) return;
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => { /* no opener: the URL is printed */ });
    child.unref();
  } catch {
    // The URL is printed; opening it is a convenience.
  }
}

/** Resolves when SIGINT or SIGTERM arrives (once), after `inspector.close()`. */
function untilSignal(inspector: Inspector): Promise<number> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stdout.write(`\nregsim inspect: ${signal}, stopping\n`);
      void inspector.close().then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function inspectCommand(positionals: readonly string[], opts: InspectCommandOptions): Promise<number> {
  if (positionals.length !== 1) return usage('inspect takes one scenario file, e.g. `regsim inspect scenarios/walk-interrupt-int06-swap-to-email.yaml`');
  const port = wholeNumber('--port', opts.port, 65535);
  const variant = wholeNumber('--variant', opts.variant);
  if (typeof port === 'string') return usage(port);
  if (typeof variant === 'string') return usage(variant);

  let inspector: Inspector;
  try {
    inspector = await startInspector({
      file: positionals[0]!, port, variant, limits: opts.limits,
      stately: opts.stately ? new StatelyRelay() : undefined,
    });
  } catch (e) {
    if (!(e instanceof InspectError)) throw e;
    for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    if (e.diagnostics.length === 0) return usage(e.message);
    return 2;
  }
  // Listen for Ctrl+C before printing the URL: whoever reads the URL may signal at once.
  const stopped = untilSignal(inspector);
  for (const d of inspector.loaded.warnings) process.stderr.write(`${formatDiagnostic(d)}\n`);
  const { loaded } = inspector;
  const label = loaded.variants > 1 ? ` ${dim(`(variant ${loaded.variant} of ${loaded.variants}; --variant N for another)`)}` : '';
  process.stdout.write(`regsim inspect: ${bold(loaded.scenario.name)}${label}\n`);
  if (inspector.statelyUrl) process.stdout.write(`regsim inspect: Stately Inspector: ${inspector.statelyUrl} ${dim('(its UI loads from stately.ai)')}\n`);
  process.stdout.write(`regsim inspect: ${inspector.url} (Ctrl+C to stop)\n`);
  if (opts.open) openBrowser(inspector.url);
  if (opts.open && inspector.statelyUrl) openBrowser(inspector.statelyUrl);
  return stopped;
}
