#!/usr/bin/env -S npx tsx
/**
 * `regsim`: the command line. Quiet by default, colour on a TTY, `--json`
 * for machines; exit 0 ok, 1 an expectation or check failed, 2 bad input.
 * The commands are in src/cli/main.ts, so tests can run them in-process.
 */
import { runCli } from './cli/main.ts';
import { dropNotesOnClosedPipe, endQuietlyOnClosedPipe } from './cli/stream.ts';

endQuietlyOnClosedPipe(process.stdout);
dropNotesOnClosedPipe(process.stderr);
process.exitCode = await runCli(process.argv.slice(2));
