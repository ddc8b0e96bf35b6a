/**
 * The `regsim` command line run in the test's own process: the same argv
 * parsing, commands and error reporting as `bin/regsim.js` (`runCli`), with
 * stdout and stderr captured and NO_COLOR set, as `regsimProcess.ts` runs
 * it. For what the command prints and returns; spawn the real process only
 * where the process boundary is under test (signals, pipes, start-up, a
 * crash's exit code). Runs one at a time: they share process.stdout.
 */
import { vi } from 'vitest';
import { runCli } from '../src/cli/main.ts';

export interface Captured { code: number; stdout: string; stderr: string }

/** How long one in-process command may take: one that never ends (a server left running) fails instead of holding the queue. */
const LIMIT_MS = 120_000;

let queue: Promise<unknown> = Promise.resolve();

/** `run` (a command's function, or the whole command line) with stdout and stderr captured; one at a time. */
export function captured(run: () => Promise<number>): Promise<Captured> {
  const next = queue.then(async (): Promise<Captured> => {
    let stdout = '';
    let stderr = '';
    const noColor = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => { stdout += String(c); return true; });
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => { stderr += String(c); return true; });
    let timer: NodeJS.Timeout | undefined;
    try {
      const code = await Promise.race([
        run(),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`an in-process command did not end within ${LIMIT_MS / 1000} s`)), LIMIT_MS); }),
      ]);
      return { code, stdout, stderr };
    } finally {
      clearTimeout(timer);
      o.mockRestore();
      e.mockRestore();
      if (noColor === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = noColor;
    }
  });
  queue = next.catch(() => {});
  return next;
}

/** `regsim ARGS`, in-process. */
export const regsimIn = (...args: string[]): Promise<Captured> => captured(() => runCli(args));
