#!/usr/bin/env -S npx tsx
/**
 * `regsim`: the command line. Quiet by default, colour on a TTY, `--json`
 * for machines; exit 0 ok, 1 an expectation or check failed, 2 bad input.
 */
import { parseArgs } from 'node:util';
import { decodeUrlCommand } from './cli/decodeUrl.ts';
import { UsageError, red } from './cli/output.ts';
import { runCommand } from './cli/run.ts';
import { validateCommand } from './cli/validate.ts';

const HELP = `regsim — simulate Microsoft Entra combined security-info registration

Usage: regsim <command> [options]

Commands:
  run <scenario|dir>...        evaluate scenarios, walk their steps, check expect
      --json                   machine-readable output
      --profile observed|documented|both
                               override the scenarios' profile; both compares them
      --verbose                print each walk's trace and audit rows
  validate <scenario|dir>...   schema, semantic and machine checks (file:line:col)
  decode-url <url>             what a register?authMethods=N wizard offers
  help                         this text

Examples:
  regsim run scenarios/
  regsim run scenarios/caveat1-c-ca-strength-multifactor-sspr2.yaml --profile both
  regsim validate scenarios/
  regsim decode-url 'https://mysignins.microsoft.com/register?authMethods=1720&authMethodCount=1'
`;

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      profile: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const profile = values.profile;
  if (profile !== undefined && !['observed', 'documented', 'both'].includes(profile)) {
    throw new UsageError(`--profile must be observed, documented or both (got "${profile}")`);
  }
  switch (command) {
    case 'run':
      return runCommand(positionals, { json: values.json, profile: profile as 'observed' | 'documented' | 'both' | undefined, verbose: values.verbose });
    case 'validate':
      return validateCommand(positionals, values.json);
    case 'decode-url':
      return decodeUrlCommand(positionals[0], values.json);
    case undefined: case 'help': case '--help': case '-h':
      process.stdout.write(HELP);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"; commands: run, validate, decode-url, help`);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  // Usage mistakes and bad flags get one line, never a stack trace.
  const known = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`${red('regsim:')} ${(err as Error).message}\n${known ? 'Run `regsim help` for usage.\n' : ''}`);
  process.exitCode = 2;
}
