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
import type { Result } from './regsimProcess.ts';

let queue: Promise<unknown> = Promise.resolve();

export function regsimIn(...args: string[]): Promise<Result> {
  const run = queue.then(async (): Promise<Result> => {
    let stdout = '';
    let stderr = '';
    const noColor = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => { stdout += String(c); return true; });
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => { stderr += String(c); return true; });
    try {
      const code = await runCli(args);
      return { code, stdout, stderr };
    } finally {
      o.mockRestore();
      e.mockRestore();
      if (noColor === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = noColor;
    }
  });
  queue = run.catch(() => {});
  return run;
}
